/**
 * One-step offline policy learning from logs alone (issue 11, section 4): doubly robust policy
 * optimisation (Dudík, Langford and Li 2011) over (segment, product) cells, with pessimism.
 *
 * Every logged round scores every offered product a with its DR score
 *   Γ(a) = r̂(x, a) + 1{a = logged} / μ(logged|x) · (r − r̂(x, a))
 * (r̂ cross-fitted, ope/reward-model.ts), an unbiased estimate of a's click rate for that user.
 * A cell's value is the mean of its Γ; the policy is greedy on the lower confidence bound
 * mean − κ·se, so a product the logs rarely showed (large weights, large se) wins only on strong
 * evidence — the pessimism of offline RL, for one step.
 */
import type { LoggedDecision } from './logs';
import { crossFitPredictions } from './ope/reward-model';
import { POLICY_MODEL_SCHEMA, type TablePolicyModel } from './types';

export interface OfflineLearnOptions {
  /** κ: standard errors subtracted from each cell's value (0 = plain DR greedy). */
  pessimism?: number;
}

export const DEFAULT_PESSIMISM = 1;

export interface OfflineLearnResult {
  model: TablePolicyModel;
  /** Per cell `segment|product`: rounds it was offered in, DR value, standard error. */
  cells: Record<string, { n: number; value: number; se: number }>;
}

export function learnOffline(logs: readonly LoggedDecision[], options: OfflineLearnOptions = {}): OfflineLearnResult {
  const kappa = options.pessimism ?? DEFAULT_PESSIMISM;
  if (!(kappa >= 0)) throw new Error(`pessimism must be 0 or more, got ${kappa}`);
  if (logs.length === 0) throw new Error('the log holds no decisions');
  const predictions = crossFitPredictions(logs);
  const acc = new Map<string, { n: number; sum: number; sum2: number }>();
  logs.forEach((d, i) => {
    const segment = typeof d.context.segment === 'string' ? d.context.segment : '';
    d.actions.forEach((a, k) => {
      const rhat = predictions[i][k];
      const gamma = rhat + (a === d.action ? (d.reward - rhat) / d.propensity : 0);
      const key = `${segment}|${a}`;
      const e = acc.get(key) ?? { n: 0, sum: 0, sum2: 0 };
      e.n++;
      e.sum += gamma;
      e.sum2 += gamma * gamma;
      acc.set(key, e);
    });
  });
  const cells: OfflineLearnResult['cells'] = {};
  const means: Record<string, number> = {};
  let lowest = Infinity;
  for (const [key, { n, sum, sum2 }] of acc) {
    const value = sum / n;
    const variance = n > 1 ? Math.max(0, (sum2 - n * value * value) / (n - 1)) : 0;
    const se = Math.sqrt(variance / n);
    cells[key] = { n, value, se };
    // One round gives no standard error: such a cell takes the fallback (the least attractive value).
    if (n < 2) continue;
    means[key] = value - kappa * se;
    lowest = Math.min(lowest, means[key]);
  }
  return {
    model: {
      schema: POLICY_MODEL_SCHEMA,
      policy: kappa > 0 ? 'offline-dr-pessimistic' : 'offline-dr',
      form: 'table',
      key: 'segment-product',
      epsilon: 0,
      means,
      // A segment and product never offered together in the logs: the least attractive value.
      fallback: Number.isFinite(lowest) ? lowest : 0,
    },
    cells,
  };
}
