import { coEngagement, similarProducts } from './product-stats';

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

  it('ranks nearest products by dot product and attaches shares', () => {
    const co = coEngagement(held, 3);
    // 2-d unit vectors: product 1 close to 0, product 2 orthogonal to 0.
    const v = Float32Array.from([1, 0, 0.8, 0.6, 0, 1]);
    const pairs = similarProducts(v, 2, 1, co);
    expect(pairs).toHaveLength(3);
    expect(pairs[0]).toMatchObject({ from: 0, to: 1, rank: 1, coUsers: 2 });
    expect(pairs[0].score).toBeCloseTo(0.8);
    expect(pairs[0].share).toBeCloseTo(2 / 3);
    expect(pairs[2]).toMatchObject({ from: 2, to: 1, rank: 1, coUsers: 1, share: 0.5 });
    expect(() => similarProducts(v, 4, 1, co)).toThrow(RangeError);
  });
});
