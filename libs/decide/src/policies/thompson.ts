/**
 * Thompson sampling with Beta(1, 1) priors on each product's click rate — per product
 * (`thompson`) or per (segment, product) (`thompson-segment`, which learns each segment's taste
 * apart at the cost of less data per posterior). Choosing draws one posterior sample per eligible
 * product and shows the largest; its probabilities have no closed form and are estimated by
 * `draws` Monte Carlo rounds of the same choice (what `simulate --logs` records as propensity).
 */
import type { Rng } from '@graphrec/graph-model';
import { argmaxRandom, beta, monteCarloProbabilities } from '../sampling';
import type { DecisionContext, Policy, TablePolicyModel } from '../types';
import { POLICY_MODEL_SCHEMA } from '../types';

/** Monte Carlo rounds behind one probability vector; 1/draws is its resolution. */
export const DEFAULT_PROBABILITY_DRAWS = 200;

export class ThompsonPolicy implements Policy {
  readonly exact = false;
  readonly stationary = false;
  readonly name: string;
  /** Per key: [clicks, shows]. */
  private readonly posterior = new Map<string, [number, number]>();
  private shows = 0;
  private clicks = 0;

  constructor(
    private readonly rng: Rng,
    private readonly bySegment = false,
    private readonly draws = DEFAULT_PROBABILITY_DRAWS,
  ) {
    this.name = bySegment ? 'thompson-segment' : 'thompson';
  }

  private key(context: DecisionContext, action: string): string {
    return this.bySegment ? `${context.segment}\u0000${action}` : action;
  }

  /** One posterior draw per action into `out` (one Thompson round's scores; the served slot's sample bank is made of these). */
  sample(context: DecisionContext, actions: readonly string[], out: Float64Array): Float64Array {
    actions.forEach((a, i) => {
      const [c, n] = this.posterior.get(this.key(context, a)) ?? [0, 0];
      out[i] = beta(this.rng, 1 + c, 1 + n - c);
    });
    return out;
  }

  choose(context: DecisionContext, actions: readonly string[]): number {
    return argmaxRandom(this.rng, this.sample(context, actions, new Float64Array(actions.length)));
  }

  probabilities(context: DecisionContext, actions: readonly string[]): Float64Array {
    return monteCarloProbabilities(this.rng, this.draws, actions.length, (out) => this.sample(context, actions, out));
  }

  update(context: DecisionContext, action: string, reward: number): void {
    const key = this.key(context, action);
    const entry = this.posterior.get(key) ?? [0, 0];
    entry[0] += reward;
    entry[1] += 1;
    this.posterior.set(key, entry);
    this.shows++;
    this.clicks += reward;
  }

  /**
   * Sets a key's counts outright (the served slot's shared posterior, read from the store): the
   * policy then decides as if it had seen those outcomes itself.
   */
  restore(key: string, clicks: number, shows: number): void {
    const before = this.posterior.get(key) ?? [0, 0];
    this.posterior.set(key, [clicks, shows]);
    this.clicks += clicks - before[0];
    this.shows += shows - before[1];
  }

  /** The posterior means, frozen: (1 + clicks) / (2 + shows). */
  freeze(): TablePolicyModel {
    const means: Record<string, number> = {};
    for (const [key, [c, n]] of this.posterior) means[key.replace('\u0000', '|')] = (1 + c) / (2 + n);
    return {
      schema: POLICY_MODEL_SCHEMA,
      policy: this.name,
      form: 'table',
      key: this.bySegment ? 'segment-product' : 'product',
      epsilon: 0,
      means,
      fallback: (1 + this.clicks) / (2 + this.shows),
    };
  }
}
