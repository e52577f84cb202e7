import { MAX_LIFT_BARS, profileCharts, profileFacts, shareScale } from './profile-charts';

const profile = {
  owned: [
    { product: 'P1', name: 'Chime', penetration: 0.2, lift: 1.5, members: 20 },
    { product: 'P2', name: 'Doorbell', penetration: 0.8, lift: 3.2, members: 80 },
  ],
  attributes: {
    home_type: [
      { value: 'house', share: 0.6, lift: 1.1 },
      { value: 'apartment', share: 0.4, lift: 0.9 },
    ],
    region: [{ value: 'north_east', share: 1, lift: 1 }],
  },
  activity: { mean: 12.34, median: 10, level: 'high' },
  next: { product: 'P3', name: 'Floodlight', penetration: 0.1, expected: 0.35, lacking: 90, score: 2 },
};

describe('segment profile charts', () => {
  it('turns the profile into lift and mix series, largest first, with the numbers as text', () => {
    const [lift, home, region] = profileCharts(profile);
    expect(lift.id).toBe('lift');
    expect(lift.bars).toEqual([
      { label: 'Doorbell', value: 3.2, text: '×3.2 · 80% own it' },
      { label: 'Chime', value: 1.5, text: '×1.5 · 20% own it' },
    ]);
    expect(lift.max).toBe(3.2);
    expect(home.bars.map((b) => [b.label, b.text])).toEqual([
      ['house', '60%'],
      ['apartment', '40%'],
    ]);
    expect(region.bars[0].label).toBe('north east');
    expect(profileFacts(profile)).toEqual(['Activity: high (mean 12.3)', 'Next best product: Floodlight (10% have it, 35% expected)']);
  });

  it('leaves out what a profile lacks and caps the long tail', () => {
    expect(profileCharts(null)).toEqual([]);
    expect(profileCharts({ owned: 'x' })).toEqual([]);
    const many = { owned: Array.from({ length: 15 }, (_, i) => ({ name: `P${i}`, lift: i + 1 })) };
    expect(profileCharts(many)[0].bars).toHaveLength(MAX_LIFT_BARS);
  });

  it('puts two segments on one scale per chart', () => {
    const a = profileCharts(profile);
    const b = profileCharts({ owned: [{ name: 'Chime', lift: 6 }] });
    const [sa, sb] = shareScale([a, b]);
    expect(sa[0].max).toBe(6);
    expect(sb[0].max).toBe(6);
    expect(sa[1].max).toBe(1);
  });
});
