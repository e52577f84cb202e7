/**
 * Early stopping on a validation figure that may be smoothed: the mean of the last `window` checks
 * instead of the last one alone. On MovieLens the epoch-wise figure moves ±0.005 nDCG between
 * neighbouring epochs (docs/gnn.md), so "no better figure for `patience` checks" fires on noise;
 * a mean over a few checks moves less. `window` 1 is the plain rule.
 */
export class EarlyStopping {
  private readonly recent: number[] = [];
  private best = -Infinity;
  private sinceBest = 0;
  private checks = 0;
  /** Check (1-based) whose weights are kept: the last of the best window. */
  kept = 0;

  constructor(
    /** Checks without a better (smoothed) figure before stopping; 0 never stops. */
    private readonly patience: number,
    private readonly window = 1,
  ) {
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`validation smoothing window must be a positive integer, got ${window}`);
  }

  /** Records one check's figure; true when it is the new best (keep the current weights). NaN (no validation data) always counts as best. */
  push(figure: number): boolean {
    this.checks++;
    if (Number.isNaN(figure)) {
      this.kept = this.checks;
      this.sinceBest = 0;
      return true;
    }
    this.recent.push(figure);
    if (this.recent.length > this.window) this.recent.shift();
    const smoothed = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
    if (smoothed > this.best) {
      this.best = smoothed;
      this.kept = this.checks;
      this.sinceBest = 0;
      return true;
    }
    this.sinceBest++;
    return false;
  }

  /** The best smoothed figure so far (-Infinity before any). */
  get bestFigure(): number {
    return this.best;
  }

  get shouldStop(): boolean {
    return this.patience > 0 && this.sinceBest >= this.patience;
  }
}

/** Replays a series of check figures through the rule: the check kept and how many were run before stopping. */
export function stoppingPoint(figures: readonly number[], patience: number, window = 1): { kept: number; run: number } {
  const rule = new EarlyStopping(patience, window);
  let run = 0;
  for (const f of figures) {
    run++;
    rule.push(f);
    if (rule.shouldStop) break;
  }
  return { kept: rule.kept, run };
}
