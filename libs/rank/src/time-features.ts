import { Csr } from '@graphrec/graph-model';

/**
 * "What is popular while this user is active": per (user, item), the item's share of everyone's
 * interactions in the days around the user's own interactions. Known at serving time (the current
 * time and what others do now), and strong on logs whose test part was drawn from the same days as
 * train (ML-100K's item-stratified split: a user's test ratings were made in the same sessions as
 * the train ones). Pure functions of the fitted data's timestamps; without timestamps every column
 * is missing (NaN) and the names stay, so a bare interaction log runs the same code.
 */

const DAY = 86400;
/** At most this many time buckets (a day each, wider on logs spanning more than this many days). */
const MAX_BUCKETS = 1024;
/** Pseudo-count (interactions) shrinking the lift of an item seen little in the user's window toward 1. */
const LIFT_PRIOR = 20;

export interface TimeContext {
  /** Half-widths of the user's window, in days (one pair of columns each). */
  windows: number[];
  start: number;
  /** Bucket width in seconds (≥ a day). */
  width: number;
  buckets: number;
  /** Item-major counts [item × bucket] of the fitted interactions. */
  itemBuckets: Float32Array;
  /** Interactions per bucket, all items. */
  totals: Float64Array;
  /** Per item, its share of all timed interactions (NaN without any). */
  globalShare: Float32Array;
  /** Items with at least one timed interaction (the scale of the relative shares). */
  activeItems: number;
  /** Per item, its first interaction's time (NaN without one). */
  itemFirst: Float64Array;
}

/** The time columns for these windows; none at all without a window (the ranker's default, docs/rank.md). */
export function timeFeatureNames(windows: readonly number[]): string[] {
  if (!windows.length) return [];
  return [...windows.flatMap((w) => [`time_share_${w}d`, `time_lift_${w}d`]), 'item_first_vs_user_days'];
}

export function buildTimeContext(matrix: Csr, users: number, items: number, times: Float64Array | undefined, windows: readonly number[]): TimeContext | undefined {
  if (!windows.length || !times || !times.length) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of times) if (!Number.isNaN(t)) (lo = Math.min(lo, t)), (hi = Math.max(hi, t));
  if (lo === Infinity) return undefined;
  const width = Math.max(DAY, (hi - lo + 1) / MAX_BUCKETS);
  const buckets = Math.floor((hi - lo) / width) + 1;
  const itemBuckets = new Float32Array(items * buckets);
  const totals = new Float64Array(buckets);
  const counts = new Float64Array(items);
  const itemFirst = new Float64Array(items).fill(Number.NaN);
  let all = 0;
  for (let u = 0; u < users; u++) {
    for (let k = matrix.offsets[u]; k < matrix.offsets[u + 1]; k++) {
      const t = times[k];
      if (Number.isNaN(t)) continue;
      const i = matrix.targets[k];
      const b = Math.floor((t - lo) / width);
      itemBuckets[i * buckets + b]++;
      totals[b]++;
      counts[i]++;
      all++;
      if (!(itemFirst[i] <= t)) itemFirst[i] = t;
    }
  }
  let activeItems = 0;
  const globalShare = new Float32Array(items);
  for (let i = 0; i < items; i++) {
    globalShare[i] = counts[i] ? counts[i] / all : Number.NaN;
    if (counts[i]) activeItems++;
  }
  return { windows: [...windows], start: lo, width, buckets, itemBuckets, totals, globalShare, activeItems, itemFirst };
}

/** One user's side: per window, the buckets around the user's interactions with their weights. */
export interface UserTimeProfile {
  /** `mass`: the window's interactions weighted like the item's; `unit`: mass per raw interaction. */
  kernels: { buckets: Int32Array; weights: Float32Array; mass: number; unit: number }[];
  /** Median time of the user's interactions (NaN without any). */
  median: number;
}

export function userTimeProfile(tc: TimeContext, matrix: Csr, times: Float64Array, user: number): UserTimeProfile {
  const own: number[] = [];
  for (let k = matrix.offsets[user]; k < matrix.offsets[user + 1]; k++) if (!Number.isNaN(times[k])) own.push(times[k]);
  own.sort((a, b) => a - b);
  const median = own.length ? own[own.length >> 1] : Number.NaN;
  const hist = new Float64Array(tc.buckets);
  for (const t of own) {
    const b = Math.floor((t - tc.start) / tc.width);
    if (b >= 0 && b < tc.buckets) hist[b]++;
  }
  const kernels = tc.windows.map((days) => {
    // A box of ±days around each of the user's interactions, weighted by how many fell in each bucket.
    const half = Math.max(0, Math.round((days * DAY) / tc.width));
    const dense = new Float64Array(tc.buckets);
    for (let b = 0; b < tc.buckets; b++) {
      if (!hist[b]) continue;
      for (let d = Math.max(0, b - half); d <= Math.min(tc.buckets - 1, b + half); d++) dense[d] += hist[b];
    }
    const at: number[] = [];
    const w: number[] = [];
    let mass = 0;
    let raw = 0;
    for (let d = 0; d < tc.buckets; d++) {
      if (!dense[d]) continue;
      at.push(d);
      w.push(dense[d]);
      mass += dense[d] * tc.totals[d];
      raw += tc.totals[d];
    }
    return { buckets: Int32Array.from(at), weights: Float32Array.from(w), mass, unit: raw ? mass / raw : 0 };
  });
  return { kernels, median };
}

/**
 * Writes the time columns of `item` for the user's profile into `out` from position `f`; returns the
 * next position. Shares are relative to the mean item's (× active items) and lifts to the item's
 * share of all time, so neither depends on how much data was fitted.
 */
export function fillTimeFeatures(out: Float32Array, f: number, windows: number, tc: TimeContext | undefined, profile: UserTimeProfile | undefined, item: number): number {
  if (!windows) return f;
  if (!tc || !profile) {
    for (let c = 0; c < 2 * windows + 1; c++) out[f++] = Number.NaN;
    return f;
  }
  const row = item * tc.buckets;
  const global = tc.globalShare[item];
  for (const k of profile.kernels) {
    if (!k.mass) {
      out[f++] = Number.NaN;
      out[f++] = Number.NaN;
      continue;
    }
    let hits = 0;
    for (let p = 0; p < k.buckets.length; p++) hits += k.weights[p] * tc.itemBuckets[row + k.buckets[p]];
    // hits / mass is the item's share of the window's interactions; the lift is shrunk toward 1 by
    // LIFT_PRIOR interactions at the item's global share (in the kernel's weighted units).
    const prior = LIFT_PRIOR * k.unit;
    out[f++] = (hits / k.mass) * tc.activeItems;
    out[f++] = Number.isNaN(global) ? Number.NaN : (hits + prior * global) / (k.mass + prior) / global;
  }
  out[f++] = Number.isNaN(profile.median) || Number.isNaN(tc.itemFirst[item]) ? Number.NaN : (tc.itemFirst[item] - profile.median) / DAY;
  return f;
}
