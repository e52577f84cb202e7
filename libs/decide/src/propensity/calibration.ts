/**
 * Calibration maps fitted on validation predictions: isotonic regression (pool adjacent
 * violators) and Platt scaling (a logistic fit on the score's logit). Pure.
 */

export type Calibrator = (score: number) => number;

/** A fitted isotonic map as data (the model files keep it): step centres and their values, increasing. */
export interface IsotonicTable {
  xs: number[];
  ys: number[];
}

/** Isotonic regression of labels on scores (pool adjacent violators), as a table. */
export function fitIsotonicTable(scores: ArrayLike<number>, labels: ArrayLike<number>): IsotonicTable {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  // Blocks: [sum of labels, weight, min score, max score]; merged while they decrease.
  const blocks: [number, number, number, number][] = [];
  for (const i of order) {
    blocks.push([labels[i], 1, scores[i], scores[i]]);
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a[0] / a[1] < b[0] / b[1]) break;
      blocks.splice(blocks.length - 2, 2, [a[0] + b[0], a[1] + b[1], a[2], b[3]]);
    }
  }
  return { xs: blocks.map((b) => (b[2] + b[3]) / 2), ys: blocks.map((b) => b[0] / b[1]) };
}

/** The table as a function: the fitted step's value, interpolating between step centres. */
export function isotonicCalibrator(table: IsotonicTable): Calibrator {
  const { xs, ys } = table;
  return (score: number): number => {
    if (xs.length === 0) return 0;
    if (score <= xs[0]) return ys[0];
    if (score >= xs[xs.length - 1]) return ys[ys.length - 1];
    let lo = 0;
    let hi = xs.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= score) lo = mid;
      else hi = mid;
    }
    const t = (score - xs[lo]) / (xs[hi] - xs[lo]);
    return ys[lo] + t * (ys[hi] - ys[lo]);
  };
}

/** Isotonic regression of labels on scores; predicts the fitted step's value (interpolating between steps). */
export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>): Calibrator {
  return isotonicCalibrator(fitIsotonicTable(scores, labels));
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

/** Platt scaling: p = σ(a·logit(score) + b), fitted by Newton's method on the log loss. */
export function fitPlatt(scores: ArrayLike<number>, labels: ArrayLike<number>): Calibrator {
  let a = 1;
  let b = 0;
  const x = Array.from(scores, logit);
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < x.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * x[i] + b)));
      const r = p - labels[i];
      const w = p * (1 - p);
      ga += r * x[i];
      gb += r;
      haa += w * x[i] * x[i];
      hab += w * x[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return (score: number): number => 1 / (1 + Math.exp(-(a * logit(score) + b)));
}
