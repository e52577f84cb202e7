/**
 * Related items on a generated world's held-back purchases: for every held-back purchase (u, q)
 * and every product a that u already had (owned or bought before the held-back period, a ≠ q),
 * the pair counts as a hit when q is among the k items related to a. That is the question
 * `relatedItems` answers on a product page ("owners of a also buy …"), scored on purchases no
 * model saw.
 */
import { CoEngagement, similarProducts } from './product-stats';
import { TopK } from './topk';

/** The k products most related to `anchor` (never the anchor itself), best first. */
export type RelatedRanker = (anchor: number, k: number) => ArrayLike<number>;

export interface RelatedHitRate {
  /** Share of (anchor, held-back purchase) pairs whose purchase is in the anchor's top k. */
  hitRate: number;
  /** Pairs scored. */
  pairs: number;
}

export function relatedHitRate(
  purchases: readonly { user: number; product: number }[],
  held: (user: number) => ReadonlySet<number>,
  ranker: RelatedRanker,
  k: number,
): RelatedHitRate {
  const lists = new Map<number, Set<number>>();
  const related = (anchor: number): Set<number> => {
    let list = lists.get(anchor);
    if (!list) lists.set(anchor, (list = new Set(Array.from(ranker(anchor, k)))));
    return list;
  };
  let pairs = 0;
  let hits = 0;
  for (const { user, product } of purchases) {
    for (const anchor of held(user)) {
      if (anchor === product) continue;
      pairs++;
      if (related(anchor).has(product)) hits++;
    }
  }
  return { hitRate: pairs ? hits / pairs : 0, pairs };
}

/** Top k other products by a score per product (ties to the lower index). */
export function rankBy(count: number, score: (anchor: number, other: number) => number): RelatedRanker {
  return (anchor, k) => {
    const heap = new TopK(Math.min(k, count - 1));
    for (let p = 0; p < count; p++) if (p !== anchor) heap.push(p, score(anchor, p));
    return heap.result().items;
  };
}

/**
 * Related items as `similarProducts` ranks them: the code that writes SIMILAR_TO, so the figure is
 * about what is served, not a copy of it. `cosineOnly` leaves the co-engagement share out.
 */
export function bySimilarProducts(vectors: Float32Array, dimension: number, co: CoEngagement, options: { cosineOnly?: boolean } = {}): RelatedRanker {
  const count = vectors.length / dimension;
  const lists: number[][] = Array.from({ length: count }, () => []);
  // Pairs come best first per product; asking for every other product keeps any k answerable.
  for (const pair of similarProducts(vectors, dimension, count - 1, co, options.cosineOnly ? { shareWeight: 0 } : {})) lists[pair.from].push(pair.to);
  return (anchor, k) => lists[anchor].slice(0, k);
}
