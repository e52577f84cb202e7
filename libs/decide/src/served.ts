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
import { DEFAULT_PROBABILITY_DRAWS, ThompsonPolicy } from './policies/thompson';
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
 * fixed, so users offered the same products share one vector. Bounded; cleared when full.
 */
const MAX_HELD_VECTORS = 10_000;

/** Thompson's served policy never reads the context (per product, not per segment): one fixed context builds its bank. */
const NO_CONTEXT: DecisionContext = Object.freeze({ userId: '', segment: '', features: {} });

/**
 * Thompson's sample bank for one snapshot of the counters: `draws` joint posterior draws (one Beta
 * sample per product of the slot, each row one Thompson round), taken once per snapshot. The
 * probability vector of any offered set is then counted on the same rows — how often each offered
 * product holds the largest draw among the offered, add-one smoothed as ThompsonPolicy's Monte
 * Carlo is — so a new offered set costs `draws × |set|` comparisons instead of `draws × |set|` Beta
 * draws (~0.3 ms per set before, under traffic paid again after every change of a counter). It is the
 * same estimator of Thompson's probabilities with the same resolution (1/draws), only with common
 * random numbers across sets; and since a decision is drawn from the very vector it logs, the
 * logged propensity stays the exact probability the served policy chose the action with.
 */
export class ThompsonSampleBank {
  private readonly column = new Map<string, number>();
  private readonly scores: Float64Array;
  private readonly width: number;

  constructor(
    policy: ThompsonPolicy,
    products: readonly string[],
    readonly draws: number,
  ) {
    this.width = products.length;
    products.forEach((p, i) => this.column.set(p, i));
    this.scores = new Float64Array(draws * this.width);
    const row = new Float64Array(this.width);
    for (let d = 0; d < draws; d++) this.scores.set(policy.sample(NO_CONTEXT, products, row), d * this.width);
  }

  /** The vector of an offered set, or undefined when one of its products is not in the bank. */
  probabilities(actions: readonly string[]): Float64Array | undefined {
    const k = actions.length;
    const columns = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      const c = this.column.get(actions[i]);
      if (c === undefined) return undefined;
      columns[i] = c;
    }
    const wins = new Float64Array(k);
    for (let d = 0, base = 0; d < this.draws; d++, base += this.width) {
      let best = -Infinity;
      let winner = 0;
      for (let i = 0; i < k; i++) {
        const v = this.scores[base + columns[i]];
        if (v > best) {
          best = v;
          winner = i;
        }
      }
      wins[winner]++;
    }
    const total = this.draws + k;
    for (let i = 0; i < k; i++) wins[i] = (wins[i] + 1) / total;
    return wins;
  }
}

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
  /** Thompson only: the snapshot's sample bank, built on first use (or by `prepare`). */
  private bank: ThompsonSampleBank | undefined;
  private readonly products: string[];
  private readonly draws: number;
  /** Clicks + shows the counters held when this policy was built: names its version. */
  readonly outcomes: number;

  constructor(
    readonly name: ServedPolicyName,
    arms: readonly ArmCounts[],
    private readonly rng: Rng,
    draws?: number,
  ) {
    this.draws = draws ?? DEFAULT_PROBABILITY_DRAWS;
    this.products = arms.map((a) => a.product);
    const policy = build(name, rng, this.draws);
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

  /** Builds Thompson's sample bank now (the caller's refresh, off the request path); nothing for the other policies. */
  prepare(): void {
    if (this.policy instanceof ThompsonPolicy && !this.bank) this.bank = new ThompsonSampleBank(this.policy, this.products, this.draws);
  }

  /** The probability of each offered product (held per offered set: the policy does not move until the next refresh). */
  probabilities(context: DecisionContext, actions: readonly string[]): Float64Array {
    const key = actions.join('\u0000');
    let p = this.held.get(key);
    if (!p) {
      if (this.held.size >= MAX_HELD_VECTORS) this.held.clear();
      this.prepare();
      p = this.bank?.probabilities(actions) ?? this.policy.probabilities(context, actions);
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
