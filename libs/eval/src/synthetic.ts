import { TopK } from '@graphrec/recommend';
import { Interactions, InteractionsBuilder } from './interactions';
import { createRng, Rng } from './random';

/**
 * A seeded, heavy-tailed implicit-feedback world for large-catalogue benchmarks (the ranker's
 * ≥10,000-item target), standing in for play logs that cannot be shipped:
 *
 * - item popularity is Zipfian: the item of popularity rank r has prior weight r^(−zipf);
 * - tastes are latent factors: items and users sit near one of `clusters` random centroids in
 *   `factors` dimensions (unit vectors), so there is structure for a model to find;
 * - a user's number of items is log-normal (median `medianItemsPerUser`, capped), and which items
 *   is drawn without replacement with probability ∝ popularity · exp(affinity · ⟨user, item⟩)
 *   (Efraimidis–Spirakis keys, one pass over the catalogue per user);
 * - each interaction's count (plays) is Pareto with shape `pareto`, scaled up by the affinity, so
 *   counts are heavy-tailed and mildly informative — which weighting wins is an empirical question;
 * - timestamps are uniform over a year with no drift in taste, so a temporal split tests the
 *   same structure as a random one.
 */
export interface SyntheticImplicitOptions {
  users?: number;
  items?: number;
  factors?: number;
  clusters?: number;
  zipf?: number;
  medianItemsPerUser?: number;
  maxItemsPerUser?: number;
  /** Pareto shape α of counts (smaller = heavier tail; α ≤ 2 has infinite variance). */
  pareto?: number;
  /** Strength of taste against popularity in which items a user picks. */
  affinity?: number;
  seed?: number;
}

export const SYNTHETIC_DEFAULTS: Required<SyntheticImplicitOptions> = {
  users: 20_000,
  items: 12_000,
  factors: 16,
  clusters: 40,
  zipf: 0.9,
  medianItemsPerUser: 25,
  maxItemsPerUser: 400,
  pareto: 1.2,
  affinity: 4,
  seed: 42,
};

/** Spread of the log-normal activity (σ of log count): a few users have ten times the median. */
const ACTIVITY_SIGMA = 0.9;
/** How far items and users sit from their cluster centroid (per-dimension noise). */
const CLUSTER_NOISE = 0.6;
const SECONDS_PER_YEAR = 365 * 86_400;

function gaussian(rng: Rng): number {
  // Box–Muller; 1 − u keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function unitNear(centre: Float64Array, rng: Rng): Float64Array {
  const v = Float64Array.from(centre, (c) => c + CLUSTER_NOISE * gaussian(rng));
  const norm = Math.hypot(...v) || 1;
  for (let d = 0; d < v.length; d++) v[d] /= norm;
  return v;
}

export function generateSyntheticImplicit(options: SyntheticImplicitOptions = {}): Interactions {
  const o = { ...SYNTHETIC_DEFAULTS, ...options };
  const rng = createRng(o.seed);
  const centres = Array.from({ length: o.clusters }, () => Float64Array.from({ length: o.factors }, () => gaussian(rng)));
  const itemVectors = new Float64Array(o.items * o.factors);
  for (let i = 0; i < o.items; i++) itemVectors.set(unitNear(centres[Math.floor(rng() * o.clusters)], rng), i * o.factors);
  // Popularity rank is a random permutation, independent of the cluster an item sits in.
  const logPopularity = new Float64Array(o.items);
  const rank = Int32Array.from({ length: o.items }, (_, i) => i);
  for (let i = o.items - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rank[i], rank[j]] = [rank[j], rank[i]];
  }
  for (let i = 0; i < o.items; i++) logPopularity[i] = -o.zipf * Math.log(rank[i] + 1);

  const builder = new InteractionsBuilder();
  // Items never drawn (possible in the far tail with few users) are absent, as in a real log.
  const itemIds = Array.from({ length: o.items }, (_, i) => `i${i}`);
  const logits = new Float64Array(o.items);
  for (let u = 0; u < o.users; u++) {
    const user = unitNear(centres[Math.floor(rng() * o.clusters)], rng);
    const wanted = Math.min(o.maxItemsPerUser, o.items, Math.max(1, Math.round(o.medianItemsPerUser * Math.exp(ACTIVITY_SIGMA * gaussian(rng)))));
    const heap = new TopK(wanted);
    for (let i = 0; i < o.items; i++) {
      let dot = 0;
      const base = i * o.factors;
      for (let d = 0; d < o.factors; d++) dot += user[d] * itemVectors[base + d];
      logits[i] = o.affinity * dot;
      // Efraimidis–Spirakis: the `wanted` smallest E/w (E ~ Exp(1)) are a weighted sample without
      // replacement; in logs, the largest log w − log E.
      heap.push(i, logPopularity[i] + logits[i] - Math.log(-Math.log(1 - rng())));
    }
    const { items } = heap.result();
    for (const i of items) {
      const plays = Math.max(1, Math.round(Math.pow(1 - rng(), -1 / o.pareto) * Math.exp(0.5 * logits[i])));
      builder.add(`u${u}`, itemIds[i], plays, Math.floor(rng() * SECONDS_PER_YEAR));
    }
  }
  return builder.build();
}
