import { estimateReplay, estimateWeighted, roundsForPrecision, weightSummary, type RoundTerms } from './estimators';

/**
 * Four logged rounds, two actions (A, B); the target always shows A; the reward model predicts
 * r̂(A) = 0.5, r̂(B) = 0.25 everywhere.
 *   round  logged  μ(logged)  reward   w = π/μ
 *   1      A       0.5        1        2
 *   2      B       0.5        0        0
 *   3      A       0.8        0        1.25
 *   4      B       0.2        1        0
 */
const terms: RoundTerms = {
  weight: Float64Array.from([2, 0, 1.25, 0]),
  reward: Float64Array.from([1, 0, 0, 1]),
  direct: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
  predicted: Float64Array.from([0.5, 0.25, 0.5, 0.25]),
};

describe('off-policy estimators on a hand-computed log', () => {
  it('IPS, SNIPS, DR and the effective sample size', () => {
    const e = estimateWeighted(terms, { bootstrap: 0 });
    expect(e.ips.value).toBeCloseTo(2 / 4, 12); // (2·1 + 0 + 1.25·0 + 0) / 4
    expect(e.snips.value).toBeCloseTo(2 / 3.25, 12); // Σ w r / Σ w
    expect(e.dr.value).toBeCloseTo((1.5 + 0.5 - 0.125 + 0.5) / 4, 12); // 0.5 + w (r − r̂) per round
    expect(e.ips.ess).toBeCloseTo(3.25 ** 2 / (4 + 1.5625), 12);
  });

  it('clips weights at M and says how many', () => {
    expect(estimateWeighted(terms, { bootstrap: 0, clip: 1.5 }).ips.value).toBeCloseTo(1.5 / 4, 12);
    expect(weightSummary(terms.weight, 1.5)).toEqual({ max: 2, mean: 3.25 / 4, clip: 1.5, clipped: 1 });
    expect(weightSummary(terms.weight, Infinity).clip).toBeNull();
  });

  it('bootstrap intervals hold the estimate and repeat for a seed', () => {
    const a = estimateWeighted(terms, { bootstrap: 300, seed: 9 });
    const b = estimateWeighted(terms, { bootstrap: 300, seed: 9 });
    expect(a).toEqual(b);
    for (const e of Object.values(a)) {
      expect(e.ci_low).toBeLessThanOrEqual(e.value);
      expect(e.ci_high).toBeGreaterThanOrEqual(e.value);
    }
  });

  it('replay averages the rewards of the rounds where the target agrees with the log', () => {
    const e = estimateReplay(Uint8Array.from([1, 0, 1, 0]), terms.reward, { bootstrap: 0 });
    expect(e).toEqual({ value: 0.5, ci_low: 0.5, ci_high: 0.5, ess: 2 });
  });
});

describe('roundsForPrecision', () => {
  it('scales the rounds by the square of how far the interval is from the wanted precision', () => {
    // ±20% of 0.1 on 1,000 rounds: ±10% needs four times the rounds, ±40% a quarter of them.
    const estimate = { value: 0.1, ci_low: 0.08, ci_high: 0.12, ess: 100 };
    expect(roundsForPrecision(1000, estimate, 0.1)).toBe(4000);
    expect(roundsForPrecision(1000, estimate, 0.4)).toBe(250);
  });
  it('says nothing when the interval is empty or the value zero', () => {
    expect(roundsForPrecision(1000, { value: 0.1, ci_low: 0.1, ci_high: 0.1, ess: 1 }, 0.1)).toBeUndefined();
    expect(roundsForPrecision(1000, { value: 0, ci_low: -0.1, ci_high: 0.1, ess: 1 }, 0.1)).toBeUndefined();
    expect(roundsForPrecision(1000, { value: 0.1, ci_low: NaN, ci_high: NaN, ess: 1 }, 0.1)).toBeUndefined();
  });
});
