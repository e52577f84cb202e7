/**
 * A frozen model file as a stationary policy: greedy on its learned means (ties share), mixed
 * with `epsilon` uniform exploration — exact probabilities, so it can be an off-policy target and
 * its true value can be computed by the simulator.
 */
import type { Rng } from '@graphrec/graph-model';
import { Vocabulary } from '../features';
import { greedyProbabilities, pick } from '../sampling';
import type { DecisionContext, Policy, PolicyModel } from '../types';
import { POLICY_MODEL_SCHEMA } from '../types';

export class FrozenPolicy implements Policy {
  readonly exact = true;
  readonly stationary = true;
  readonly name: string;
  private readonly vocabulary?: Vocabulary;

  constructor(
    private readonly rng: Rng,
    readonly model: PolicyModel,
  ) {
    this.name = `model:${model.policy}`;
    if (model.form === 'linear') this.vocabulary = new Vocabulary(model.vocabulary);
  }

  /** The model's expected reward of each action. */
  scores(context: DecisionContext, actions: readonly string[]): Float64Array {
    const m = this.model;
    if (m.form === 'table') {
      return Float64Array.from(actions, (a) => m.means[m.key === 'product' ? a : `${context.segment}|${a}`] ?? m.fallback);
    }
    const x = this.vocabulary?.encode(context, false) ?? [];
    return Float64Array.from(actions, (a) => {
      const w = m.weights[a];
      if (!w) return 0;
      let s = 0;
      for (const i of x) s += w[i] ?? 0;
      return s;
    });
  }

  probabilities(context: DecisionContext, actions: readonly string[]): Float64Array {
    return greedyProbabilities(this.scores(context, actions), this.model.epsilon);
  }

  choose(context: DecisionContext, actions: readonly string[]): number {
    return pick(this.rng, this.probabilities(context, actions));
  }

  update(): void {
    // Frozen.
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed model file; the error says which field is wrong. */
export function parsePolicyModel(value: unknown): PolicyModel {
  if (!isRecord(value)) throw new Error('a policy model file holds one JSON object');
  if (value.schema !== POLICY_MODEL_SCHEMA) throw new Error(`schema must be "${POLICY_MODEL_SCHEMA}", got ${JSON.stringify(value.schema)}`);
  if (typeof value.policy !== 'string') throw new Error('policy must be a string');
  const epsilon = value.epsilon;
  if (typeof epsilon !== 'number' || !(epsilon >= 0 && epsilon <= 1)) throw new Error(`epsilon must be a number in [0, 1], got ${JSON.stringify(epsilon)}`);
  const numbers = (v: unknown, what: string): void => {
    if (!isRecord(v)) throw new Error(`${what} must be an object`);
    for (const [k, x] of Object.entries(v)) {
      const ok = typeof x === 'number' ? Number.isFinite(x) : Array.isArray(x) && x.every((y) => typeof y === 'number' && Number.isFinite(y));
      if (!ok) throw new Error(`${what}.${k} must be a finite number${Array.isArray(x) ? ' list' : ''}`);
    }
  };
  if (value.form === 'table') {
    if (value.key !== 'product' && value.key !== 'segment-product') throw new Error('key must be "product" or "segment-product"');
    numbers(value.means, 'means');
    if (typeof value.fallback !== 'number' || !Number.isFinite(value.fallback)) throw new Error('fallback must be a finite number');
    return value as unknown as PolicyModel; // every field checked above
  }
  if (value.form === 'linear') {
    if (!Array.isArray(value.vocabulary) || !value.vocabulary.every((t) => typeof t === 'string')) throw new Error('vocabulary must be a list of strings');
    numbers(value.weights, 'weights');
    return value as unknown as PolicyModel; // every field checked above
  }
  throw new Error(`form must be "table" or "linear", got ${JSON.stringify(value.form)}`);
}
