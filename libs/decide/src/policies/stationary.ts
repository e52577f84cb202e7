/**
 * The stationary policies — the off-policy targets and logging policies: nothing they learn while
 * running, so their probabilities are exact. `popularity` ranks eligible products by how often the
 * world's history bought them (fixed for the whole run); `epsilon-popularity` mixes it with uniform.
 */
import type { Rng } from '@graphrec/graph-model';
import { greedyProbabilities, pick } from '../sampling';
import type { DecisionContext, Policy } from '../types';

abstract class StationaryPolicy implements Policy {
  readonly exact = true;
  readonly stationary = true;
  abstract readonly name: string;

  constructor(protected readonly rng: Rng) {}

  abstract probabilities(context: DecisionContext, actions: readonly string[]): Float64Array;

  choose(context: DecisionContext, actions: readonly string[]): number {
    return pick(this.rng, this.probabilities(context, actions));
  }

  update(): void {
    // Stationary: outcomes change nothing.
  }
}

export class UniformPolicy extends StationaryPolicy {
  readonly name = 'uniform';

  probabilities(_context: DecisionContext, actions: readonly string[]): Float64Array {
    return new Float64Array(actions.length).fill(1 / actions.length);
  }
}

/** Purchases per product in the history; a product never bought counts 0. */
export type Popularity = ReadonlyMap<string, number>;

export class PopularityPolicy extends StationaryPolicy {
  readonly name: string;

  /** `epsilon` = 0: greedy popularity (ties share); above 0: epsilon-popularity. */
  constructor(
    rng: Rng,
    private readonly popularity: Popularity,
    private readonly epsilon = 0,
  ) {
    super(rng);
    if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`epsilon must be in [0, 1], got ${epsilon}`);
    this.name = epsilon > 0 ? 'epsilon-popularity' : 'popularity';
  }

  probabilities(_context: DecisionContext, actions: readonly string[]): Float64Array {
    return greedyProbabilities(
      actions.map((a) => this.popularity.get(a) ?? 0),
      this.epsilon,
    );
  }
}
