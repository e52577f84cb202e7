import type { Csr } from '@graphrec/graph-model';
import { fitted, RecommendOptions, Recommender, selectTopK, TrainData } from './recommender';

export interface BetaPrior {
  alpha: number;
  beta: number;
}

export interface PopularityOptions {
  /**
   * Connected-home case: rank by purchases over views. Both are user→item CSRs over the same items
   * as the train data; an item's successes are the distinct users in `successes`, its trials the
   * distinct users in `trials` (raised to the successes when a purchase had no recorded view, so a
   * rate never exceeds 1). Default: the train matrix's users as successes over all users as trials.
   */
  conversions?: { successes: Csr; trials: Csr };
  /** Use this prior instead of fitting one. */
  prior?: BetaPrior;
}

/** α = β = 1 (uniform): used when the rates carry no usable spread to fit a prior from. */
export const UNIFORM_PRIOR: BetaPrior = { alpha: 1, beta: 1 };

/**
 * Beta(α, β) by the method of moments on per-item rates p_i = s_i / n_i (items with n_i > 0):
 * with mean m and population variance v, α + β = m(1 − m)/v − 1, α = m(α + β), β = (1 − m)(α + β).
 * The binomial noise in each p_i is not subtracted, so v is an over-estimate and the prior a little
 * weaker than the true one — it shrinks less, never more, which is the safe direction. Degenerate
 * cases (fewer than two items, v = 0, m ∈ {0, 1}, or v ≥ m(1 − m)) fall back to α = β = 1.
 */
export function fitBetaPrior(successes: ArrayLike<number>, trials: ArrayLike<number>): BetaPrior {
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < successes.length; i++) {
    if (trials[i] <= 0) continue;
    const p = successes[i] / trials[i];
    count++;
    sum += p;
    sumSq += p * p;
  }
  if (count < 2) return { ...UNIFORM_PRIOR };
  const m = sum / count;
  const v = Math.max(0, sumSq / count - m * m);
  if (!(v > 0) || m <= 0 || m >= 1 || v >= m * (1 - m)) return { ...UNIFORM_PRIOR };
  const strength = (m * (1 - m)) / v - 1;
  return { alpha: m * strength, beta: (1 - m) * strength };
}

/** Posterior mean (s + α) / (n + α + β) per item. */
export function posteriorMeans(successes: ArrayLike<number>, trials: ArrayLike<number>, prior: BetaPrior): Float32Array {
  const out = new Float32Array(successes.length);
  for (let i = 0; i < out.length; i++) out[i] = (successes[i] + prior.alpha) / (trials[i] + prior.alpha + prior.beta);
  return out;
}

/** Distinct users per item of a user→item CSR (duplicates are already merged, so entries = users). */
export function usersPerItem(matrix: Csr, items: number): Float64Array {
  const counts = new Float64Array(items);
  for (let k = 0; k < matrix.targets.length; k++) {
    const item = matrix.targets[k];
    if (item >= items) throw new RangeError(`item ${item} outside 0..${items - 1}`);
    counts[item]++;
  }
  return counts;
}

/**
 * Non-personalised baseline: every user gets the items with the highest smoothed rate. Smoothing
 * keeps an item seen by 1 of 1 users from outranking one bought by 300 of 1,000.
 */
export class PopularityRecommender implements Recommender {
  readonly name = 'popularity';
  private train?: TrainData;
  private scores?: Float32Array;
  /** The prior used by the last fit (fitted or given). */
  prior?: BetaPrior;

  constructor(private readonly options: PopularityOptions = {}) {}

  fit(train: TrainData): void {
    let successes: Float64Array;
    let trials: Float64Array;
    const conversions = this.options.conversions;
    if (conversions) {
      successes = usersPerItem(conversions.successes, train.items);
      trials = usersPerItem(conversions.trials, train.items);
      for (let i = 0; i < train.items; i++) trials[i] = Math.max(trials[i], successes[i]);
    } else {
      successes = usersPerItem(train.matrix, train.items);
      trials = new Float64Array(train.items).fill(train.users);
    }
    this.prior = this.options.prior ?? fitBetaPrior(successes, trials);
    this.scores = posteriorMeans(successes, trials, this.prior);
    this.train = train;
  }

  /** The smoothed rate of every item (a copy). */
  itemScores(): Float32Array {
    return fitted(this.scores, this.name).slice();
  }

  recommend(user: number, k: number, options?: RecommendOptions): Int32Array {
    const scores = fitted(this.scores, this.name);
    return selectTopK(fitted(this.train, this.name), user, k, options, () => scores, (items) => this.score(user, items));
  }

  score(_user: number, items: Int32Array): Float32Array {
    const scores = fitted(this.scores, this.name);
    const out = new Float32Array(items.length);
    for (let c = 0; c < items.length; c++) out[c] = scores[items[c]];
    return out;
  }
}
