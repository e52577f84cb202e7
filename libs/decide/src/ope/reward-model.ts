/**
 * The reward model of the doubly robust estimator (and of the offline learner): the click rate of
 * a (segment, product), shrunk towards the product's rate, itself shrunk towards the overall
 * rate — empirical-Bayes means with `strength` pseudo-observations at each level. Fitted on one
 * fold of the logs and used on the other (cross-fitting), so a round's own reward never enters
 * its own prediction.
 */
import type { LoggedDecision } from '../logs';

/** Pseudo-observations of the parent's rate at each level: enough to tame a cell of a few rounds. */
export const SHRINKAGE_STRENGTH = 20;

const segmentOf = (d: LoggedDecision): string => (typeof d.context.segment === 'string' ? d.context.segment : '');

export class RewardModel {
  private readonly product = new Map<string, [number, number]>();
  private readonly cell = new Map<string, [number, number]>();
  private readonly overall: number;

  constructor(
    rows: readonly LoggedDecision[],
    private readonly strength = SHRINKAGE_STRENGTH,
  ) {
    let clicks = 0;
    const add = (m: Map<string, [number, number]>, key: string, r: number): void => {
      const e = m.get(key) ?? [0, 0];
      e[0] += r;
      e[1] += 1;
      m.set(key, e);
    };
    for (const d of rows) {
      clicks += d.reward;
      add(this.product, d.action, d.reward);
      add(this.cell, `${segmentOf(d)}|${d.action}`, d.reward);
    }
    this.overall = rows.length > 0 ? clicks / rows.length : 0;
  }

  predict(segment: string, action: string): number {
    const [pc, pn] = this.product.get(action) ?? [0, 0];
    const productRate = (pc + this.strength * this.overall) / (pn + this.strength);
    const [cc, cn] = this.cell.get(`${segment}|${action}`) ?? [0, 0];
    return (cc + this.strength * productRate) / (cn + this.strength);
  }

  /** Predictions for every offered action of a logged round. */
  predictRound(d: LoggedDecision): Float64Array {
    const segment = segmentOf(d);
    return Float64Array.from(d.actions, (a) => this.predict(segment, a));
  }
}

/** Cross-fitted predictions: rounds of fold f get the model fitted on the other fold (f = index mod 2). */
export function crossFitPredictions(rows: readonly LoggedDecision[]): Float64Array[] {
  const folds = [rows.filter((_, i) => i % 2 === 1), rows.filter((_, i) => i % 2 === 0)];
  const models = folds.map((f) => new RewardModel(f));
  return rows.map((d, i) => models[i % 2].predictRound(d));
}
