import type { Csr } from '@graphrec/graph-model';
import type { HeteroGraph } from '@graphrec/projection';
import { buildCsr, hasEntry } from '@graphrec/graph-model';
import { TopK } from './topk';

/** What every recommender trains on: a user→item matrix with rows' items ascending. */
export interface TrainData {
  users: number;
  items: number;
  /** user → item, weights summed over duplicate pairs. */
  matrix: Csr;
}

export interface RecommendOptions {
  /** Items never to return, in addition to the user's seen items (unless `includeSeen`). */
  exclude?: Set<number> | ((item: number) => boolean);
  /** Rank only these items (e.g. a retrieval stage's output); default: every item. */
  candidates?: Int32Array;
  /** Keep items the user already has in train (repeat purchases); default false. */
  includeSeen?: boolean;
}

/**
 * The contract shared by the baselines and (later) the GraphSAGE model, so that evaluation code can
 * treat them alike. Users and items are dense indices 0..users-1 / 0..items-1 of the train data.
 */
export interface Recommender {
  name: string;
  /**
   * Trains on `train`. Always `await` it: EASE (TensorFlow.js kernel start-up) and GraphSAGE fit
   * asynchronously; the others return synchronously, and awaiting them costs nothing.
   */
  fit(train: TrainData): void | Promise<void>;
  /** Up to k items, best first; ties broken by lower item index. Seen items excluded by default. */
  recommend(user: number, k: number, options?: RecommendOptions): Int32Array;
  /** A score per given item (higher is better); comparable within one user only. */
  score(user: number, items: Int32Array): Float32Array;
}

export interface Pairs {
  users: Int32Array;
  items: Int32Array;
  /** Default 1 per pair; duplicates are summed. */
  weights?: Float32Array;
}

export function trainDataFrom(users: number, items: number, pairs: Pairs): TrainData {
  return { users, items, matrix: buildCsr(users, items, pairs.users, pairs.items, pairs.weights ?? new Float32Array(pairs.users.length).fill(1)).csr };
}

/** The projected graph's user→product relation as train data (its `out` CSR is already user-major and sorted). */
export function trainDataFromGraph(graph: HeteroGraph, relation: 'interacted' | 'purchased'): TrainData {
  return { users: graph.nodes.User.size, items: graph.nodes.Product.size, matrix: graph.relations[relation].out };
}

/**
 * Shared `recommend` logic: score the candidates (or every item), drop seen/excluded ones and keep
 * the top k. `scoreAll` is used when no candidates are given so that models can score every item
 * in one pass (e.g. accumulate neighbour similarities) instead of item by item.
 */
export function selectTopK(
  train: TrainData,
  user: number,
  k: number,
  options: RecommendOptions | undefined,
  scoreAll: () => Float32Array,
  scoreItems: (items: Int32Array) => Float32Array,
): Int32Array {
  if (user < 0 || user >= train.users) throw new RangeError(`user ${user} outside 0..${train.users - 1}`);
  const exclude = options?.exclude;
  const excluded = exclude === undefined ? undefined : exclude instanceof Set ? (i: number) => exclude.has(i) : exclude;
  const includeSeen = options?.includeSeen ?? false;
  const keep = (item: number): boolean => !(excluded?.(item) ?? false) && (includeSeen || !hasEntry(train.matrix, user, item));
  const heap = new TopK(k);
  const candidates = options?.candidates;
  if (candidates) {
    const scores = scoreItems(candidates);
    for (let c = 0; c < candidates.length; c++) if (keep(candidates[c])) heap.push(candidates[c], scores[c]);
  } else {
    const scores = scoreAll();
    for (let item = 0; item < train.items; item++) if (keep(item)) heap.push(item, scores[item]);
  }
  return heap.result().items;
}

/** Throws a clear error when a model is used before `fit`. */
export function fitted<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name}: call fit() first`);
  return value;
}

/**
 * A recommender that scores every item of a user in one pass (neighbour sums, a linear map):
 * `recommend` and `score` follow from `scoreAll`, written once here instead of in each model.
 */
export abstract class ScoreAllRecommender implements Recommender {
  abstract readonly name: string;
  /** Set by `fit`: the (weighted) train data the scores come from. */
  protected train?: TrainData;
  abstract fit(train: TrainData): void | Promise<void>;
  abstract scoreAll(user: number): Float32Array;

  recommend(user: number, k: number, options?: RecommendOptions): Int32Array {
    return selectTopK(fitted(this.train, this.name), user, k, options, () => this.scoreAll(user), (items) => this.score(user, items));
  }

  score(user: number, items: Int32Array): Float32Array {
    const all = this.scoreAll(user);
    return Float32Array.from(items, (i) => all[i]);
  }
}
