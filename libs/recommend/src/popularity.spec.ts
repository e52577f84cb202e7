import { buildCsr } from '@graphrec/graph-model';

const csrFromPairs = (nRows: number, nCols: number, rows: Int32Array, cols: Int32Array) =>
  buildCsr(nRows, nCols, rows, cols, new Float32Array(rows.length).fill(1)).csr;
import { fitBetaPrior, PopularityRecommender, posteriorMeans } from './popularity';
import { tinyTrain } from './testing';

describe('Beta prior', () => {
  it('fits by the method of moments', () => {
    // Rates [0.75, 0.5, 0.5, 0.25]: mean 0.5, variance 0.03125, α + β = 0.25 / 0.03125 − 1 = 7.
    const prior = fitBetaPrior([3, 2, 2, 1], [4, 4, 4, 4]);
    expect(prior.alpha).toBeCloseTo(3.5, 10);
    expect(prior.beta).toBeCloseTo(3.5, 10);
  });

  it('recovers the moments of an asymmetric spread', () => {
    const rates = [0.1, 0.2, 0.3];
    const prior = fitBetaPrior(rates.map((r) => r * 100), [100, 100, 100]);
    const m = prior.alpha / (prior.alpha + prior.beta);
    const v = (prior.alpha * prior.beta) / ((prior.alpha + prior.beta) ** 2 * (prior.alpha + prior.beta + 1));
    expect(m).toBeCloseTo(0.2, 10);
    expect(v).toBeCloseTo(0.02 / 3, 10);
  });

  it('falls back to Beta(1, 1) when degenerate', () => {
    expect(fitBetaPrior([2, 2], [4, 4])).toEqual({ alpha: 1, beta: 1 }); // no spread
    expect(fitBetaPrior([1], [4])).toEqual({ alpha: 1, beta: 1 }); // one item
    expect(fitBetaPrior([0, 0], [4, 5])).toEqual({ alpha: 1, beta: 1 }); // mean 0
    expect(fitBetaPrior([0, 4], [4, 4])).toEqual({ alpha: 1, beta: 1 }); // variance at the Bernoulli limit
    expect(fitBetaPrior([1, 2], [0, 0])).toEqual({ alpha: 1, beta: 1 }); // no trials
  });

  it('computes posterior means (s + α) / (n + α + β)', () => {
    expect(Array.from(posteriorMeans([1, 0], [1, 10], { alpha: 1, beta: 1 }))).toEqual([Math.fround(2 / 3), Math.fround(1 / 12)]);
  });
});

describe('PopularityRecommender', () => {
  it('ranks by smoothed share of users, ties by item index', () => {
    const model = new PopularityRecommender();
    model.fit(tinyTrain());
    expect(model.prior?.alpha).toBeCloseTo(3.5, 6);
    expect(model.itemScores()[0]).toBeCloseTo(6.5 / 11, 6);
    expect(Array.from(model.recommend(3, 3))).toEqual([0, 1, 2]);
    expect(Array.from(model.score(0, Int32Array.from([3, 0])))).toEqual([Math.fround(4.5 / 11), Math.fround(6.5 / 11)]);
  });

  it('shrinks a small sample: purchases over views', () => {
    // Item 0: 1 purchase of 1 view; item 1: 3 purchases of 5 views; item 2: 0 of 4.
    const views = csrFromPairs(5, 3, Int32Array.from([0, 0, 1, 2, 3, 4, 1, 2, 3, 4]), Int32Array.from([0, 1, 1, 1, 1, 1, 2, 2, 2, 2]));
    const buys = csrFromPairs(5, 3, Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 1, 1, 1]));
    const train = { users: 5, items: 3, matrix: buys };
    const fixed = new PopularityRecommender({ conversions: { successes: buys, trials: views }, prior: { alpha: 2, beta: 2 } });
    fixed.fit(train);
    // (1 + 2) / (1 + 4) = 0.6 vs (3 + 2) / (5 + 4) ≈ 0.556 vs 2 / 8.
    expect(Array.from(fixed.itemScores())).toEqual([0.6, 5 / 9, 0.25].map(Math.fround));
    const fittedPrior = new PopularityRecommender({ conversions: { successes: buys, trials: views } });
    fittedPrior.fit(train);
    // Rates [1, 0.6, 0]: m = 8/15, v = 0.16889, α + β = m(1 − m)/v − 1 = 0.47368 → α ≈ 0.2526, β ≈ 0.2211.
    // Three items give a weak prior, so the 1-of-1 item still leads; Beta(2, 2) above pulled it harder.
    expect(fittedPrior.prior?.alpha).toBeCloseTo(0.2526, 4);
    expect(fittedPrior.prior?.beta).toBeCloseTo(0.2211, 4);
    expect(Array.from(fittedPrior.recommend(4, 3, { includeSeen: true }))).toEqual([0, 1, 2]);
  });

  it('never lets a rate exceed 1 when a purchase had no recorded view', () => {
    const buys = csrFromPairs(2, 1, Int32Array.from([0, 1]), Int32Array.from([0, 0]));
    const views = csrFromPairs(2, 1, Int32Array.from([0]), Int32Array.from([0]));
    const model = new PopularityRecommender({ conversions: { successes: buys, trials: views }, prior: { alpha: 1, beta: 1 } });
    model.fit({ users: 2, items: 1, matrix: buys });
    expect(model.itemScores()[0]).toBeCloseTo(3 / 4, 6);
  });
});
