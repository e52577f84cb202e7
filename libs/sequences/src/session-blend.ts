/**
 * How `recommendations` takes an open session into account (issue 12 §4): the base answer's
 * candidates re-ranked by (1 − w)·base + w·session, each score min–max scaled over the candidates.
 * One owner for the blend, used by serving (libs/serving's SessionServing) and by the weight's
 * tuning (bench/sequences/blend.bench.ts), so the tuned weight means the same thing in both.
 */

/**
 * Weight of the session's score, chosen on validation sessions (docs/sequences.md "Blend weight":
 * the sessions after a temporal carve of the world's train files, never its held-back purchases;
 * bench/sequences/blend.bench.ts). MRR@10 of the next event rose from 0.29 at w 0 to 0.690 at 0.9
 * and 0.690 at 1 (0.0002 apart): the smaller of the two, so the ranker still orders ties.
 */
export const DEFAULT_SESSION_BLEND_WEIGHT = 0.9;

/** Min–max scaled to 0..1; a non-finite value (an item the model does not know) scores 0, all-equal values 0.5. */
export function minMaxScale(values: readonly number[]): number[] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return values.map((v) => (Number.isFinite(v) ? (hi > lo ? (v - lo) / (hi - lo) : 0.5) : 0));
}

/** Throws unless `weight` is a session blend weight (a number in [0, 1]). */
export function checkBlendWeight(weight: number): void {
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`session blend weight must be in [0, 1], got ${weight}`);
}

/** Blended score per candidate, and its scaled session score (serving explains "fits this session" from it). */
export function blendSessionScores(base: readonly number[], session: readonly number[], weight: number): { score: number[]; session: number[] } {
  checkBlendWeight(weight);
  const b = minMaxScale(base);
  const s = minMaxScale(session);
  return { score: b.map((v, j) => (1 - weight) * v + weight * s[j]), session: s };
}
