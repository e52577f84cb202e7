/**
 * The offline-learning target, measured: for SEEDS seeds (default 10), 100,000 rounds logged
 * by epsilon-popularity (ε = 0.2) on the demo world of that seed; `learnOffline` (pessimism 1) on
 * the even rounds, its DR estimate on the odd rounds (as `graphrec learn-policy`), and the exact
 * true values of the learned and the logging policy. Prints figures; never a test.
 *   npm run bench:learn      (env SEEDS=10 ROUNDS=100000 SEED=42 PESSIMISM=1 BOOTSTRAP=100)
 * The last column is the number of logged rounds this seed's held-out interval says the target needs
 * (the 95% half-width within 10% of the estimate: half-width shrinks as 1/√rounds) — a sample-size
 * figure from the logs alone, never from the truth.
 */
import { BanditWorld } from '@graphrec/datagen';
import { createPolicy, evaluateOffPolicy, frozenPolicy, learnOffline, roundsForPrecision, simulate, type LoggedDecision } from '@graphrec/decide';

const SEEDS = Number(process.env.SEEDS ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 100_000);
const FIRST_SEED = Number(process.env.SEED ?? 42);
const PESSIMISM = Number(process.env.PESSIMISM ?? 1);
const BOOTSTRAP = Number(process.env.BOOTSTRAP ?? 100);

console.log(`${SEEDS} seeds from ${FIRST_SEED}, ${ROUNDS} rounds logged by epsilon-popularity, pessimism ${PESSIMISM}`);
console.log('| seed | logging true value | learned true value | ratio | held-out DR [95% CI] | DR error | rounds for ±10% |');
console.log('| ---: | ---: | ---: | ---: | --- | ---: | ---: |');
const ratios: number[] = [];
const errors: number[] = [];
for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
  const world = new BanditWorld({ users: 20_000, seed });
  const logs: LoggedDecision[] = [];
  const logging = simulate(world, createPolicy('epsilon-popularity', { seed, popularity: world.popularity, epsilon: 0.2 }), { rounds: ROUNDS, seed, log: (d) => logs.push(d) });
  const { model } = learnOffline(logs.filter((_, i) => i % 2 === 0), { pessimism: PESSIMISM });
  const truth = simulate(world, frozenPolicy(model, seed), { rounds: ROUNDS, seed }).true_value;
  const estimate = evaluateOffPolicy(logs.filter((_, i) => i % 2 === 1), frozenPolicy(model, seed), { estimators: ['dr'], bootstrap: BOOTSTRAP, seed }).estimators.dr;
  const dr = estimate?.value ?? NaN;
  const roundsNeeded = estimate ? roundsForPrecision(ROUNDS, estimate, 0.1) : undefined;
  ratios.push(truth / logging.true_value);
  errors.push(Math.abs(dr - truth) / truth);
  console.log(`| ${seed} | ${logging.true_value.toFixed(4)} | ${truth.toFixed(4)} | ${(truth / logging.true_value).toFixed(2)} | ${dr.toFixed(4)} [${estimate?.ci_low.toFixed(4)}, ${estimate?.ci_high.toFixed(4)}] | ${(100 * errors[errors.length - 1]).toFixed(1)}% | ${roundsNeeded?.toLocaleString('en-US') ?? '—'} |`);
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`mean ratio ${mean(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}), mean DR error ${(100 * mean(errors)).toFixed(1)}% (max ${(100 * Math.max(...errors)).toFixed(1)}%)`);
