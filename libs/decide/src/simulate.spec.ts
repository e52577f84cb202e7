import { bestByMean, contextFreeMeans, EnvironmentUser, simulate } from './simulate';
import type { Policy } from './types';

// Two users taking turns, both offered products a and b: a is better on average (0.55 vs 0.35), b is best for the second user.
const users: EnvironmentUser[] = [
  { userId: 'u1', segment: 's', features: {}, actions: ['a', 'b'], click: Float64Array.from([0.9, 0.1]), best: 0.9 },
  { userId: 'u2', segment: 's', features: {}, actions: ['a', 'b'], click: Float64Array.from([0.2, 0.6]), best: 0.6 },
];
const env = {
  users,
  roundUsers: (rounds: number) => Int32Array.from({ length: rounds }, (_, t) => t % 2),
  outcome: () => ({ reward: 0 as const, value: 0 }),
};
const always = (product: string): Policy => ({
  name: `always-${product}`,
  exact: true,
  stationary: true,
  probabilities: (_, actions) => Float64Array.from(actions.map((a) => (a === product ? 1 : 0))),
  choose: (_, actions) => actions.indexOf(product),
  update: () => undefined,
});

describe('simulate: the two regrets', () => {
  it('finds the best context-free product from the true means over the rounds', () => {
    const means = contextFreeMeans(env, env.roundUsers(4));
    expect(means.get('a')).toBeCloseTo(0.55, 12);
    expect(means.get('b')).toBeCloseTo(0.35, 12);
    expect(bestByMean(['b', 'a'], means)).toBe(1);
  });

  it('regret counts what knowing the user would add; regret_fixed only what the best context-free policy would', () => {
    const a = simulate(env, always('a'), { rounds: 4, seed: 1 });
    // Always a is the best context-free policy: no classic regret; 0.4 per second user against knowing them.
    expect(a.regret_fixed).toBeCloseTo(0, 12);
    expect(a.regret).toBeCloseTo(0.8, 12);
    const b = simulate(env, always('b'), { rounds: 4, seed: 1 });
    expect(b.regret_fixed).toBeCloseTo(2 * (0.9 - 0.1) + 2 * (0.2 - 0.6), 12);
    expect(b.regret).toBeCloseTo(2 * 0.8, 12);
  });
});
