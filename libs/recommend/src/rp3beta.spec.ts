import { Rp3betaRecommender } from './rp3beta';
import { tinyTrain } from './testing';

describe('Rp3betaRecommender', () => {
  // tinyTrain: u0 {0, 1}, u1 {0, 1, 2}, u2 {0, 2}, u3 {3}; item degrees [3, 2, 2, 1], user degrees [2, 3, 2, 1].
  it('walks user → item → user → item and divides by deg(j)^β (hand-checked, α 1, β 0.5)', () => {
    const model = new Rp3betaRecommender({ alpha: 1, beta: 0.5 });
    model.fit(tinyTrain());
    // p(1→2) = 1/deg(1) · 1/deg(u1) = 1/2 · 1/3 (u1 is the only user with both); W12 = p / √deg(2).
    // p(0→2) = 1/3 · (1/3 + 1/2) (via u1 and u2); W02 = p / √2.
    // u0 has {0, 1}: score(2) = W02 + W12.
    const w12 = 1 / 6 / Math.SQRT2;
    const w02 = (1 / 3) * (1 / 3 + 1 / 2) / Math.SQRT2;
    const s = model.scoreAll(0);
    expect(s[2]).toBeCloseTo(w02 + w12, 6);
    expect(s[3]).toBe(0);
    expect(Array.from(model.recommend(0, 2))).toEqual([2, 3]);
    // u3's only item co-occurs with nothing: every score 0.
    expect(Array.from(model.scoreAll(3))).toEqual([0, 0, 0, 0]);
  });

  it('β divides by the target’s degree: u2’s score for item 1 halves from β 0 to β 1 (deg 2)', () => {
    const plain = new Rp3betaRecommender({ alpha: 1, beta: 0 });
    const penalised = new Rp3betaRecommender({ alpha: 1, beta: 1 });
    plain.fit(tinyTrain());
    penalised.fit(tinyTrain());
    // u2 {0, 2} → item 1: p(0→1) = 1/3·(1/2 + 1/3), p(2→1) = 1/2·1/3; deg(1) = 2.
    const p = (1 / 3) * (1 / 2 + 1 / 3) + (1 / 2) * (1 / 3);
    expect(plain.score(2, Int32Array.from([1]))[0]).toBeCloseTo(p, 6);
    expect(penalised.score(2, Int32Array.from([1]))[0]).toBeCloseTo(p / 2, 6);
  });

  it('keeps only the top neighbours when pruned', () => {
    const model = new Rp3betaRecommender({ neighbours: 1 });
    model.fit(tinyTrain());
    expect(() => new Rp3betaRecommender({ neighbours: 0 })).toThrow(RangeError);
    // u0 {0, 1}: item 0 keeps one neighbour, item 1 keeps one; item 2 is reachable from one of them at most.
    expect(model.recommend(0, 1).length).toBe(1);
  });
});
