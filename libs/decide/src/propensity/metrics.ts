/**
 * Scores of probability predictions for a binary label: ROC AUC (ties share), PR-AUC (average
 * precision), expected calibration error over equal-mass bins, and the bins themselves (the
 * reliability diagram). Pure.
 */

/** ROC AUC by ranks (the Mann–Whitney statistic; tied scores count half). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]] === 1) {
      positives++;
      rankSum += rank;
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Average precision: the mean of the precision at each positive, scores descending (ties in input order). */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let hits = 0;
  let sum = 0;
  order.forEach((i, rank) => {
    if (labels[i] === 1) {
      hits++;
      sum += hits / (rank + 1);
    }
  });
  return hits === 0 ? Number.NaN : sum / hits;
}

export interface ReliabilityBin {
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Observed rate of the label in the bin. */
  observed: number;
  count: number;
}

/** `bins` equal-mass bins by predicted probability (the last takes the remainder). */
export function reliabilityBins(predictions: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const n = predictions.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predictions[a] - predictions[b]);
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let p = 0;
    let y = 0;
    for (let k = from; k < to; k++) {
      p += predictions[order[k]];
      y += labels[order[k]];
    }
    out.push({ predicted: p / (to - from), observed: y / (to - from), count: to - from });
  }
  return out;
}

/**
 * Expected calibration error: Σ (bin share) × |mean predicted − observed rate| over equal-mass
 * bins. Equal-mass, not equal-width: with rates of a few percent, equal-width bins would put
 * nearly every user in the first bin and hide any miscalibration.
 */
export function expectedCalibrationError(predictions: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  const n = predictions.length;
  return reliabilityBins(predictions, labels, bins).reduce((sum, b) => sum + (b.count / n) * Math.abs(b.predicted - b.observed), 0);
}
