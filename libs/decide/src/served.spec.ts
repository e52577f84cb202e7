import { createRng } from '@graphrec/graph-model';
import { isServedPolicy, ServedSlotPolicy } from './served';
import type { DecisionContext } from './types';

const ctx: DecisionContext = { userId: 'u', segment: '', features: {} };

describe('ServedSlotPolicy (a slot policy rebuilt from shared counters)', () => {
  it('Thompson restored from counters favours the product with the better posterior, and its propensity is the drawn probability', () => {
    const arms = [
      { product: 'A', shows: 200, clicks: 2 },
      { product: 'B', shows: 200, clicks: 60 },
      { product: 'C', shows: 0, clicks: 0 },
    ];
    const policy = new ServedSlotPolicy('thompson', arms, createRng(7));
    const p = policy.probabilities(ctx, ['A', 'B']);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[0] + p[1]).toBeCloseTo(1, 12);
    const seen = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      const d = policy.decide(ctx, ['A', 'B']);
      expect(d.propensity).toBe(p[d.index]);
      seen.set(d.index, (seen.get(d.index) ?? 0) + 1);
    }
    expect(seen.get(1) ?? 0).toBeGreaterThan(400);
    expect(policy.version).toBe('thompson@462');
  });

  it('moves with its counters: after clicks on C, C wins', () => {
    const before = new ServedSlotPolicy('thompson', [{ product: 'C', shows: 0, clicks: 0 }, { product: 'B', shows: 50, clicks: 5 }], createRng(1)).probabilities(ctx, ['B', 'C']);
    const after = new ServedSlotPolicy('thompson', [{ product: 'C', shows: 50, clicks: 30 }, { product: 'B', shows: 50, clicks: 5 }], createRng(1)).probabilities(ctx, ['B', 'C']);
    expect(after[1]).toBeGreaterThan(before[1]);
    expect(after[1]).toBeGreaterThan(0.9);
  });

  it('ε-greedy and UCB1 restore their counts exactly; uniform ignores them', () => {
    const arms = [
      { product: 'A', shows: 10, clicks: 1 },
      { product: 'B', shows: 10, clicks: 5 },
    ];
    const eps = new ServedSlotPolicy('epsilon-greedy', arms, createRng(1)).probabilities(ctx, ['A', 'B']);
    expect(eps[0]).toBeCloseTo(0.05, 12);
    expect(eps[1]).toBeCloseTo(0.95, 12);
    // An untried product comes first for UCB1.
    expect(Array.from(new ServedSlotPolicy('ucb1', arms, createRng(1)).probabilities(ctx, ['A', 'B', 'Z']))).toEqual([0, 0, 1]);
    expect(Array.from(new ServedSlotPolicy('uniform', arms, createRng(1)).probabilities(ctx, ['A', 'B']))).toEqual([0.5, 0.5]);
  });

  it('refuses impossible counters and names only the served policies', () => {
    expect(() => new ServedSlotPolicy('thompson', [{ product: 'A', shows: 1, clicks: 2 }], createRng(1))).toThrow(/clicks 2 of 1/);
    expect(isServedPolicy('thompson')).toBe(true);
    expect(isServedPolicy('contextual')).toBe(false);
  });
});
