/**
 * The CRM experiment (`graphrec crm-policy`, bench/decide/crm.bench.ts): log a programme under the
 * logging policy (epsilon-popularity) for every user of a seeded world, learn the one-step and the
 * sequential policies on the even users' programmes, estimate every policy's value by fitted-Q
 * evaluation on the odd users' programmes (never the ones learned from), and compute every policy's
 * exact value under the simulator's truth (libs/datagen crm-world.ts) over all users.
 */
import { CrmWorld, type CrmPolicyFn, type CrmStep } from '@graphrec/datagen';
import { fittedQEvaluation, learnMyopic, learnSequential } from './fitted-q';
import { crmEpsilonPopularity } from './policies';

export interface CrmExperimentOptions {
  users: number;
  seed: number;
  weeks: number;
  /** The logging policy's ε. */
  epsilon: number;
  /** κ of both learners. */
  pessimism: number;
  /** Also run each policy's FQE on its own held-out logs (fqe_on_own_logs). */
  onPolicyCheck?: boolean;
  /** Wall ms of each policy's exact truth and its FQE (benchmarks). */
  onTiming?: (policy: string, truthMs: number, fqeMs: number) => void;
}

export interface CrmPolicyReport {
  name: string;
  /** Exact expected value per user over the programme (the simulator's truth). */
  true_value: number;
  /** Exact expected value per user by week. */
  by_week: number[];
  /** Fitted-Q evaluation's estimate on the held-out users' logged programmes. */
  fqe: number;
  /** |fqe − true_value| / true_value. */
  fqe_error: number;
  /**
   * FQE of the policy on the held-out users' programmes logged by the policy itself (a diagnostic:
   * what FQE gives without distribution shift; only with `onPolicyCheck`).
   */
  fqe_on_own_logs?: number;
}

export interface CrmExperimentResult extends CrmExperimentOptions {
  log: { steps: number; train_users: number; held_out_users: number; logged_value_per_user: number };
  policies: CrmPolicyReport[];
  /** The largest bound, over the policies, on what the exact computation's dropped states could add to a true value (per user). */
  truth_error_bound: number;
}

export function runCrmExperiment(options: CrmExperimentOptions, world = new CrmWorld({ users: options.users, seed: options.seed, weeks: options.weeks })): CrmExperimentResult {
  const logging = crmEpsilonPopularity(world.bandit.popularity, options.epsilon);
  const all = world.bandit.users.map((_, i) => i);
  const trainUsers = all.filter((i) => i % 2 === 0);
  const heldUsers = all.filter((i) => i % 2 === 1);
  // One log: user i's programme is episode i, so the halves are disjoint users.
  const steps = world.episodes(logging);
  const train: CrmStep[] = [];
  const held: CrmStep[] = [];
  for (const s of steps) (s.episode % 2 === 0 ? train : held).push(s);
  const horizon = world.weeks;
  const myopic = learnMyopic(train, { pessimism: options.pessimism });
  const sequential = learnSequential(train, { horizon, pessimism: options.pessimism });
  const candidates: [string, CrmPolicyFn][] = [
    ['logging (epsilon-popularity)', logging],
    ['one-step (myopic)', myopic.policy],
    ['sequential (conservative FQI)', sequential.policy],
  ];
  let pruned = 0;
  const policies = candidates.map(([name, policy]): CrmPolicyReport => {
    const t0 = Date.now();
    const truth = world.trueValue(policy, { users: all });
    pruned = Math.max(pruned, truth.errorBound);
    const t1 = Date.now();
    const fqe = fittedQEvaluation(held, policy, { horizon, episodes: heldUsers.length }).value;
    options.onTiming?.(name, t1 - t0, Date.now() - t1);
    const report: CrmPolicyReport = { name, true_value: truth.value, by_week: truth.byWeek, fqe, fqe_error: Math.abs(fqe - truth.value) / truth.value };
    if (options.onPolicyCheck) {
      const own = world.episodes(policy, { users: heldUsers });
      report.fqe_on_own_logs = fittedQEvaluation(own, policy, { horizon, episodes: heldUsers.length }).value;
    }
    return report;
  });
  const loggedValue = held.reduce((s, x) => s + x.value, 0) / heldUsers.length;
  const { onTiming: _timing, ...recorded } = options;
  return {
    ...recorded,
    log: { steps: steps.length, train_users: trainUsers.length, held_out_users: heldUsers.length, logged_value_per_user: loggedValue },
    policies,
    truth_error_bound: pruned,
  };
}
