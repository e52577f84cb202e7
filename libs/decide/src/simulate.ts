/**
 * Runs a policy against an environment that knows the truth (libs/datagen's BanditWorld satisfies
 * `BanditEnvironment`): one user per round, the policy shows one of its eligible products, the
 * outcome is drawn, the policy learns. The truth is used exactly, never sampled, for the value:
 * a round's expected reward is Σ_a π(a|x) p(click|x,a) for a policy with exact probabilities
 * (stationary ones, frozen models) and p(click|x, chosen) for a sampling learner (its expectation
 * given the choice); regret adds up best-arm probability minus that expected reward.
 *
 * Two regrets, because they answer different questions. `regret` compares with each user's best
 * eligible product (what a policy that knew the user perfectly would earn): the price of everything
 * a policy does not know, the context included — no policy that ignores the user can get it below
 * (best − best context-free) × rounds. `regret_fixed` is the classic bandit regret (Lai and Robbins;
 * Lattimore and Szepesvári, ch. 4): against the best context-free policy, which shows each round's
 * user the eligible product with the highest true mean click over the rounds' users — the price of
 * learning which products are good, which is what ε-greedy, UCB1 and Thompson sampling differ in.
 */
import { pick } from './sampling';
import type { LoggedDecision } from './logs';
import type { Policy } from './types';
import { createRng, mixSeed } from '@graphrec/graph-model';

export interface EnvironmentUser {
  readonly userId: string;
  readonly segment: string;
  readonly features: Readonly<Record<string, string | number>>;
  readonly actions: readonly string[];
  readonly click: Float64Array;
  readonly best: number;
}

export interface BanditEnvironment<U extends EnvironmentUser = EnvironmentUser> {
  readonly users: readonly U[];
  roundUsers(rounds: number): Int32Array;
  outcome(round: number, user: U, action: number): { reward: 0 | 1; value: number };
}

export interface SimulationOptions {
  rounds: number;
  seed: number;
  /** Called with each decision (the `--logs` line); the propensity is then exact or Monte Carlo. */
  log?: (decision: LoggedDecision) => void;
  /** Points of the cumulative regret curve kept (evenly spaced rounds, the last round included). */
  curvePoints?: number;
}

/** The `--json` of `graphrec simulate`. */
export interface SimulationSummary {
  policy: string;
  rounds: number;
  seed: number;
  /** Expected reward per round of the policy's decisions under the truth, over the rounds' users. */
  true_value: number;
  /** Clicks collected. */
  reward: number;
  /** Cumulative expected regret against the best eligible product of each round. */
  regret: number;
  /** Cumulative expected regret against the best context-free policy (the classic bandit regret). */
  regret_fixed: number;
}

export interface SimulationResult extends SimulationSummary {
  /** Price paid, summed over the purchases that followed clicks. */
  value: number;
  /** The best eligible product's expected reward per round (the ceiling of true_value). */
  best_value: number;
  /** Rounds with no eligible product (no decision; left out of every mean). */
  skipped: number;
  curve: { round: number; regret: number }[];
}

/** Keeps the logging draw (which action, given its probabilities) apart from the policy's own stream. */
const LOG_STREAM = 0x106d3a11;

export function simulate<U extends EnvironmentUser>(env: BanditEnvironment<U>, policy: Policy, options: SimulationOptions): SimulationResult {
  const { rounds, seed, log, curvePoints = 100 } = options;
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`rounds must be a whole number from 1, got ${rounds}`);
  const users = env.roundUsers(rounds);
  const logRng = createRng(mixSeed(seed, LOG_STREAM));
  const every = Math.max(1, Math.floor(rounds / curvePoints));
  const curve: { round: number; regret: number }[] = [];
  let expected = 0;
  let best = 0;
  let reward = 0;
  let value = 0;
  let regret = 0;
  let regretFixed = 0;
  let skipped = 0;
  const fixedRank = contextFreeMeans(env, users);
  for (let t = 0; t < rounds; t++) {
    const user = env.users[users[t]];
    const actions = user.actions;
    if (actions.length > 0) {
      const context = { userId: user.userId, segment: user.segment, features: user.features };
      // A logged decision is drawn from the very probabilities it records, so its propensity is the
      // probability it was chosen with (for a sampling learner, the Monte Carlo estimate).
      const probabilities = policy.exact || log ? policy.probabilities(context, actions) : undefined;
      const k = probabilities ? pick(logRng, probabilities) : policy.choose(context, actions);
      let roundValue = user.click[k];
      if (policy.exact && probabilities) {
        roundValue = 0;
        for (let i = 0; i < actions.length; i++) roundValue += probabilities[i] * user.click[i];
      }
      const outcome = env.outcome(t, user, k);
      policy.update(context, actions[k], outcome.reward);
      expected += roundValue;
      best += user.best;
      regret += user.best - roundValue;
      regretFixed += user.click[bestByMean(actions, fixedRank)] - roundValue;
      reward += outcome.reward;
      value += outcome.value;
      log?.({
        round: t,
        user_id: user.userId,
        context: { ...user.features },
        actions: [...actions],
        action: actions[k],
        propensity: probabilities ? probabilities[k] : 1,
        reward: outcome.reward,
        value: outcome.value,
        policy: policy.name,
      });
    } else skipped++;
    if ((t + 1) % every === 0 || t === rounds - 1) curve.push({ round: t + 1, regret });
  }
  const decided = Math.max(1, rounds - skipped);
  return {
    policy: policy.name,
    rounds,
    seed,
    true_value: expected / decided,
    reward,
    regret,
    regret_fixed: regretFixed,
    value: Math.round(value * 100) / 100,
    best_value: best / decided,
    skipped,
    curve,
  };
}

/** True mean click per product over the rounds' users eligible for it (each round's user counted once per round). */
export function contextFreeMeans(env: BanditEnvironment, users: ArrayLike<number>): Map<string, number> {
  const sum = new Map<string, number>();
  const count = new Map<string, number>();
  for (let t = 0; t < users.length; t++) {
    const user = env.users[users[t]];
    user.actions.forEach((a, i) => {
      sum.set(a, (sum.get(a) ?? 0) + user.click[i]);
      count.set(a, (count.get(a) ?? 0) + 1);
    });
  }
  return new Map([...sum].map(([a, s]) => [a, s / (count.get(a) ?? 1)]));
}

/** Index of the eligible action with the highest context-free mean (ties: the first listed). */
export function bestByMean(actions: readonly string[], means: ReadonlyMap<string, number>): number {
  let best = 0;
  for (let i = 1; i < actions.length; i++) if ((means.get(actions[i]) ?? 0) > (means.get(actions[best]) ?? 0)) best = i;
  return best;
}
