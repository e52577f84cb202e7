/**
 * The one interface every decision policy implements (choose, update, probabilities), and what a
 * policy may see of a user. Pure: no driver, no clock, no Math.random — randomness comes from a
 * seeded `Rng` (libs/graph-model) handed to the policy when it is made.
 */

/** What the API knows when it decides: never a hidden truth such as the generator's customer type. */
export interface DecisionContext {
  readonly userId: string;
  /** The segment the user is served under ('' when none). */
  readonly segment: string;
  /** Flat features, name → value; strings may hold several values joined by '|' (owned products). */
  readonly features: Readonly<Record<string, string | number>>;
}

export interface Policy {
  /** The name given on the command line (or `model:<policy>` for a frozen model file). */
  readonly name: string;
  /**
   * True when `probabilities` are exact (stationary policies and frozen models); false for
   * learners that sample (Thompson), whose probabilities are Monte Carlo estimates.
   */
  readonly exact: boolean;
  /** True when `update` changes nothing (an off-policy target must be stationary). */
  readonly stationary: boolean;
  /** The probability of showing each of `actions` (sums to 1). */
  probabilities(context: DecisionContext, actions: readonly string[]): Float64Array;
  /** The index into `actions` of the product to show. */
  choose(context: DecisionContext, actions: readonly string[]): number;
  /** Records the outcome of showing `action`: reward 1 = click, 0 = none. */
  update(context: DecisionContext, action: string, reward: number): void;
  /** The learned state as a frozen model file (learners only). */
  freeze?(): PolicyModel;
}

/** A frozen policy (JSON file): greedy on learned means, mixed with `epsilon` uniform exploration. */
export type PolicyModel = TablePolicyModel | LinearPolicyModel;

export const POLICY_MODEL_SCHEMA = 'graphrec.policy-model/1';

interface PolicyModelBase {
  schema: typeof POLICY_MODEL_SCHEMA;
  /** The policy that learned it (thompson, ucb1, offline-dr …). */
  policy: string;
  /** Uniform exploration mixed into the greedy choice: 0 = pure greedy. */
  epsilon: number;
}

/** Expected reward per product, or per (segment, product); `fallback` for keys never seen. */
export interface TablePolicyModel extends PolicyModelBase {
  form: 'table';
  key: 'product' | 'segment-product';
  means: Record<string, number>;
  fallback: number;
}

/** Per-product linear scores over the one-hot tokens of `vocabulary` (contextual). */
export interface LinearPolicyModel extends PolicyModelBase {
  form: 'linear';
  vocabulary: string[];
  weights: Record<string, number[]>;
}
