import { scoreLoss, softplus } from './loss';

describe('link losses', () => {
  it('BPR: mean of −log σ(s⁺ − s⁻) on hand-computed inputs', () => {
    // pos 2, negatives 1 and 3: −log σ(1) = log(1 + e^−1) = 0.313262, −log σ(−1) = 1.313262.
    const r = scoreLoss('bpr', Float32Array.from([2]), Float32Array.from([1, 3]));
    expect(r.loss).toBeCloseTo((0.313262 + 1.313262) / 2, 5);
    // d/dpos = −(σ(−1) + σ(1)) / 2 = −0.5
    expect(r.dPos[0]).toBeCloseTo(-0.5, 5);
    expect(r.dNeg[0]).toBeCloseTo(1 / (1 + Math.E) / 2, 5);
  });

  it('BPR ignores masked negatives', () => {
    const r = scoreLoss('bpr', Float32Array.from([2]), Float32Array.from([1, 3]), Float32Array.from([1, 0]));
    expect(r.loss).toBeCloseTo(0.313262, 5);
    expect(r.dNeg[1]).toBe(0);
  });

  it('sampled softmax: −log softmax of the positive', () => {
    const r = scoreLoss('softmax', Float32Array.from([2, 0]), Float32Array.from([1, 3, 0, 0]));
    const first = Math.log(Math.exp(2) + Math.exp(1) + Math.exp(3)) - 2;
    const second = Math.log(3);
    expect(r.loss).toBeCloseTo((first + second) / 2, 5);
  });

  it('gradients match finite differences', () => {
    const pos = Float32Array.from([0.3, -0.2]);
    const neg = Float32Array.from([0.1, 0.5, -0.4, 0.2, 0.0, 0.9]);
    for (const kind of ['bpr', 'softmax'] as const) {
      const r = scoreLoss(kind, pos, neg);
      const h = 1e-3;
      for (let k = 0; k < neg.length; k++) {
        const up = neg.slice();
        up[k] += h;
        const down = neg.slice();
        down[k] -= h;
        expect(r.dNeg[k]).toBeCloseTo((scoreLoss(kind, pos, up).loss - scoreLoss(kind, pos, down).loss) / (2 * h), 3);
      }
    }
    expect(softplus(100)).toBeCloseTo(100, 6);
    expect(softplus(-100)).toBeGreaterThan(0);
  });
});
