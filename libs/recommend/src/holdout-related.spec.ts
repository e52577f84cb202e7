import { coEngagement } from './product-stats';
import { bySimilarProducts, rankBy, relatedHitRate } from './holdout-related';

describe('relatedHitRate', () => {
  // User 0 had products 0 and 1, then bought 2; user 1 had 2, then bought 0 (and 2 again).
  const had = [new Set([0, 1]), new Set([2])];
  const held = (u: number) => had[u];
  const purchases = [
    { user: 0, product: 2 },
    { user: 1, product: 0 },
    { user: 1, product: 2 },
  ];

  it('scores each (product the user had, held-back purchase) pair, never a product against itself', () => {
    // Related lists: 0 → [2], 1 → [3], 2 → [1].
    const lists: Record<number, number[]> = { 0: [2], 1: [3], 2: [1] };
    const result = relatedHitRate(purchases, held, (anchor) => lists[anchor], 1);
    // Pairs: (0→2) hit, (1→2) miss, (2→0) miss; (2→2) skipped.
    expect(result).toEqual({ pairs: 3, hitRate: 1 / 3 });
  });

  it('asks the ranker once per anchor', () => {
    const calls: number[] = [];
    relatedHitRate([...purchases, ...purchases], held, (anchor) => (calls.push(anchor), []), 5);
    expect(calls.sort()).toEqual([0, 1, 2]);
  });
});

describe('rankers', () => {
  it('rankBy leaves the anchor out and breaks ties to the lower index', () => {
    const byHolders = rankBy(4, (_, other) => [5, 9, 5, 1][other]);
    expect(Array.from(byHolders(1, 2))).toEqual([0, 2]);
    expect(Array.from(byHolders(0, 3))).toEqual([1, 2, 3]);
  });

  it('bySimilarProducts ranks as SIMILAR_TO is written: cosine alone, or with the co-engagement share', () => {
    const s = Math.SQRT1_2;
    const vectors = Float32Array.from([1, 0, s, s, 0, 1, -1, 0]);
    // 40 users hold products 0 and 3 together: the share outweighs 3's opposite direction.
    const held = { offsets: Int32Array.from({ length: 41 }, (_, u) => 2 * u), targets: Int32Array.from({ length: 80 }, (_, i) => (i % 2 ? 3 : 0)), weights: new Float32Array(80).fill(1) };
    const co = coEngagement(held, 4);
    expect(Array.from(bySimilarProducts(vectors, 2, co, { cosineOnly: true })(0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(bySimilarProducts(vectors, 2, co, { cosineOnly: true })(2, 1))).toEqual([1]);
    expect(Array.from(bySimilarProducts(vectors, 2, co)(0, 3))).toEqual([3, 1, 2]);
  });
});
