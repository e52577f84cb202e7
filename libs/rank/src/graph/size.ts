/**
 * The ranker's size chosen on validation. Every tree costs every scored row a walk (and every
 * explained row a contribution pass), so serving and the batch export pay per tree; boosting keeps
 * adding trees for gains far below what the validation users can tell apart. The default keeps the
 * fewest rounds whose validation nDCG@10 is within one standard error of the per-user mean at the
 * best round (the one-SE rule: Breiman et al.; Hastie et al., ESL §7.10), at most
 * MAX_SIZE_TOLERANCE below it: on the demo world's ~430 validation users one SE is 0.015, and the
 * plain rule cut one model to 7 trees, which lost 2.6 points of hit rate on held-back purchases
 * (docs/rank.md, "The ranker's size").
 */
export const MAX_SIZE_TOLERANCE = 0.005;

/** The one-SE size tolerance for a validation standard error (one SE, at most MAX_SIZE_TOLERANCE): opt-in, `--size-tolerance`; the default is 0. */
export function oneSeSizeTolerance(validationSe: number): number {
  return Math.min(validationSe, MAX_SIZE_TOLERANCE);
}

/** The number of rounds to keep: the first round whose score is ≥ best − tolerance, counted from 1 (0 for an empty curve). */
export function fewestRoundsWithin(curve: readonly number[], tolerance: number): number {
  if (!(tolerance >= 0)) throw new RangeError(`size tolerance must be a number ≥ 0, got ${tolerance}`);
  let best = -Infinity;
  for (const v of curve) if (v > best) best = v;
  for (let i = 0; i < curve.length; i++) if (curve[i] >= best - tolerance) return i + 1;
  return 0;
}

/** The standard error of a mean (sample standard deviation / √n; 0 below two values). */
export function standardError(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return Math.sqrt(ss / (n - 1) / n);
}
