/**
 * `graphrec ope` without the files: the target policy's probabilities on every logged round, the
 * cross-fitted reward model's predictions, and the requested estimators.
 */
import { createRng, mixSeed } from '@graphrec/graph-model';
import { contextOf, type LoggedDecision } from '../logs';
import { pick } from '../sampling';
import type { Policy } from '../types';
import { estimateReplay, estimateWeighted, weightSummary, type Estimate, type EstimatorName, type RoundTerms } from './estimators';
import { crossFitPredictions } from './reward-model';

export interface OpeOptions {
  estimators: readonly EstimatorName[];
  clip?: number;
  bootstrap?: number;
  seed?: number;
  /** Called per logged round with what the estimates were computed from (`--dump`). */
  dump?: (row: OpeRoundDump) => void;
}

export interface OpeRoundDump {
  round: number;
  actions: string[];
  action: string;
  propensity: number;
  reward: number;
  /** The evaluated policy's probability of every offered action. */
  target_probabilities: number[];
  /** The reward model's prediction for every offered action (fitted on the other fold). */
  reward_predictions: number[];
}

/** The `--json` of `graphrec ope`. */
export interface OpeReport {
  policy: string;
  rounds: number;
  estimators: Partial<Record<EstimatorName, Estimate>>;
  weights: ReturnType<typeof weightSummary>;
  /** Why a requested estimator was left out (replay on logs that are not uniform). */
  skipped?: Partial<Record<EstimatorName, string>>;
}

/** Logs are uniform when every propensity is 1 / (actions offered), up to rounding. */
export function isUniformLog(logs: readonly LoggedDecision[]): boolean {
  return logs.every((d) => Math.abs(d.propensity * d.actions.length - 1) < 1e-6);
}

const REPLAY_STREAM = 0x4e91a7;

export function evaluateOffPolicy(logs: readonly LoggedDecision[], policy: Policy, options: OpeOptions): OpeReport {
  if (!policy.stationary) throw new Error(`${policy.name} learns as it goes: evaluate it offline as a frozen model file (simulate --save-model)`);
  if (logs.length === 0) throw new Error('the log holds no decisions');
  const { estimators, clip = Infinity, bootstrap, seed = 1 } = options;
  if (!(clip > 0)) throw new Error(`clip must be above 0, got ${clip}`);
  const n = logs.length;
  const terms: RoundTerms = { weight: new Float64Array(n), reward: new Float64Array(n), direct: new Float64Array(n), predicted: new Float64Array(n) };
  const predictions = crossFitPredictions(logs);
  const matched = new Uint8Array(n);
  const replayRng = createRng(mixSeed(seed, REPLAY_STREAM));
  logs.forEach((d, i) => {
    const pi = policy.probabilities(contextOf(d), d.actions);
    const k = d.actions.indexOf(d.action);
    const rhat = predictions[i];
    let direct = 0;
    for (let a = 0; a < pi.length; a++) direct += pi[a] * rhat[a];
    terms.weight[i] = pi[k] / d.propensity;
    terms.reward[i] = d.reward;
    terms.direct[i] = direct;
    terms.predicted[i] = rhat[k];
    matched[i] = pick(replayRng, pi) === k ? 1 : 0;
    options.dump?.({
      round: d.round,
      actions: d.actions,
      action: d.action,
      propensity: d.propensity,
      reward: d.reward,
      target_probabilities: Array.from(pi),
      reward_predictions: Array.from(rhat),
    });
  });
  const out: OpeReport = { policy: policy.name, rounds: n, estimators: {}, weights: weightSummary(terms.weight, clip) };
  const weighted = estimators.some((e) => e !== 'replay') ? estimateWeighted(terms, { clip, bootstrap, seed }) : undefined;
  for (const name of estimators) {
    if (name === 'replay') {
      if (isUniformLog(logs)) out.estimators.replay = estimateReplay(matched, terms.reward, { bootstrap, seed });
      else out.skipped = { ...out.skipped, replay: 'replay needs uniformly random logs (every propensity 1 / actions offered)' };
    } else if (weighted) out.estimators[name] = weighted[name];
  }
  return out;
}
