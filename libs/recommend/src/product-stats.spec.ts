import { coEngagement, relatedScore, similarProducts } from './product-stats';

// Users hold products: u0 {0,1}, u1 {0,1,2}, u2 {0}, u3 {2}.
const held = {
  offsets: Int32Array.from([0, 2, 5, 6, 7]),
  targets: Int32Array.from([0, 1, 0, 1, 2, 0, 2]),
  weights: new Float32Array(7).fill(1),
};

describe('product statistics for serving', () => {
  it('counts holders and co-holders symmetrically', () => {
    const co = coEngagement(held, 3);
    expect(Array.from(co.holders)).toEqual([3, 2, 2]);
    expect(co.both(0, 1)).toBe(2);
    expect(co.both(1, 0)).toBe(2);
    expect(co.both(1, 2)).toBe(1);
    expect(co.both(2, 2)).toBe(2);
  });

  it('ranks by cosine when co-engagement is left out, and attaches shares', () => {
    const co = coEngagement(held, 3);
    // 2-d unit vectors: product 1 close to 0, product 2 orthogonal to 0.
    const v = Float32Array.from([1, 0, 0.8, 0.6, 0, 1]);
    const pairs = similarProducts(v, 2, 1, co, { shareWeight: 0 });
    expect(pairs).toHaveLength(3);
    expect(pairs[0]).toMatchObject({ from: 0, to: 1, rank: 1, coUsers: 2 });
    expect(pairs[0].score).toBeCloseTo(0.8);
    expect(pairs[0].cosine).toBeCloseTo(0.8);
    expect(pairs[0].share).toBeCloseTo(2 / 3);
    expect(pairs[2]).toMatchObject({ from: 2, to: 1, rank: 1, coUsers: 1, share: 0.5 });
    expect(() => similarProducts(v, 4, 1, co)).toThrow(RangeError);
  });

  it('adds the shrunk co-engagement share: what holders also have can outrank a look-alike', () => {
    const co = coEngagement(held, 3);
    // From product 0 (3 holders): product 2 looks alike (cosine 0.8, 1 co-holder), product 1 does
    // not (cosine 0, 2 co-holders).
    const v = Float32Array.from([1, 0, 0, 1, 0.8, 0.6]);
    const top = (options: Parameters<typeof similarProducts>[4]) => similarProducts(v, 2, 1, co, options).find((p) => p.from === 0);
    // Unshrunk: 1 scores 8·2/3 = 5.33, 2 scores 0.8 + 8/3 = 3.47.
    expect(top({ shareShrinkage: 0 })).toMatchObject({ to: 1, coUsers: 2 });
    // Default (10 pseudo-holders): 3 holders are little evidence, the look-alike stays first.
    expect(top({})).toMatchObject({ to: 2, cosine: expect.closeTo(0.8, 5) });
    expect(top({})!.score).toBeCloseTo(relatedScore(0.8, 1, 3));
    expect(relatedScore(0.8, 1, 3)).toBeCloseTo(0.8 + 8 / 13);
    // With many holders the share weighs fully; without any, the cosine alone remains.
    expect(relatedScore(0, 500, 1000)).toBeCloseTo((8 * 500) / 1010);
    expect(relatedScore(0.3, 0, 0)).toBeCloseTo(0.3);
  });
});
