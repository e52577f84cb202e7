import { createRng } from '@graphrec/graph-model';
import { baggedRaw, freeBagged, stratifiedFolds, trainBaggedPropensity } from './bagging';
import { rocAuc } from './metrics';

describe('stratifiedFolds', () => {
  it('deals each class round-robin: every fold gets ⌊m/k⌋ or ⌈m/k⌉ of the positives and of the negatives', () => {
    const labels = Array.from({ length: 103 }, (_, i) => (i % 10 === 0 ? 1 : 0)); // 11 positives, 92 negatives
    const folds = stratifiedFolds(labels, 5, 3);
    for (let f = 0; f < 5; f++) {
      const pos = labels.filter((y, i) => y === 1 && folds[i] === f).length;
      const neg = labels.filter((y, i) => y === 0 && folds[i] === f).length;
      expect([2, 3]).toContain(pos);
      expect([18, 19]).toContain(neg);
    }
  });

  it('is seeded: the same seed gives the same folds, another seed others', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 7 === 0 ? 1 : 0);
    expect(stratifiedFolds(labels, 4, 9)).toEqual(stratifiedFolds(labels, 4, 9));
    expect(stratifiedFolds(labels, 4, 9)).not.toEqual(stratifiedFolds(labels, 4, 10));
  });

  it('refuses a fold count outside 2..255', () => {
    expect(() => stratifiedFolds([0, 1], 1, 1)).toThrow(RangeError);
    expect(() => stratifiedFolds([0, 1], 2.5, 1)).toThrow(RangeError);
  });
});

describe('trainBaggedPropensity (real XGBoost)', () => {
  it('trains one booster per fold, calibrates on out-of-fold scores and ranks held-out rows by the signal', () => {
    const rng = createRng(5);
    const n = 3000;
    const d = 3;
    const make = (m: number) => {
      const x = new Float32Array(m * d);
      const y = new Uint8Array(m);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < d; j++) x[i * d + j] = rng();
        y[i] = rng() < 0.02 + 0.3 * x[i * d] ** 2 ? 1 : 0; // only column 0 carries signal
      }
      return { x, y };
    };
    const train = make(n);
    const test = make(1000);
    const bag = trainBaggedPropensity(train, { seed: 1, folds: 4, columns: d, maxRounds: 60 });
    try {
      expect(bag.boosters).toHaveLength(4);
      expect(bag.rounds.every((r) => r >= 1 && r <= 60)).toBe(true);
      expect(bag.outOfFold).toHaveLength(n);
      // The isotonic map is increasing and within [0, 1].
      expect(bag.calibration.ys.every((v, i, a) => v >= 0 && v <= 1 && (i === 0 || v >= a[i - 1]))).toBe(true);
      const raw = baggedRaw(bag, test.x, 1000);
      const truth = Float64Array.from({ length: 1000 }, (_, i) => test.x[i * d]);
      // The bag ranks the held-out rows close to the true signal's ranking (random would be 0.5).
      expect(rocAuc(raw, test.y)).toBeGreaterThan(rocAuc(truth, test.y) - 0.08);
      expect(rocAuc(raw, test.y)).toBeGreaterThan(0.65);
    } finally {
      freeBagged(bag);
    }
  });
});
