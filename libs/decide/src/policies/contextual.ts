/**
 * `contextual`: linear Thompson sampling (Agrawal and Goyal 2013) with one ridge regression per
 * product over the one-hot context (features.ts). Per product: A = λI + Σ x xᵀ (kept as its inverse,
 * updated by Sherman–Morrison), b = Σ r x, μ = A⁻¹ b. Choosing only needs each product's score
 * xᵀθ̃, whose posterior is the scalar N(xᵀμ, v² xᵀA⁻¹x): one normal draw per product, O(nnz²) for a
 * sparse x, instead of a d-dimensional draw.
 */
import type { Rng } from '@graphrec/graph-model';
import { MAX_DIMENSIONS, Vocabulary } from '../features';
import { argmaxRandom, beta, monteCarloProbabilities, normal } from '../sampling';
import type { DecisionContext, LinearPolicyModel, Policy } from '../types';
import { POLICY_MODEL_SCHEMA } from '../types';
import { DEFAULT_PROBABILITY_DRAWS } from './thompson';

const D = MAX_DIMENSIONS;

class Arm {
  readonly ainv = new Float64Array(D * D);
  readonly b = new Float64Array(D);
  readonly mu = new Float64Array(D);
  /** Clicks and shows of the product in any context (the hybrid's shared baseline). */
  clicks = 0;
  shows = 0;

  constructor(lambda: number) {
    for (let i = 0; i < D; i++) this.ainv[i * D + i] = 1 / lambda;
  }

  mean(x: readonly number[]): number {
    let s = 0;
    for (const i of x) s += this.mu[i];
    return s;
  }

  variance(x: readonly number[]): number {
    let s = 0;
    for (const i of x) for (const j of x) s += this.ainv[i * D + j];
    return s;
  }

  update(x: readonly number[], reward: number): void {
    const u = new Float64Array(D);
    for (let r = 0; r < D; r++) {
      let s = 0;
      for (const j of x) s += this.ainv[r * D + j];
      u[r] = s;
    }
    let denom = 1;
    for (const i of x) denom += u[i];
    for (let r = 0; r < D; r++) {
      const f = u[r] / denom;
      if (f === 0) continue;
      for (let c = 0; c < D; c++) this.ainv[r * D + c] -= f * u[c];
    }
    for (const i of x) this.b[i] += reward;
    for (let r = 0; r < D; r++) {
      let s = 0;
      for (let c = 0; c < D; c++) s += this.ainv[r * D + c] * this.b[c];
      this.mu[r] = s;
    }
  }
}

export interface ContextualOptions {
  /** Ridge penalty (prior precision): 5 keeps early rounds from chasing a few clicks. */
  lambda?: number;
  /** Posterior scale v: larger explores more. */
  scale?: number;
  draws?: number;
  /**
   * Hybrid (experiment, off by default): each product's score is a Beta(1 + clicks, 1 + misses)
   * draw of its context-free click rate plus the linear model of the context's deviation from it
   * (fitted on reward − the product's mean), so a product is judged by its overall rate while its
   * context weights are still shrunk to zero.
   */
  hybrid?: boolean;
  /**
   * Shrink toward the running click rate over all products instead of toward 0 (experiment, off by
   * default): each product's model fits reward − that rate, so an untried product starts at the
   * catalogue's rate rather than at zero.
   */
  globalPrior?: boolean;
}

/**
 * Chosen on the demo world, seeds 42–44, 50,000 rounds (mean true value): (v, λ) = (0.05, 5) 0.0901,
 * (0.05, 10) 0.0884, (0.08, 10) 0.0882, (0.03, 3) 0.0842, (0.01, 1) 0.0837, (0.02, 1) 0.0830.
 */
// Re-checked on seeds 100–104 (outside the figures' 42–51; bench:contextual-tune, session 7):
// (0.05, 5) 0.0893, (0.03, 5) 0.0899, (0.05, 10) 0.0900 — within the seeds' spread, so kept.
export const CONTEXTUAL_DEFAULTS = { lambda: 5, scale: 0.05 } as const;

export class ContextualPolicy implements Policy {
  readonly name = 'contextual';
  readonly exact = false;
  readonly stationary = false;
  private readonly vocabulary = new Vocabulary();
  private readonly arms = new Map<string, Arm>();
  private readonly lambda: number;
  private readonly scale: number;
  private readonly draws: number;
  private readonly hybrid: boolean;
  private readonly globalPrior: boolean;
  private clicks = 0;
  private shows = 0;

  constructor(
    private readonly rng: Rng,
    options: ContextualOptions = {},
  ) {
    this.lambda = options.lambda ?? CONTEXTUAL_DEFAULTS.lambda;
    this.scale = options.scale ?? CONTEXTUAL_DEFAULTS.scale;
    this.draws = options.draws ?? DEFAULT_PROBABILITY_DRAWS;
    this.hybrid = options.hybrid ?? false;
    this.globalPrior = options.globalPrior ?? false;
  }

  private arm(action: string): Arm {
    let arm = this.arms.get(action);
    if (!arm) this.arms.set(action, (arm = new Arm(this.lambda)));
    return arm;
  }

  private sample(x: readonly number[], actions: readonly string[], out: Float64Array): Float64Array {
    actions.forEach((a, i) => {
      const arm = this.arm(a);
      const base = this.hybrid ? beta(this.rng, 1 + arm.clicks, 1 + arm.shows - arm.clicks) : this.globalPrior ? this.globalRate() : 0;
      out[i] = base + arm.mean(x) + this.scale * Math.sqrt(Math.max(0, arm.variance(x))) * normal(this.rng);
    });
    return out;
  }

  choose(context: DecisionContext, actions: readonly string[]): number {
    return argmaxRandom(this.rng, this.sample(this.vocabulary.encode(context), actions, new Float64Array(actions.length)));
  }

  probabilities(context: DecisionContext, actions: readonly string[]): Float64Array {
    const x = this.vocabulary.encode(context);
    return monteCarloProbabilities(this.rng, this.draws, actions.length, (out) => this.sample(x, actions, out));
  }

  update(context: DecisionContext, action: string, reward: number): void {
    const arm = this.arm(action);
    if (this.globalPrior) {
      arm.update(this.vocabulary.encode(context), reward - this.globalRate());
      this.clicks += reward > 0 ? 1 : 0;
      this.shows++;
      return;
    }
    if (!this.hybrid) {
      arm.update(this.vocabulary.encode(context), reward);
      return;
    }
    const mean = (1 + arm.clicks) / (2 + arm.shows);
    arm.update(this.vocabulary.encode(context), reward - mean);
    arm.clicks += reward > 0 ? 1 : 0;
    arm.shows++;
  }

  private globalRate(): number {
    return (1 + this.clicks) / (2 + this.shows);
  }

  /** The posterior means μ per product, over the vocabulary's dimensions. */
  freeze(): LinearPolicyModel {
    const size = this.vocabulary.size;
    const weights: Record<string, number[]> = {};
    for (const [action, arm] of this.arms) weights[action] = Array.from(arm.mu.subarray(0, size));
    return { schema: POLICY_MODEL_SCHEMA, policy: this.name, form: 'linear', epsilon: 0, vocabulary: this.vocabulary.list(), weights };
  }
}
