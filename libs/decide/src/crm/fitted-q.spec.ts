import type { CrmObservation, CrmPolicyFn, CrmStep } from '@graphrec/datagen';
import { fittedQEvaluation, learnMyopic, learnSequential } from './fitted-q';

const at = (segment: string, weeksLeft = 1): CrmObservation => ({ owned: [], segment, ignored: 0, weeksLeft });

/** A logged transition of the hand-made MDP (states A and B, no owned products). */
function step(week: number, from: string, actions: string[], action: string, propensity: number, value: number, to: string | undefined, toActions: string[]): CrmStep {
  return { episode: 0, week, userId: 'u', observation: at(from), actions, action, propensity, clicked: value > 0, value, next: to === undefined ? undefined : { observation: at(to), actions: toActions } };
}

/**
 * A: x pays 1 and leads to B or A (half each), y pays 0 and stays in A. B: z pays 2 and leads to A.
 * Logged in exact proportions, so fitted-Q's tables hold the true means.
 */
function twoStateLog(copies: number): CrmStep[] {
  const out: CrmStep[] = [];
  for (let i = 0; i < copies; i++) {
    out.push(step(0, 'A', ['x', 'y'], 'x', 0.5, 1, 'B', ['z']));
    out.push(step(0, 'A', ['x', 'y'], 'x', 0.5, 1, 'A', ['x', 'y']));
    out.push(step(0, 'A', ['x', 'y'], 'y', 0.5, 0, 'A', ['x', 'y']));
    out.push(step(0, 'A', ['x', 'y'], 'y', 0.5, 0, 'A', ['x', 'y']));
    out.push(step(1, 'B', ['z'], 'z', 1, 2, 'A', ['x', 'y']));
  }
  return out;
}

const half: CrmPolicyFn = (_o, actions) => new Float64Array(actions.length).fill(1 / actions.length);

describe('fitted-Q evaluation', () => {
  it('gives the known value of a policy on a hand-made 2-state MDP', () => {
    const log = twoStateLog(400);
    // By hand, π = half/half in A (z in B): V1(A) = 0.5, V1(B) = 2; V2(A) = 0.5·(1 + 0.5·2 + 0.5·0.5) + 0.5·0.5 = 1.375;
    // V2(B) = 2 + 0.5 = 2.5; V3(A) = 0.5·(1 + 0.5·2.5 + 0.5·1.375) + 0.5·1.375 = 2.15625.
    // The first weeks in the log: 4 in A, 1 (week 1) not a start; each start is A.
    expect(fittedQEvaluation(log, half, { horizon: 1 }).value).toBeCloseTo(0.5, 3);
    expect(fittedQEvaluation(log, half, { horizon: 2 }).value).toBeCloseTo(1.375, 3);
    expect(fittedQEvaluation(log, half, { horizon: 3 }).value).toBeCloseTo(2.15625, 3);
    // Always x: V1(A) = 1, V2(A) = 1 + 0.5·2 + 0.5·1 = 2.5.
    const alwaysX: CrmPolicyFn = (_o, actions) => Float64Array.from(actions, (a) => (a === 'x' || actions.length === 1 ? 1 : 0));
    expect(fittedQEvaluation(log, alwaysX, { horizon: 2 }).value).toBeCloseTo(2.5, 3);
    // Users without a logged week count as worth 0.
    expect(fittedQEvaluation(log, alwaysX, { horizon: 1, episodes: 3200 }).value).toBeCloseTo(0.5, 3);
  });

  it('the sequential learner invests where the one-step learner cashes in', () => {
    // A: `now` pays 1 and stays in A; `invest` pays 0 and leads to B, where `cash` pays 5 (back to A).
    const log: CrmStep[] = [];
    for (let i = 0; i < 300; i++) {
      log.push(step(0, 'A', ['now', 'invest'], 'now', 0.5, 1, 'A', ['now', 'invest']));
      log.push(step(0, 'A', ['now', 'invest'], 'invest', 0.5, 0, 'B', ['cash']));
      log.push(step(1, 'B', ['cash'], 'cash', 1, 5, 'A', ['now', 'invest']));
    }
    const pick = (policy: CrmPolicyFn, weeksLeft: number) => {
      const p = policy(at('A', weeksLeft), ['now', 'invest']);
      return p[0] === 1 ? 'now' : 'invest';
    };
    const myopic = learnMyopic(log, { pessimism: 0 });
    const sequential = learnSequential(log, { horizon: 2, pessimism: 0 });
    expect(pick(myopic.policy, 2)).toBe('now');
    expect(pick(sequential.policy, 2)).toBe('invest');
    // With one week left there is nothing to invest for.
    expect(pick(sequential.policy, 1)).toBe('now');
    // FQE agrees: invest-then-cash is worth 5 over two weeks, now-now 2.
    expect(fittedQEvaluation(log, sequential.policy, { horizon: 2 }).value).toBeCloseTo(5, 1);
    expect(fittedQEvaluation(log, myopic.policy, { horizon: 2 }).value).toBeCloseTo(2, 1);
  });

  it('pessimism keeps a rarely logged, lucky product from winning', () => {
    const log: CrmStep[] = [];
    for (let i = 0; i < 1000; i++) log.push(step(0, 'A', ['safe', 'lucky'], 'safe', 0.997, i % 2 ? 0.5 : 1.5, undefined, []));
    // Promoted three times, paid 9, 0, 9: a mean of 6 from a handful of rounds.
    for (const v of [9, 0, 9]) log.push(step(0, 'A', ['safe', 'lucky'], 'lucky', 0.003, v, undefined, []));
    const choice = (kappa: number) => learnSequential(log, { horizon: 1, pessimism: kappa }).policy(at('A'), ['safe', 'lucky'])[1] === 1 ? 'lucky' : 'safe';
    expect(choice(0)).toBe('lucky');
    expect(choice(2)).toBe('safe');
    expect(() => learnSequential(log, { horizon: 1, pessimism: -1 })).toThrow(/pessimism/);
  });
});
