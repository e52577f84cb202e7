/**
 * A served slot's policy: the same Policy classes the simulator runs, rebuilt from the slot's
 * shared counters (clicks and shows per product, kept by the store every API process shares), and
 * a decision drawn from the very probabilities it records as its propensity — so served decisions
 * log exactly as `simulate --logs` does and `graphrec ope` can judge later policies on them.
 * Pure: counters in, a choice out; the store and the clock live with the caller.
 */
import type { Rng } from '@graphrec/graph-model';
import { EpsilonGreedyPolicy, Ucb1Policy } from './policies/counting';
import { UniformPolicy } from './policies/stationary';
import { ThompsonPolicy } from './policies/thompson';
import { DEFAULT_EPSILON } from './registry';
import { pick } from './sampling';
import type { DecisionContext, Policy } from './types';

/** The policies a slot may serve: those whose state is counts per product (shared counters restore them exactly). */
export const SERVED_POLICIES = ['thompson', 'epsilon-greedy', 'ucb1', 'uniform'] as const;
export type ServedPolicyName = (typeof SERVED_POLICIES)[number];
export const DEFAULT_SERVED_POLICY: ServedPolicyName = 'thompson';

export function isServedPolicy(name: string): name is ServedPolicyName {
  return (SERVED_POLICIES as readonly string[]).includes(name);
}

/** One product's shared counters in one slot. */
export interface ArmCounts {
  product: string;
  shows: number;
  clicks: number;
}

export interface ServedDecision {
  /** Index into the actions offered. */
  index: number;
  /** The probability the action was drawn with. */
  propensity: number;
}

/**
 * Probability vectors held per offered set: between two refreshes of the counters the policy is
 * fixed, so users offered the same products share one vector (Thompson's costs ~200 posterior draws
 * per product). Bounded; cleared when full.
 */
const MAX_HELD_VECTORS = 10_000;

type Restorable = Policy & { restore(key: string, clicks: number, shows: number): void };

function build(name: ServedPolicyName, rng: Rng, draws?: number): Policy | Restorable {
  switch (name) {
    case 'thompson':
      return new ThompsonPolicy(rng, false, draws);
    case 'epsilon-greedy':
      return new EpsilonGreedyPolicy(rng, DEFAULT_EPSILON['epsilon-greedy']);
    case 'ucb1':
      return new Ucb1Policy(rng);
    case 'uniform':
      return new UniformPolicy(rng);
  }
}

export class ServedSlotPolicy {
  private readonly policy: Policy;
  private readonly held = new Map<string, Float64Array>();
  /** Clicks + shows the counters held when this policy was built: names its version. */
  readonly outcomes: number;

  constructor(
    readonly name: ServedPolicyName,
    arms: readonly ArmCounts[],
    private readonly rng: Rng,
    draws?: number,
  ) {
    const policy = build(name, rng, draws);
    let outcomes = 0;
    for (const arm of arms) {
      if (!(arm.shows >= 0 && arm.clicks >= 0 && arm.clicks <= arm.shows)) throw new Error(`arm ${arm.product}: clicks ${arm.clicks} of ${arm.shows} shows`);
      if ('restore' in policy) policy.restore(arm.product, arm.clicks, arm.shows);
      outcomes += arm.shows + arm.clicks;
    }
    this.policy = policy;
    this.outcomes = outcomes;
  }

  /** `thompson@41` : the policy and the outcomes its posterior had seen. */
  get version(): string {
    return `${this.name}@${this.outcomes}`;
  }

  /** The probability of each offered product (held per offered set: the policy does not move until the next refresh). */
  probabilities(context: DecisionContext, actions: readonly string[]): Float64Array {
    const key = actions.join('\u0000');
    let p = this.held.get(key);
    if (!p) {
      if (this.held.size >= MAX_HELD_VECTORS) this.held.clear();
      p = this.policy.probabilities(context, actions);
      this.held.set(key, p);
    }
    return p;
  }

  /** One decision, drawn from `probabilities`; its propensity is the drawn action's probability. */
  decide(context: DecisionContext, actions: readonly string[]): ServedDecision {
    if (actions.length === 0) throw new Error('no product to offer');
    const p = this.probabilities(context, actions);
    const index = pick(this.rng, p);
    return { index, propensity: p[index] };
  }
}
