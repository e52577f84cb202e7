import { Interactions } from './interactions';

/**
 * Top-k ranking metrics, defined as in MS Recommenders' python_evaluation (the source of the
 * published ML-100K figures): every test interaction is relevant, precision divides by k even when
 * fewer than k items are recommended, MAP divides by the number of relevant items (not by
 * min(k, relevant)), nDCG uses binary gains and a natural-log discount. Recommendation lists are
 * assumed to hold distinct items, with the user's train items already removed.
 */
export interface RankingMetrics {
  k: number;
  /** Users with at least one test item: the ones averaged over. */
  users: number;
  precision: number;
  recall: number;
  map: number;
  ndcg: number;
  /** Distinct items recommended (top k, all users) / items in the catalogue. */
  coverage: number;
}

export function hitsAtK(recs: Int32Array, relevant: ReadonlySet<number>, k: number): number {
  let hits = 0;
  const n = Math.min(k, recs.length);
  for (let r = 0; r < n; r++) if (relevant.has(recs[r])) hits++;
  return hits;
}

export function precisionAtK(recs: Int32Array, relevant: ReadonlySet<number>, k: number): number {
  return hitsAtK(recs, relevant, k) / k;
}

export function recallAtK(recs: Int32Array, relevant: ReadonlySet<number>, k: number): number {
  return relevant.size === 0 ? 0 : hitsAtK(recs, relevant, k) / relevant.size;
}

/** Σ over hit ranks of (hits so far / rank), divided by the number of relevant items. */
export function averagePrecisionAtK(recs: Int32Array, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  const n = Math.min(k, recs.length);
  for (let r = 0; r < n; r++) {
    if (!relevant.has(recs[r])) continue;
    hits++;
    sum += hits / (r + 1);
  }
  return sum / relevant.size;
}

/** DCG = Σ over hit ranks of 1/ln(1 + rank); IDCG puts min(k, relevant) hits at the top. */
export function ndcgAtK(recs: Int32Array, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  const n = Math.min(k, recs.length);
  for (let r = 0; r < n; r++) if (relevant.has(recs[r])) dcg += 1 / Math.log(r + 2);
  let idcg = 0;
  const ideal = Math.min(k, relevant.size);
  for (let r = 0; r < ideal; r++) idcg += 1 / Math.log(r + 2);
  return dcg / idcg;
}

/** Each user's test items as a set, indexed by dense user index. */
export function relevantByUser(test: Interactions): Set<number>[] {
  const sets: Set<number>[] = Array.from({ length: test.userIds.length }, () => new Set<number>());
  for (let i = 0; i < test.users.length; i++) sets[test.users[i]].add(test.items[i]);
  return sets;
}

/** Number of distinct items with at least one interaction. */
export function distinctItems(data: Interactions): number {
  const seen = new Uint8Array(data.itemIds.length);
  let count = 0;
  for (let i = 0; i < data.items.length; i++) {
    if (seen[data.items[i]]) continue;
    seen[data.items[i]] = 1;
    count++;
  }
  return count;
}

export interface EvaluateOptions {
  /**
   * Coverage denominator: the items in train when given (what a recommender can know), else every
   * item in the id table.
   */
  train?: Interactions;
}

/**
 * Averages the per-user metrics over users with at least one test item; `recs[u]` is user u's
 * ranked list (missing or empty counts as no hits, not as a skipped user, so a recommender cannot
 * gain by abstaining). Coverage counts the top k of every list given, test user or not.
 */
export function evaluateRanking(
  recs: readonly (Int32Array | undefined)[],
  test: Interactions,
  k: number,
  options: EvaluateOptions = {},
): RankingMetrics {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const relevant = relevantByUser(test);
  const empty = new Int32Array(0);
  let users = 0;
  let precision = 0;
  let recall = 0;
  let map = 0;
  let ndcg = 0;
  for (let u = 0; u < relevant.length; u++) {
    if (relevant[u].size === 0) continue;
    const list = recs[u] ?? empty;
    users++;
    precision += precisionAtK(list, relevant[u], k);
    recall += recallAtK(list, relevant[u], k);
    map += averagePrecisionAtK(list, relevant[u], k);
    ndcg += ndcgAtK(list, relevant[u], k);
  }
  const recommended = new Set<number>();
  for (const list of recs) {
    if (!list) continue;
    const n = Math.min(k, list.length);
    for (let r = 0; r < n; r++) recommended.add(list[r]);
  }
  const catalogue = options.train ? distinctItems(options.train) : test.itemIds.length;
  const mean = (sum: number): number => (users === 0 ? 0 : sum / users);
  return {
    k,
    users,
    precision: mean(precision),
    recall: mean(recall),
    map: mean(map),
    ndcg: mean(ndcg),
    coverage: catalogue === 0 ? 0 : recommended.size / catalogue,
  };
}
