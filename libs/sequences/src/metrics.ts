/**
 * Recall@k (the share of predictions whose target is in the top k; with one target per prediction
 * this is the hit rate) and MRR@k (1/rank when rank ≤ k, else 0), averaged over every predicted
 * position of every test session. A target's rank counts the items scored strictly higher plus
 * those scored equal with a smaller index (more popular in train): ties cannot flatter a model.
 */
export const CUTOFFS = [5, 20] as const;

export interface SessionMetrics {
  'recall@5': number;
  'mrr@5': number;
  'recall@20': number;
  'mrr@20': number;
  /** Predictions scored. */
  predictions: number;
}

export function rankOf(scores: ArrayLike<number>, target: number): number {
  const s = scores[target];
  let rank = 1;
  for (let j = 0; j < scores.length; j++) {
    const v = scores[j];
    if (v > s || (v === s && j < target)) rank++;
  }
  return rank;
}

export class MetricsAccumulator {
  private n = 0;
  private hits5 = 0;
  private hits20 = 0;
  private rr5 = 0;
  private rr20 = 0;

  add(rank: number): void {
    this.n++;
    if (rank <= 5) {
      this.hits5++;
      this.rr5 += 1 / rank;
    }
    if (rank <= 20) {
      this.hits20++;
      this.rr20 += 1 / rank;
    }
  }

  result(): SessionMetrics {
    const d = Math.max(1, this.n);
    return { 'recall@5': this.hits5 / d, 'mrr@5': this.rr5 / d, 'recall@20': this.hits20 / d, 'mrr@20': this.rr20 / d, predictions: this.n };
  }
}
