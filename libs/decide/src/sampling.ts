/**
 * Draws on top of the project's seeded uniform generator (`createRng`, libs/graph-model): normal,
 * gamma, beta, and a pick from a probability vector. No generator of its own.
 */
import type { Rng } from '@graphrec/graph-model';

/** Standard normal (Box–Muller; the second value is not cached, keeping draws a pure function of the stream). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 through the boost Γ(a) = Γ(a+1)·U^(1/a). */
export function gamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new Error(`gamma shape must be above 0, got ${shape}`);
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a);
  return x / (x + gamma(rng, b));
}

/** An index drawn with the given probabilities (the last index absorbs rounding). */
export function pick(rng: Rng, probabilities: ArrayLike<number>): number {
  let r = rng();
  for (let i = 0; i < probabilities.length; i++) {
    r -= probabilities[i];
    if (r < 0) return i;
  }
  for (let i = probabilities.length - 1; i >= 0; i--) if (probabilities[i] > 0) return i;
  return probabilities.length - 1;
}

/** Probability 1 spread evenly over the maxima of `scores` (ties share), times `1 − epsilon`, plus epsilon uniform. */
export function greedyProbabilities(scores: ArrayLike<number>, epsilon = 0): Float64Array {
  const n = scores.length;
  const out = new Float64Array(n);
  let best = -Infinity;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i] > best) {
      best = scores[i];
      ties = 1;
    } else if (scores[i] === best) ties++;
  }
  for (let i = 0; i < n; i++) out[i] = epsilon / n + (scores[i] === best ? (1 - epsilon) / ties : 0);
  return out;
}

/** The index of the maximum, ties broken uniformly at random. */
export function argmaxRandom(rng: Rng, scores: ArrayLike<number>): number {
  let best = -Infinity;
  let chosen = 0;
  let ties = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] > best) {
      best = scores[i];
      chosen = i;
      ties = 1;
    } else if (scores[i] === best && rng() * ++ties < 1) chosen = i;
  }
  return chosen;
}

/**
 * The probabilities of a sampling policy (Thompson and its contextual kin): how often each action
 * wins `draws` rounds of `sample` (one score per action into `out`), add-one smoothed so every
 * eligible action keeps a probability above 0 (a propensity of 0 would make the logged round useless
 * to every estimator).
 */
export function monteCarloProbabilities(rng: Rng, draws: number, actions: number, sample: (out: Float64Array) => Float64Array): Float64Array {
  const wins = new Float64Array(actions);
  const scratch = new Float64Array(actions);
  for (let d = 0; d < draws; d++) wins[argmaxRandom(rng, sample(scratch))]++;
  const total = draws + actions;
  return wins.map((w) => (w + 1) / total);
}
