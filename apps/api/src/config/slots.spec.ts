import { loadConfig } from './config';
import { DEFAULT_SLOTS, parseSlots } from './slots';

describe('slot configuration (GRAPHREC_SLOTS)', () => {
  it('defaults to the demo placements with thompson, a 7-day window and a 1 s refresh', () => {
    const { decide } = loadConfig({});
    expect(decide.slots.map((s) => [s.id, s.policy])).toEqual([
      ['app-home', 'thompson'],
      ['email', 'thompson'],
      ['checkout', 'thompson'],
    ]);
    expect(decide.attributionWindowDays).toBe(7);
    expect(decide.refreshMs).toBe(1000);
    expect(parseSlots('')).toEqual(DEFAULT_SLOTS);
  });

  it('reads slots with their products, categories and policy', () => {
    expect(parseSlots('[{"id":"home","categories":["chime"]},{"id":"mail","policy":"ucb1","products":["P-1"]}]')).toEqual([
      { id: 'home', policy: 'thompson', productIds: [], categories: ['chime'] },
      { id: 'mail', policy: 'ucb1', productIds: ['P-1'], categories: [] },
    ]);
    expect(loadConfig({ GRAPHREC_ATTRIBUTION_DAYS: '14' }).decide.attributionWindowDays).toBe(14);
  });

  it('refuses a malformed configuration at start, naming what is wrong', () => {
    expect(() => parseSlots('{')).toThrow(/JSON list/);
    expect(() => parseSlots('[{"id":"a","policy":"contextual","categories":["chime"]}]')).toThrow(/GRAPHREC_SLOTS 0.policy/);
    expect(() => parseSlots('[{"id":"a"}]')).toThrow(/eligible products or categories/);
    expect(() => parseSlots('[{"id":"a","categories":["chime"]},{"id":"a","products":["x"]}]')).toThrow(/unique/);
    expect(() => parseSlots('[{"id":"a","categories":["toaster"]}]')).toThrow(/categories/);
    expect(() => parseSlots('[{"id":"a","categories":["chime"],"extra":1}]')).toThrow(/GRAPHREC_SLOTS/);
    expect(() => loadConfig({ GRAPHREC_ATTRIBUTION_DAYS: '9999' })).toThrow(/GRAPHREC_ATTRIBUTION_DAYS/);
  });
});
