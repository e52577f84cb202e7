/**
 * `contextual` with `model: 'probit'`: Thompson sampling on a Bayesian probit regression over
 * sparse crossed features, learned online by assumed density filtering — the click model of
 * Graepel et al. 2010 ("Web-scale Bayesian click-through rate prediction", AdPredictor), used for
 * Thompson sampling as in Chapelle and Li 2011. Why it replaced the per-product ridge (contextual.ts)
 * as the default: a click rate of a few percent is a probit/logit quantity — a substitute owned
 * cuts the click hazard by a factor, which a linear model of the rate fits badly — and ADF updates
 * only the weights a round touches, so exploration shrinks where the data is. Features: one weight
 * per product and one per (product, context token). Category-level weights shared across products
 * were tried and did not help (docs/decide.md).
 *
 * Each weight is an independent Gaussian N(μ, σ²) (diagonal posterior), so the score of (x, a) is
 * exactly N(Σμ, Σσ²) and one normal draw per product samples it; p(click) = Φ(score / β) is
 * monotone in the score, so the argmax of the sampled scores is the Thompson choice.
 */
import type { Rng } from '@graphrec/graph-model';
import { tokens } from '../features';
import { argmaxRandom, monteCarloProbabilities, normal } from '../sampling';
import type { DecisionContext, LinearPolicyModel, Policy } from '../types';
import { POLICY_MODEL_SCHEMA } from '../types';
import { DEFAULT_PROBABILITY_DRAWS } from './thompson';

export interface ProbitOptions {
  /** Probit noise β: p(click) = Φ(wᵀx / β). */
  beta?: number;
  /** Prior variance of every weight (mean 0). */
  priorVariance?: number;
  /** Multiplies the sampled standard deviation: < 1 explores less than the posterior says. */
  scale?: number;
  draws?: number;
}

/** Chosen on seeds 100–104 (bench:contextual-tune); docs/decide.md has the grid. */
export const PROBIT_DEFAULTS = { beta: 1, priorVariance: 0.1, scale: 0.3 } as const;

/** Φ(t), the standard normal CDF, through erfc (Numerical Recipes' Chebyshev fit: relative error < 1.2e-7 in the tails). */
export function normalCdf(t: number): number {
  const z = Math.abs(t) / Math.SQRT2;
  const k = 1 / (1 + 0.5 * z);
  const erfc =
    k *
    Math.exp(
      -z * z -
        1.26551223 +
        k * (1.00002368 + k * (0.37409196 + k * (0.09678418 + k * (-0.18628806 + k * (0.27886807 + k * (-1.13520398 + k * (1.48851587 + k * (-0.82215223 + k * 0.17087277)))))))),
    );
  return t >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

const normalPdf = (t: number): number => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);

/** v(t) = φ(t)/Φ(t) and w(t) = v(t)(v(t) + t): the ADF update's mean and variance factors. */
export function probitFactors(t: number): { v: number; w: number } {
  // Far in the left tail φ/Φ ≈ −t; clamping keeps 0/0 away (|t| > 30 never happens with sane weights).
  const c = Math.max(-30, t);
  const v = normalPdf(c) / normalCdf(c);
  return { v, w: v * (v + c) };
}

/**
 * The model itself: independent Gaussian weights keyed by feature name, learned online by assumed
 * density filtering. The policy samples from it; the OPE reward model (ope/reward-model.ts) uses
 * its predictive click probability.
 */
export class ProbitRegression {
  private readonly mu = new Map<string, number>();
  private readonly variance = new Map<string, number>();

  constructor(
    readonly beta: number,
    readonly prior: number,
  ) {
    if (!(beta > 0) || !(prior > 0)) throw new Error('probit: beta and priorVariance must be above 0');
  }

  /** Mean and variance of the score Σw over `features`. */
  score(features: readonly string[]): { mean: number; variance: number } {
    let m = 0;
    let s = 0;
    for (const f of features) {
      m += this.mu.get(f) ?? 0;
      s += this.variance.get(f) ?? this.prior;
    }
    return { mean: m, variance: s };
  }

  /** Predictive p(click) = Φ(m / √(β² + s²)): the weights' uncertainty integrated out. */
  predict(features: readonly string[]): number {
    const { mean, variance } = this.score(features);
    return normalCdf(mean / Math.sqrt(this.beta * this.beta + variance));
  }

  weight(feature: string): number {
    return this.mu.get(feature) ?? 0;
  }

  weights(): IterableIterator<string> {
    return this.mu.keys();
  }

  update(features: readonly string[], clicked: boolean): void {
    const y = clicked ? 1 : -1;
    const { mean, variance } = this.score(features);
    const s2 = this.beta * this.beta + variance;
    const s = Math.sqrt(s2);
    const { v, w } = probitFactors((y * mean) / s);
    for (const f of features) {
      const sigma2 = this.variance.get(f) ?? this.prior;
      this.mu.set(f, (this.mu.get(f) ?? 0) + ((y * sigma2) / s) * v);
      this.variance.set(f, sigma2 * (1 - (sigma2 / s2) * w));
    }
  }
}

/** The weights of (context tokens, action): the product's own and one per (product, token). */
export function probitFeatures(contextTokens: readonly string[], action: string): string[] {
  const out = [`a:${action}`];
  for (const t of contextTokens) out.push(`a:${action}|${t}`);
  return out;
}

/** A context's tokens for the probit model: `bias` is each product's own weight here (a:P), not a token. */
export function probitTokens(context: DecisionContext): string[] {
  return tokens(context).filter((t) => t !== 'bias');
}

export class ProbitThompsonPolicy implements Policy {
  readonly name = 'contextual';
  readonly exact = false;
  readonly stationary = false;
  private readonly model: ProbitRegression;
  private readonly scale: number;
  private readonly draws: number;
  private readonly vocabulary = new Set<string>();

  constructor(
    private readonly rng: Rng,
    options: ProbitOptions = {},
  ) {
    this.model = new ProbitRegression(options.beta ?? PROBIT_DEFAULTS.beta, options.priorVariance ?? PROBIT_DEFAULTS.priorVariance);
    this.scale = options.scale ?? PROBIT_DEFAULTS.scale;
    this.draws = options.draws ?? DEFAULT_PROBABILITY_DRAWS;
    if (!(this.scale >= 0)) throw new Error('probit: scale must be at least 0');
  }

  private sample(contextTokens: readonly string[], actions: readonly string[], out: Float64Array): Float64Array {
    actions.forEach((a, i) => {
      const { mean, variance } = this.model.score(probitFeatures(contextTokens, a));
      out[i] = mean + this.scale * Math.sqrt(variance) * normal(this.rng);
    });
    return out;
  }

  choose(context: DecisionContext, actions: readonly string[]): number {
    return argmaxRandom(this.rng, this.sample(probitTokens(context), actions, new Float64Array(actions.length)));
  }

  probabilities(context: DecisionContext, actions: readonly string[]): Float64Array {
    const x = probitTokens(context);
    return monteCarloProbabilities(this.rng, this.draws, actions.length, (out) => this.sample(x, actions, out));
  }

  update(context: DecisionContext, action: string, reward: number): void {
    const x = probitTokens(context);
    for (const t of x) this.vocabulary.add(t);
    this.model.update(probitFeatures(x, action), reward > 0);
  }

  /**
   * Posterior means as the linear model file (contextual.ts's form): a frozen policy scores xᵀw per
   * product and takes the argmax, which is the argmax of the probit's mean click. The product's own
   * weight sits on the `bias` token.
   */
  freeze(): LinearPolicyModel {
    const vocabulary = ['bias', ...this.vocabulary];
    const weights: Record<string, number[]> = {};
    for (const key of this.model.weights()) {
      if (!key.startsWith('a:') || key.includes('|')) continue;
      const action = key.slice(2);
      weights[action] = vocabulary.map((t) => this.model.weight(t === 'bias' ? `a:${action}` : `a:${action}|${t}`));
    }
    return { schema: POLICY_MODEL_SCHEMA, policy: this.name, form: 'linear', epsilon: 0, vocabulary, weights };
  }
}
