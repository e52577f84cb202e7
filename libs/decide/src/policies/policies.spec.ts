import { createRng } from '@graphrec/graph-model';
import { createPolicy, frozenPolicy } from '../registry';
import { simulate } from '../simulate';
import type { DecisionContext } from '../types';
import { ContextualPolicy } from './contextual';
import { parsePolicyModel } from './frozen';
import { tinyEnvironment, twoContextUsers } from './testing';
import { ThompsonPolicy } from './thompson';

const ctx = (segment = 's'): DecisionContext => ({ userId: 'u', segment, features: { segment, region: 'west' } });
const sum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);

describe('policies', () => {
  const popularity = new Map([
    ['A', 10],
    ['B', 30],
    ['C', 30],
  ]);

  it('stationary policies have exact probabilities', () => {
    expect(Array.from(createPolicy('uniform', { seed: 1 }).probabilities(ctx(), ['A', 'B', 'C', 'D']))).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(createPolicy('popularity', { seed: 1, popularity }).probabilities(ctx(), ['A', 'B', 'C']))).toEqual([0, 0.5, 0.5]);
    const eps = createPolicy('epsilon-popularity', { seed: 1, popularity, epsilon: 0.3 }).probabilities(ctx(), ['A', 'B', 'D']);
    expect(eps[0]).toBeCloseTo(0.1, 12);
    expect(eps[1]).toBeCloseTo(0.8, 12);
    expect(eps[2]).toBeCloseTo(0.1, 12);
  });

  it('Thompson posteriors count clicks and shows, per product or per (segment, product)', () => {
    const t = new ThompsonPolicy(createRng(1));
    t.update(ctx('a'), 'A', 1);
    t.update(ctx('b'), 'A', 0);
    t.update(ctx('a'), 'B', 0);
    expect(t.freeze().means).toEqual({ A: 2 / 4, B: 1 / 3 });
    const s = new ThompsonPolicy(createRng(1), true);
    s.update(ctx('a'), 'A', 1);
    s.update(ctx('b'), 'A', 0);
    expect(s.freeze()).toMatchObject({ key: 'segment-product', means: { 'a|A': 2 / 3, 'b|A': 1 / 3 } });
  });

  it('Monte Carlo probabilities of a sampling policy sum to 1 and favour the better posterior', () => {
    const t = new ThompsonPolicy(createRng(2), false, 400);
    for (let i = 0; i < 50; i++) t.update(ctx(), 'A', i < 25 ? 1 : 0);
    for (let i = 0; i < 50; i++) t.update(ctx(), 'B', i < 5 ? 1 : 0);
    const p = t.probabilities(ctx(), ['A', 'B']);
    expect(sum(p)).toBeCloseTo(1, 12);
    expect(p[0]).toBeGreaterThan(0.95);
    expect(p[1]).toBeGreaterThan(0); // smoothed: never a propensity of 0
  });

  it.each(['thompson', 'ucb1', 'epsilon-greedy'] as const)('%s finds the best arm of a seeded simulation', (name) => {
    const env = tinyEnvironment([0.05, 0.3, 0.12, 0.1]);
    const policy = createPolicy(name, { seed: 3 });
    const result = simulate(env, policy, { rounds: 3000, seed: 3 });
    // Regret per round falls well below uniform's (0.3 − 0.1425 = 0.1575).
    expect(result.regret / result.rounds).toBeLessThan(0.06);
    const p = policy.probabilities(ctx(), ['P0', 'P1', 'P2', 'P3']);
    expect(p[1]).toBe(Math.max(...p));
  });

  it('the contextual policy learns a different best arm per context', () => {
    const users = twoContextUsers();
    const policy = new ContextualPolicy(createRng(4)); // the per-product ridge (tuning runs; probit.spec covers the default)
    const result = simulate(tinyEnvironment([], users), policy, { rounds: 3000, seed: 4 });
    expect(result.true_value).toBeGreaterThan(0.35);
    const frozen = frozenPolicy(parsePolicyModel(JSON.parse(JSON.stringify(policy.freeze()))), 1);
    expect(Array.from(frozen.probabilities({ userId: 'x', segment: 'x', features: { home: 'house' } }, ['A', 'B']))).toEqual([1, 0]);
    expect(Array.from(frozen.probabilities({ userId: 'y', segment: 'y', features: { home: 'flat' } }, ['A', 'B']))).toEqual([0, 1]);
  });

  it('a frozen model is greedy on its means, ε-mixed, with a fallback for unseen products', () => {
    const model = parsePolicyModel({ schema: 'graphrec.policy-model/1', policy: 'thompson', form: 'table', key: 'product', epsilon: 0.2, means: { A: 0.1, B: 0.3 }, fallback: 0.05 });
    const p = frozenPolicy(model, 1).probabilities(ctx(), ['A', 'B', 'C', 'D']);
    expect(Array.from(p).map((x) => Number(x.toFixed(12)))).toEqual([0.05, 0.85, 0.05, 0.05]);
    expect(() => parsePolicyModel({ schema: 'graphrec.policy-model/1', policy: 'x', form: 'table', key: 'product', epsilon: 2, means: {}, fallback: 0 })).toThrow(/epsilon/);
    expect(() => parsePolicyModel({ schema: 'nope' })).toThrow(/schema/);
  });
});
