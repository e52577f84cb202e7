import { createRng } from '@graphrec/graph-model';
import { ThompsonPolicy } from './policies/thompson';
import { isServedPolicy, ServedSlotPolicy, ThompsonSampleBank } from './served';
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

  describe("Thompson's sample bank (one snapshot's joint posterior draws, counted per offered set)", () => {
    const arms = [
      { product: 'A', shows: 40, clicks: 4 },
      { product: 'B', shows: 40, clicks: 7 },
      { product: 'C', shows: 5, clicks: 1 },
      { product: 'D', shows: 0, clicks: 0 },
    ];

    it('logs as propensity the exact probability its decisions are drawn with (a Monte Carlo of the served policy)', () => {
      const policy = new ServedSlotPolicy('thompson', arms, createRng(11));
      const offered = ['A', 'C', 'D'];
      const p = policy.probabilities(ctx, offered);
      const n = 60_000;
      const counts = new Float64Array(offered.length);
      let mislogged = 0;
      for (let i = 0; i < n; i++) {
        const d = policy.decide(ctx, offered);
        if (d.propensity !== p[d.index]) mislogged++;
        counts[d.index]++;
      }
      expect(mislogged).toBe(0);
      // Each frequency within 4.5 standard errors of the logged propensity.
      for (let i = 0; i < offered.length; i++) expect(Math.abs(counts[i] / n - p[i])).toBeLessThan(4.5 * Math.sqrt((p[i] * (1 - p[i])) / n));
    });

    it("estimates Thompson's probabilities as the policy's own Monte Carlo does, for any subset of the slot", () => {
      const draws = 20_000;
      const thompson = new ThompsonPolicy(createRng(3), false, draws);
      for (const a of arms) thompson.restore(a.product, a.clicks, a.shows);
      const bank = new ThompsonSampleBank(thompson, arms.map((a) => a.product), draws);
      for (const offered of [['A', 'B', 'C', 'D'], ['B', 'D'], ['C']]) {
        const fromBank = bank.probabilities(offered)!;
        const direct = thompson.probabilities(ctx, offered);
        expect(fromBank.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        // Two independent estimates of the same probabilities, 20,000 draws each (sd < 0.004).
        offered.forEach((_, i) => expect(Math.abs(fromBank[i] - direct[i])).toBeLessThan(0.02));
      }
      // A product the snapshot does not hold: no vector from the bank (the policy's own Monte Carlo answers).
      expect(bank.probabilities(['A', 'Z'])).toBeUndefined();
    });

    it('is one per snapshot: a policy keeps its vectors until its counters are replaced, and a new snapshot draws afresh', () => {
      const rng = createRng(5);
      const first = new ServedSlotPolicy('thompson', arms, rng);
      first.prepare();
      const v1 = first.probabilities(ctx, ['A', 'B']);
      expect(first.probabilities(ctx, ['A', 'B'])).toBe(v1);
      // Held vectors of one snapshot are mutually consistent (counted on the same rows): B beats A
      // on a row, so it beats it in any superset too.
      expect(first.probabilities(ctx, ['A', 'B', 'C'])[1]).toBeLessThanOrEqual(v1[1] + 1e-12);
      const moved = new ServedSlotPolicy('thompson', [{ product: 'A', shows: 400, clicks: 200 }, ...arms.slice(1)], rng);
      expect(moved.probabilities(ctx, ['A', 'B'])[0]).toBeGreaterThan(0.95);
      expect(moved.version).not.toBe(first.version);
    });
  });
});
