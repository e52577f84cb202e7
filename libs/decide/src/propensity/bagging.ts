/**
 * Bagged propensity trees (evaluation): with a rare action every taker counts, and a fixed
 * train/validation split leaves a fifth of them to early stopping and calibration only. Here the
 * non-test users are cut into K folds, stratified by the label; booster k trains on the other
 * folds and is early-stopped on fold k, so every user trains K − 1 boosters and the out-of-fold
 * predictions cover them all. The score is the mean of the boosters' margins (through the
 * logistic link); the isotonic map is fitted on the out-of-fold scores — each user scored by the
 * one booster that never trained on them, so calibration never reads a prediction on training rows.
 */
import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import { DMatrix, type Booster } from '@graphrec/rank';
import { fitIsotonicTable, type IsotonicTable } from './calibration';
import { FEATURE_NAMES } from './features';
import { boostEarlyStopped, type LabelledRows, type PropensityTreeOptions } from './model';

/**
 * Fold of each row (0..k−1), stratified: positives and negatives are each shuffled (seeded) and
 * dealt round-robin, so every fold gets ⌊m/k⌋ or ⌈m/k⌉ of each class. Pure.
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Uint8Array {
  if (!Number.isInteger(k) || k < 2 || k > 255) throw new RangeError(`folds must be an integer in 2..255, got ${k}`);
  const folds = new Uint8Array(labels.length);
  const rng = createRng(seed);
  for (const cls of [1, 0]) {
    const rows = Int32Array.from(Array.from({ length: labels.length }, (_, i) => i).filter((i) => (labels[i] ? 1 : 0) === cls));
    shuffleInPlace(rows, rng);
    rows.forEach((row, j) => (folds[row] = j % k));
  }
  return folds;
}

const sigmoid = (m: number): number => 1 / (1 + Math.exp(-m));

function subset(rows: LabelledRows, d: number, keep: (i: number) => boolean): LabelledRows {
  const idx: number[] = [];
  for (let i = 0; i < rows.y.length; i++) if (keep(i)) idx.push(i);
  const x = new Float32Array(idx.length * d);
  idx.forEach((r, j) => x.set(rows.x.subarray(r * d, (r + 1) * d), j * d));
  return { x, y: Uint8Array.from(idx, (r) => rows.y[r]) };
}

export interface BaggedPropensity {
  boosters: Booster[];
  /** Isotonic map on the out-of-fold scores. */
  calibration: IsotonicTable;
  /** Each booster's best round. */
  rounds: number[];
  /** AUC of each booster on its own fold (early stopping's metric). */
  foldAucs: number[];
  /** Each row's score by the booster that did not train on it (the calibration's input). */
  outOfFold: Float64Array;
  columns: number;
}

/** K boosters over K stratified folds of `rows` (the non-test users). The caller frees them (`freeBagged`). */
export function trainBaggedPropensity(rows: LabelledRows, options: PropensityTreeOptions & { folds?: number }): BaggedPropensity {
  const d = options.columns ?? FEATURE_NAMES.length;
  const k = options.folds ?? 5;
  const fold = stratifiedFolds(rows.y, k, options.seed);
  const boosters: Booster[] = [];
  const rounds: number[] = [];
  const foldAucs: number[] = [];
  const oof = new Float64Array(rows.y.length);
  try {
    for (let f = 0; f < k; f++) {
      const inFold = (i: number) => fold[i] === f;
      const held = subset(rows, d, inFold);
      const fit = boostEarlyStopped(subset(rows, d, (i) => !inFold(i)), held, { ...options, seed: options.seed * 31 + f });
      boosters.push(fit.booster);
      rounds.push(fit.rounds);
      foldAucs.push(fit.validationAuc);
      const m = DMatrix.fromDense(held.x, held.y.length, d);
      try {
        const margins = fit.booster.predictMargin(m);
        let j = 0;
        for (let i = 0; i < rows.y.length; i++) if (inFold(i)) oof[i] = sigmoid(margins[j++]);
      } finally {
        m.free();
      }
    }
  } catch (error) {
    for (const b of boosters) b.free();
    throw error;
  }
  return { boosters, calibration: fitIsotonicTable(oof, rows.y), rounds, foldAucs, outOfFold: oof, columns: d };
}

/** The bag's uncalibrated score of each row: the logistic link of the boosters' mean margin. */
export function baggedRaw(bag: BaggedPropensity, x: Float32Array, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 0) return out;
  const m = DMatrix.fromDense(x, n, bag.columns);
  try {
    for (const b of bag.boosters) {
      const margins = b.predictMargin(m);
      for (let i = 0; i < n; i++) out[i] += margins[i] / bag.boosters.length;
    }
  } finally {
    m.free();
  }
  return out.map(sigmoid);
}

export function freeBagged(bag: BaggedPropensity): void {
  for (const b of bag.boosters) b.free();
}
