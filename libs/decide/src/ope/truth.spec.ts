/**
 * The estimators against the simulator's exact truth: logs from a uniform and an
 * epsilon-popularity logging policy, targets whose true value on the same rounds' users is known
 * exactly (`simulate` of the target on the same seed: the rounds' users depend only on it).
 * libs/datagen is a test-only dependency here: the library itself never imports the simulator.
 */
import { BanditWorld } from '@graphrec/datagen';
import type { LoggedDecision } from '../logs';
import { createPolicy, frozenPolicy } from '../registry';
import { simulate } from '../simulate';
import type { Policy } from '../types';
import { evaluateOffPolicy } from './evaluate';

const SEED = 11;
const ROUNDS = 20_000;
/** Generous, fixed slack around the 95% interval: the test is seeded, so it cannot flake. */
const SLACK = 0.004;

describe('off-policy estimates bracket the simulator\'s true value', () => {
  const world = new BanditWorld({ users: 2_000, seed: SEED });
  const logsOf = (policy: Policy): LoggedDecision[] => {
    const logs: LoggedDecision[] = [];
    simulate(world, policy, { rounds: ROUNDS, seed: SEED, log: (d) => logs.push(d) });
    return logs;
  };
  const learner = createPolicy('thompson', { seed: SEED + 1 });
  simulate(world, learner, { rounds: 5_000, seed: SEED + 1 });
  const frozen = learner.freeze?.();
  if (!frozen) throw new Error('thompson freezes');
  const targets: Record<string, () => Policy> = {
    popularity: () => createPolicy('popularity', { seed: SEED, popularity: world.popularity }),
    uniform: () => createPolicy('uniform', { seed: SEED }),
    'frozen thompson': () => frozenPolicy(frozen, SEED),
  };
  const loggers: Record<string, () => Policy> = {
    uniform: () => createPolicy('uniform', { seed: SEED }),
    'epsilon-popularity': () => createPolicy('epsilon-popularity', { seed: SEED, popularity: world.popularity, epsilon: 0.2 }),
  };

  for (const [loggerName, logger] of Object.entries(loggers)) {
    const logs = logsOf(logger());
    for (const [targetName, target] of Object.entries(targets)) {
      it(`${targetName} from ${loggerName} logs`, () => {
        const truth = simulate(world, target(), { rounds: ROUNDS, seed: SEED }).true_value;
        const report = evaluateOffPolicy(logs, target(), { estimators: ['ips', 'snips', 'dr', 'replay'], bootstrap: 50, seed: SEED });
        expect(Object.keys(report.estimators).sort()).toEqual(loggerName === 'uniform' ? ['dr', 'ips', 'replay', 'snips'] : ['dr', 'ips', 'snips']);
        // Replay is left out of the claim: Li et al.'s replay assumes one fixed set of arms, and here
        // the eligible products differ per user, so a match is likelier for users with few (biased).
        for (const [name, e] of Object.entries(report.estimators).filter(([n]) => n !== 'replay')) {
          // 20,000 rounds hold few clicks (~4%) and fewer matched ones: the interval is the claim, not a
          // tight relative error (docs/decide.md measures that at 100,000 rounds).
          expect([name, e.ci_low - SLACK <= truth && truth <= e.ci_high + SLACK, e, truth]).toEqual([name, true, e, truth]);
        }
      });
    }
  }
});
