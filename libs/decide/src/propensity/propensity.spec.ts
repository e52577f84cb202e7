import { withExtra } from './evaluate';
import { fitIsotonic, fitPlatt } from './calibration';
import { fitLogistic } from './logistic';
import { expectedCalibrationError, prAuc, reliabilityBins, rocAuc } from './metrics';
import { createRng } from '@graphrec/graph-model';

describe('propensity metrics (hand-computed)', () => {
  it('AUC counts ordered pairs, ties half', () => {
    // positives 0.8, 0.4; negatives 0.6, 0.2: pairs (0.8>0.6, 0.8>0.2, 0.4<0.6, 0.4>0.2) = 3/4
    expect(rocAuc([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.5, 0.5], [1, 0])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0.1, 0.9], [0, 1])).toBe(1);
    expect(rocAuc([0.1, 0.9], [1, 1])).toBeNaN();
  });

  it('PR-AUC is the mean precision at each positive', () => {
    // ranked: 0.8 (pos, P=1), 0.6 (neg), 0.4 (pos, P=2/3), 0.2 (neg): (1 + 2/3) / 2
    expect(prAuc([0.8, 0.6, 0.4, 0.2], [1, 0, 1, 0])).toBeCloseTo(5 / 6, 12);
  });

  it('ECE over equal-mass bins', () => {
    // two bins of two: predicted 0.1 (observed 0) and 0.5 (observed 1) → 0.5·0.1 + 0.5·0.5 = 0.3
    expect(expectedCalibrationError([0.1, 0.1, 0.5, 0.5], [0, 0, 1, 1], 2)).toBeCloseTo(0.3, 12);
    expect(reliabilityBins([0.1, 0.1, 0.5, 0.5], [0, 0, 1, 1], 2)).toEqual([
      { predicted: 0.1, observed: 0, count: 2 },
      { predicted: 0.5, observed: 1, count: 2 },
    ]);
  });
});

describe('calibration', () => {
  it('isotonic regression pools adjacent violators and is monotone', () => {
    const f = fitIsotonic([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    // (0.2: 1, 0.3: 0) violate: pooled to 0.5
    expect(f(0.1)).toBe(0);
    expect(f(0.25)).toBeCloseTo(0.5, 12);
    expect(f(0.4)).toBe(1);
    expect(f(0.05)).toBe(0);
    expect(f(0.9)).toBe(1);
  });

  it('isotonic and Platt turn a miscalibrated score into calibrated probabilities', () => {
    const rng = createRng(3);
    const n = 20_000;
    const truth = Float64Array.from({ length: n }, () => 0.02 + 0.2 * rng());
    const labels = Uint8Array.from(truth, (p) => (rng() < p ? 1 : 0));
    const score = truth.map((p) => Math.sqrt(p)); // monotone, badly calibrated
    expect(expectedCalibrationError(score, labels)).toBeGreaterThan(0.15);
    for (const fit of [fitIsotonic, fitPlatt]) {
      const f = fit(score, labels);
      expect(expectedCalibrationError(score.map(f), labels)).toBeLessThan(0.02);
    }
  });
});

describe('logistic regression', () => {
  it('recovers a separating direction and predicts the base rate of an uninformative feature', () => {
    const rng = createRng(5);
    const n = 4_000;
    const rows = new Float32Array(n * 2);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      rows[i * 2] = rng() * 4 - 2;
      rows[i * 2 + 1] = rng();
      labels[i] = rng() < 1 / (1 + Math.exp(-3 * rows[i * 2])) ? 1 : 0;
    }
    const model = fitLogistic(rows, n, 2, labels, 1);
    expect(model.predict(Float32Array.of(1, 0.5))).toBeGreaterThan(0.9);
    expect(model.predict(Float32Array.of(-1, 0.5))).toBeLessThan(0.1);
    expect(model.predict(Float32Array.of(0, 0.5))).toBeCloseTo(0.5, 1);
  });
});

describe('extra feature columns', () => {
  it('appends each user’s extra values after their base row, and refuses a mismatched size', () => {
    const base = Float32Array.of(1, 2, 3, 4, 5, 6); // 2 users × 3
    const out = withExtra(base, 2, { names: ['x'], values: Float32Array.of(9, Number.NaN) });
    expect(Array.from(out)).toEqual([1, 2, 3, 9, 4, 5, 6, Number.NaN]);
    expect(withExtra(base, 2)).toBe(base);
    expect(() => withExtra(base, 2, { names: ['x', 'y'], values: Float32Array.of(1, 2, 3) })).toThrow(RangeError);
  });
});
