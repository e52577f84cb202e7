import { DecisionIds } from './decision-ids';

describe('DecisionIds', () => {
  it('gives dec- and 24 hex digits, never the same id twice across pool refills', () => {
    const ids = new DecisionIds();
    const seen = new Set<string>();
    // 1,000 ids span four refills of the 256-id pool.
    for (let i = 0; i < 1_000; i++) {
      const id = ids.take();
      expect(id).toMatch(/^dec-[0-9a-f]{24}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1_000);
  });

  it('draws independent pools per instance (two processes do not share a sequence)', () => {
    const a = new DecisionIds();
    const b = new DecisionIds();
    expect(a.take()).not.toBe(b.take());
  });
});
