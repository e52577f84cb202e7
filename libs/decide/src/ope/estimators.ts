/**
 * Off-policy value estimators over logged rounds, as the literature defines them:
 * - IPS (Horvitz–Thompson): mean of w·r, w = π(a|x) / μ(a|x), weights optionally clipped at M;
 * - SNIPS (Swaminathan and Joachims 2015): Σ w·r / Σ w;
 * - DR (Dudík, Langford and Li 2011): mean of Σ_a π(a|x) r̂(x,a) + w·(r − r̂(x,a)), r̂ cross-fitted;
 * - replay (Li, Chu, Langford and Wang 2011): the rounds where the target picks the logged action,
 *   their mean reward — unbiased only for uniformly random logs.
 * Intervals are percentile bootstraps over rounds (seeded); ESS = (Σw)² / Σw² (Kish).
 */
import { createRng, type Rng } from '@graphrec/graph-model';

export interface Estimate {
  value: number;
  ci_low: number;
  ci_high: number;
  /** Effective sample size of the weights the estimate uses (replay: the matched rounds). */
  ess: number;
}

/** Per logged round, what every estimator needs. */
export interface RoundTerms {
  /** Importance weights π(a|x)/μ(a|x), before clipping. */
  weight: Float64Array;
  reward: Float64Array;
  /** Σ_a π(a|x) r̂(x,a): the direct method's term. */
  direct: Float64Array;
  /** r̂(x, logged action). */
  predicted: Float64Array;
}

export const ESTIMATORS = ['ips', 'snips', 'dr', 'replay'] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

export interface EstimateOptions {
  /** Weight clipping threshold M (Infinity = none). */
  clip?: number;
  /** Bootstrap resamples. */
  bootstrap?: number;
  seed?: number;
}

export const DEFAULT_BOOTSTRAP = 500;

/** The three weighted estimators on the rounds `idx` (with repetition: a bootstrap sample). */
function pointEstimates(t: RoundTerms, clip: number, idx: ArrayLike<number>): { ips: number; snips: number; dr: number; ess: number } {
  let sw = 0;
  let sw2 = 0;
  let swr = 0;
  let sdr = 0;
  const n = idx.length;
  for (let j = 0; j < n; j++) {
    const i = idx[j];
    const w = Math.min(t.weight[i], clip);
    sw += w;
    sw2 += w * w;
    swr += w * t.reward[i];
    sdr += t.direct[i] + w * (t.reward[i] - t.predicted[i]);
  }
  return { ips: swr / n, snips: sw > 0 ? swr / sw : 0, dr: sdr / n, ess: sw2 > 0 ? (sw * sw) / sw2 : 0 };
}

function percentile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function resample(rng: Rng, n: number, out: Int32Array): Int32Array {
  for (let j = 0; j < n; j++) out[j] = Math.floor(rng() * n);
  return out;
}

function interval(samples: Float64Array): [number, number] {
  const sorted = samples.slice().sort();
  return [percentile(sorted, 0.025), percentile(sorted, 0.975)];
}

export function estimateWeighted(terms: RoundTerms, options: EstimateOptions = {}): Record<'ips' | 'snips' | 'dr', Estimate> {
  const { clip = Infinity, bootstrap = DEFAULT_BOOTSTRAP, seed = 1 } = options;
  const n = terms.weight.length;
  if (n === 0) throw new Error('no logged rounds to estimate from');
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const point = pointEstimates(terms, clip, all);
  const rng = createRng(seed);
  const idx = new Int32Array(n);
  const boot = { ips: new Float64Array(bootstrap), snips: new Float64Array(bootstrap), dr: new Float64Array(bootstrap) };
  for (let b = 0; b < bootstrap; b++) {
    const e = pointEstimates(terms, clip, resample(rng, n, idx));
    boot.ips[b] = e.ips;
    boot.snips[b] = e.snips;
    boot.dr[b] = e.dr;
  }
  const out = {} as Record<'ips' | 'snips' | 'dr', Estimate>;
  for (const name of ['ips', 'snips', 'dr'] as const) {
    const [lo, hi] = bootstrap > 0 ? interval(boot[name]) : [point[name], point[name]];
    out[name] = { value: point[name], ci_low: lo, ci_high: hi, ess: point.ess };
  }
  return out;
}

/**
 * Replay: `matched[i]` is 1 when the target, drawing its own action for round i, drew the logged
 * one. Value = mean reward over matched rounds; ess = matched rounds.
 */
export function estimateReplay(matched: Uint8Array, reward: Float64Array, options: EstimateOptions = {}): Estimate {
  const { bootstrap = DEFAULT_BOOTSTRAP, seed = 1 } = options;
  const n = matched.length;
  const ratio = (idx: ArrayLike<number>): number => {
    let m = 0;
    let r = 0;
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j];
      if (matched[i]) {
        m++;
        r += reward[i];
      }
    }
    return m > 0 ? r / m : 0;
  };
  const all = Int32Array.from({ length: n }, (_, i) => i);
  let count = 0;
  for (let i = 0; i < n; i++) count += matched[i];
  const rng = createRng(seed + 1);
  const idx = new Int32Array(n);
  const boot = new Float64Array(bootstrap);
  for (let b = 0; b < bootstrap; b++) boot[b] = ratio(resample(rng, n, idx));
  const value = ratio(all);
  const [lo, hi] = bootstrap > 0 ? interval(boot) : [value, value];
  return { value, ci_low: lo, ci_high: hi, ess: count };
}

/** Weight diagnostics: what clipping did and how uneven the weights are. */
export function weightSummary(weight: Float64Array, clip: number): { max: number; mean: number; clip: number | null; clipped: number } {
  let max = 0;
  let sum = 0;
  let clipped = 0;
  for (const w of weight) {
    max = Math.max(max, w);
    sum += w;
    if (w > clip) clipped++;
  }
  return { max, mean: weight.length > 0 ? sum / weight.length : 0, clip: Number.isFinite(clip) ? clip : null, clipped };
}

/**
 * How many logged rounds an estimate needs for its 95% interval to be within ±`precision` of its
 * value, from the interval it has on `rounds` rounds (a half-width shrinks as 1/√rounds) — a sample
 * size read from the logs alone. Undefined when the interval says nothing (no bootstrap, value 0).
 */
export function roundsForPrecision(rounds: number, estimate: Estimate, precision: number): number | undefined {
  const halfWidth = (estimate.ci_high - estimate.ci_low) / 2;
  if (!(halfWidth > 0) || !(Math.abs(estimate.value) > 0) || !(precision > 0)) return undefined;
  return Math.ceil(rounds * (halfWidth / (precision * Math.abs(estimate.value))) ** 2);
}
