/**
 * Learners on click counts per product: ε-greedy and UCB1 (Auer, Cesa-Bianchi and Fischer 2002).
 * Both try every product once before trusting means (an untried product comes first), so neither
 * locks onto the first product that happened to be clicked.
 */
import type { Rng } from '@graphrec/graph-model';
import { argmaxRandom, greedyProbabilities, pick } from '../sampling';
import type { DecisionContext, Policy, TablePolicyModel } from '../types';
import { POLICY_MODEL_SCHEMA } from '../types';

/** Shows and clicks per key. */
export class Counts {
  private readonly shows = new Map<string, number>();
  private readonly clicks = new Map<string, number>();
  total = 0;
  totalReward = 0;

  add(key: string, reward: number): void {
    this.shows.set(key, (this.shows.get(key) ?? 0) + 1);
    this.clicks.set(key, (this.clicks.get(key) ?? 0) + reward);
    this.total++;
    this.totalReward += reward;
  }

  /** Sets a key's counts outright (a served slot's shared counters). */
  set(key: string, clicks: number, shows: number): void {
    this.total += shows - this.n(key);
    this.totalReward += clicks - this.sum(key);
    this.shows.set(key, shows);
    this.clicks.set(key, clicks);
  }

  /** Mean reward over every show (0 before any). */
  globalMean(): number {
    return this.total > 0 ? this.totalReward / this.total : 0;
  }

  n(key: string): number {
    return this.shows.get(key) ?? 0;
  }

  sum(key: string): number {
    return this.clicks.get(key) ?? 0;
  }

  /** Frozen means (a model file's table), shrunk by one pseudo-show of `fallback`. */
  means(fallback: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, n] of this.shows) out[key] = (this.sum(key) + fallback) / (n + 1);
    return out;
  }
}

abstract class CountingPolicy implements Policy {
  readonly exact = true;
  readonly stationary = false;
  abstract readonly name: string;
  protected readonly counts = new Counts();

  constructor(protected readonly rng: Rng) {}

  /** Scores of the actions; Infinity for untried ones. */
  protected abstract scores(actions: readonly string[]): Float64Array;
  protected abstract explore(): number;

  probabilities(_context: DecisionContext, actions: readonly string[]): Float64Array {
    return greedyProbabilities(this.scores(actions), this.explore());
  }

  choose(context: DecisionContext, actions: readonly string[]): number {
    const epsilon = this.explore();
    if (epsilon > 0) return pick(this.rng, this.probabilities(context, actions));
    return argmaxRandom(this.rng, this.scores(actions));
  }

  update(_context: DecisionContext, action: string, reward: number): void {
    this.counts.add(action, reward);
  }

  /** Sets a product's counts outright (a served slot's shared counters). */
  restore(key: string, clicks: number, shows: number): void {
    this.counts.set(key, clicks, shows);
  }

  freeze(): TablePolicyModel {
    const fallback = this.counts.globalMean();
    return { schema: POLICY_MODEL_SCHEMA, policy: this.name, form: 'table', key: 'product', epsilon: 0, means: this.counts.means(fallback), fallback };
  }
}

export class EpsilonGreedyPolicy extends CountingPolicy {
  readonly name = 'epsilon-greedy';

  constructor(
    rng: Rng,
    private readonly epsilon = 0.1,
  ) {
    super(rng);
    if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`epsilon must be in [0, 1], got ${epsilon}`);
  }

  protected explore(): number {
    return this.epsilon;
  }

  protected scores(actions: readonly string[]): Float64Array {
    return Float64Array.from(actions, (a) => {
      const n = this.counts.n(a);
      return n === 0 ? Infinity : this.counts.sum(a) / n;
    });
  }
}

export class Ucb1Policy extends CountingPolicy {
  readonly name = 'ucb1';

  protected explore(): number {
    return 0;
  }

  protected scores(actions: readonly string[]): Float64Array {
    const log = Math.log(Math.max(1, this.counts.total));
    return Float64Array.from(actions, (a) => {
      const n = this.counts.n(a);
      return n === 0 ? Infinity : this.counts.sum(a) / n + Math.sqrt((2 * log) / n);
    });
  }
}
