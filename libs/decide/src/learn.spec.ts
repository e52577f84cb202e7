import { learnOffline } from './learn';
import type { LoggedDecision } from './logs';
import { frozenPolicy } from './registry';

/** Uniform logs over two products in one segment: B is clicked 4× as often as A. */
function logs(): LoggedDecision[] {
  const out: LoggedDecision[] = [];
  for (let i = 0; i < 400; i++) {
    const action = i % 2 === 0 ? 'A' : 'B';
    const reward = action === 'B' ? (i % 10 < 8 ? 1 : 0) : i % 10 === 0 ? 1 : 0;
    out.push({ round: i, user_id: `U${i}`, context: { segment: 's' }, actions: ['A', 'B'], action, propensity: 0.5, reward, value: 0, policy: 'uniform' });
  }
  return out;
}

describe('offline policy learning (DR, pessimistic)', () => {
  it('prefers the product the logs show is better, and pessimism lowers every value', () => {
    const plain = learnOffline(logs(), { pessimism: 0 });
    const careful = learnOffline(logs(), { pessimism: 2 });
    expect(plain.cells['s|B'].value).toBeGreaterThan(plain.cells['s|A'].value);
    expect(plain.cells['s|B'].n).toBe(400); // every round scores every offered product
    for (const key of ['s|A', 's|B']) expect(careful.model.means[key]).toBeLessThan(plain.model.means[key]);
    const p = frozenPolicy(careful.model, 1).probabilities({ userId: 'u', segment: 's', features: {} }, ['A', 'B']);
    expect(Array.from(p)).toEqual([0, 1]);
  });

  it('leaves a cell seen once to the fallback: a model file holds finite numbers only', () => {
    const one: LoggedDecision = { round: 0, user_id: 'U', context: { segment: 'rare' }, actions: ['C'], action: 'C', propensity: 1, reward: 1, value: 0, policy: 'x' };
    const { model, cells } = learnOffline([...logs(), one]);
    expect(cells['rare|C'].n).toBe(1);
    expect(model.means['rare|C']).toBeUndefined();
    expect(Object.values(model.means).every(Number.isFinite) && Number.isFinite(model.fallback)).toBe(true);
  });

  it('refuses empty logs and negative pessimism', () => {
    expect(() => learnOffline([])).toThrow(/no decisions/);
    expect(() => learnOffline(logs(), { pessimism: -1 })).toThrow(/pessimism/);
  });
});
