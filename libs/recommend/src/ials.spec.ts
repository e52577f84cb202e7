import { choleskySolve, IalsRecommender } from './ials';
import { trainDataFrom } from './recommender';
import { tinyTrain } from './testing';

describe('IalsRecommender', () => {
  it('choleskySolve solves a hand-checked 2 × 2 system', () => {
    // [[4, 2], [2, 3]] x = [2, 1] → x = [0.5, 0].
    const A = Float64Array.from([4, 2, 0, 3]);
    const b = Float64Array.from([2, 1]);
    choleskySolve(A, b, 2);
    expect(b[0]).toBeCloseTo(0.5, 12);
    expect(b[1]).toBeCloseTo(0, 12);
  });

  it('one factor, one user, one item: the fixed point of the two ridge equations', () => {
    // x = (1+α) y / ((1+α) y² + λ) and y alike; with α 1, λ 1: x = y, 2x² + 1 = 2 → x² = 1/2.
    const t = trainDataFrom(1, 1, { users: Int32Array.from([0]), items: Int32Array.from([0]) });
    const model = new IalsRecommender({ factors: 1, alpha: 1, regularization: 1, iterations: 200, seed: 3 });
    model.fit(t);
    expect(model.score(0, Int32Array.from([0]))[0]).toBeCloseTo(0.5, 4);
  });

  it('ranks the item co-used with a user’s items above an unrelated one (tinyTrain)', () => {
    const model = new IalsRecommender({ factors: 3, regularization: 0.1, alpha: 10, iterations: 20, seed: 1 });
    model.fit(tinyTrain());
    // u0 {0, 1}: item 2 shares users with both, item 3 with none.
    expect(Array.from(model.recommend(0, 2))).toEqual([2, 3]);
    const s = model.score(0, Int32Array.from([0, 1, 2, 3]));
    expect(s[0]).toBeGreaterThan(s[3]);
    expect(() => new IalsRecommender({ factors: 0 })).toThrow(RangeError);
  });
});
