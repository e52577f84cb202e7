import { createRng } from '@graphrec/graph-model';
import { createPolicy, frozenPolicy } from '../registry';
import { simulate } from '../simulate';
import { parsePolicyModel } from './frozen';
import { ProbitThompsonPolicy, normalCdf, probitFactors } from './probit';
import { tinyEnvironment, twoContextUsers } from './testing';

describe('probit Thompson (AdPredictor-style ADF)', () => {
  it('Φ matches known values, to 1e-7 relative in the tails', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1.644853627)).toBeCloseTo(0.05, 7);
    expect(normalCdf(-8) / 6.220960574271785e-16).toBeCloseTo(1, 5);
    const { v, w } = probitFactors(-40); // clamped: finite, φ/Φ ≈ −t
    expect(Number.isFinite(v) && Number.isFinite(w)).toBe(true);
    expect(v).toBeGreaterThan(29);
  });

  it('one update moves the touched weights as the ADF equations say, by hand', () => {
    // Prior N(0, 0.5) on both weights (a:A and a:A|home=house), β = 1, a click (y = +1):
    // s² = 1 + 0.5 + 0.5 = 2, t = 0, v = φ(0)/Φ(0) = 0.7978846, w = v² = 0.6366198;
    // μ ← 0 + 0.5/√2 · v = 0.2820948; σ² ← 0.5 · (1 − 0.5/2 · w) = 0.4204225.
    const p = new ProbitThompsonPolicy(createRng(1), { beta: 1, priorVariance: 0.5, scale: 1 });
    p.update({ userId: 'u', segment: '', features: { home: 'house' } }, 'A', 1);
    const model = p.freeze();
    expect(model.vocabulary).toEqual(['bias', 'home=house']);
    expect(model.weights.A[0]).toBeCloseTo(0.2820948, 6);
    expect(model.weights.A[1]).toBeCloseTo(0.2820948, 6);
    // A miss moves them down by the same rule with y = −1.
    const q = new ProbitThompsonPolicy(createRng(1), { beta: 1, priorVariance: 0.5, scale: 1 });
    q.update({ userId: 'u', segment: '', features: { home: 'house' } }, 'A', 0);
    expect(q.freeze().weights.A[0]).toBeCloseTo(-0.2820948, 6);
  });

  it('`contextual` (the probit model by default) learns a different best arm per context, and its frozen model agrees', () => {
    const policy = createPolicy('contextual', { seed: 4 });
    expect(policy).toBeInstanceOf(ProbitThompsonPolicy);
    const result = simulate(tinyEnvironment([], twoContextUsers()), policy, { rounds: 3000, seed: 4 });
    expect(result.true_value).toBeGreaterThan(0.35);
    const frozen = frozenPolicy(parsePolicyModel(JSON.parse(JSON.stringify(policy.freeze?.()))), 1);
    expect(Array.from(frozen.probabilities({ userId: 'x', segment: 'x', features: { home: 'house' } }, ['A', 'B']))).toEqual([1, 0]);
    expect(Array.from(frozen.probabilities({ userId: 'y', segment: 'y', features: { home: 'flat' } }, ['A', 'B']))).toEqual([0, 1]);
  });

  it('probabilities sum to 1, never 0, and follow the posterior', () => {
    const p = new ProbitThompsonPolicy(createRng(2), { draws: 400 });
    const c = { userId: 'u', segment: '', features: { home: 'house' } };
    for (let i = 0; i < 200; i++) p.update(c, 'A', i % 3 === 0 ? 1 : 0);
    for (let i = 0; i < 200; i++) p.update(c, 'B', i % 30 === 0 ? 1 : 0);
    const probs = p.probabilities(c, ['A', 'B']);
    expect(probs[0] + probs[1]).toBeCloseTo(1, 12);
    expect(probs[0]).toBeGreaterThan(0.9);
    expect(probs[1]).toBeGreaterThan(0);
  });

  it('refuses settings that cannot be a posterior', () => {
    expect(() => new ProbitThompsonPolicy(createRng(1), { beta: 0 })).toThrow(/beta/);
    expect(() => new ProbitThompsonPolicy(createRng(1), { priorVariance: -1 })).toThrow(/priorVariance/);
  });
});
