export { createRng, shuffleInPlace } from '@graphrec/graph-model';
export type { Rng } from '@graphrec/graph-model';

/**
 * Round half to even, as Python's round() does. The reference split (MS Recommenders'
 * python_stratified_split) computes its cut with Python's round, so an item with 6 ratings keeps
 * round(4.5) = 4 in train there, where Math.round would keep 5.
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
