import { trainDataFrom } from './recommender';
import { applyWeighting, parseWeighting, weigh, weightingLabel } from './weighting';

describe('implicit weighting', () => {
  it('transforms counts', () => {
    expect(weigh({ kind: 'binary' }, 7)).toBe(1);
    expect(weigh({ kind: 'log1p' }, 7)).toBeCloseTo(Math.log(8), 12);
    expect(weigh({ kind: 'confidence', alpha: 2, epsilon: 10 }, 30)).toBeCloseTo(1 + 2 * Math.log(4), 12);
    expect(weigh({ kind: 'log1p' }, 0)).toBe(0);
  });

  it('keeps the pattern and leaves the input alone', () => {
    const t = trainDataFrom(1, 2, { users: Int32Array.from([0, 0]), items: Int32Array.from([0, 1]), weights: Float32Array.from([3, 100]) });
    const w = applyWeighting(t, { kind: 'binary' });
    expect(Array.from(w.matrix.weights)).toEqual([1, 1]);
    expect(Array.from(t.matrix.weights)).toEqual([3, 100]);
    expect(w.matrix.targets).toBe(t.matrix.targets);
  });

  it('round-trips labels', () => {
    for (const label of ['binary', 'log1p', 'conf(a=2,e=0.5)']) expect(weightingLabel(parseWeighting(label))).toBe(label);
    expect(() => parseWeighting('sqrt')).toThrow(RangeError);
  });
});
