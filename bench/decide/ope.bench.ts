/**
 * The issue's OPE targets, measured: for SEEDS seeds (default 20), 100,000 rounds logged by
 * `uniform` and by `epsilon-popularity` (ε = 0.2) on the demo world of that seed; for the issue's
 * three stationary targets — uniform, popularity, epsilon-popularity (the logging policy itself
 * among them: its rows are on-policy, w = 1, a sanity check) — and, beyond the issue, a frozen
 * Thompson policy (learned on 50,000 rounds of the same world), the mean over seeds of
 * |estimate − truth| / truth per estimator, and how often the 95% interval holds the exact truth.
 * Prints figures; never a test.
 *   npm run bench:ope      (env SEEDS=20 ROUNDS=100000 BOOTSTRAP=200 SEED=42
 *                           TARGETS=uniform,popularity,epsilon-popularity,frozen-thompson; ~20 minutes on 2 cores)
 */
import { BanditWorld } from '@graphrec/datagen';
import { createPolicy, evaluateOffPolicy, frozenPolicy, simulate, type LoggedDecision, type Policy, type PolicyModel } from '@graphrec/decide';

const SEEDS = Number(process.env.SEEDS ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 100_000);
const BOOTSTRAP = Number(process.env.BOOTSTRAP ?? 200);
const FIRST_SEED = Number(process.env.SEED ?? 42);
const TARGET_NAMES = new Set((process.env.TARGETS ?? 'uniform,popularity,epsilon-popularity,frozen-thompson').split(','));

type Cell = { error: number[]; covered: number[] };
const cells = new Map<string, Cell>();
const cell = (key: string): Cell => {
  let c = cells.get(key);
  if (!c) cells.set(key, (c = { error: [], covered: [] }));
  return c;
};

for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
  const world = new BanditWorld({ users: 20_000, seed });
  const learnThompson = (): PolicyModel => {
    const learner = createPolicy('thompson', { seed });
    simulate(world, learner, { rounds: 50_000, seed });
    const model = learner.freeze?.();
    if (!model) throw new Error('thompson freezes');
    return model;
  };
  let thompson: PolicyModel | undefined;
  const targets: Record<string, () => Policy> = Object.fromEntries(
    Object.entries({
      uniform: () => createPolicy('uniform', { seed }),
      popularity: () => createPolicy('popularity', { seed, popularity: world.popularity }),
      'epsilon-popularity': () => createPolicy('epsilon-popularity', { seed, popularity: world.popularity, epsilon: 0.2 }),
      // Learned once per seed (only when asked for); each use gets a fresh policy on it, as before.
      'frozen-thompson': () => frozenPolicy((thompson ??= learnThompson()), seed),
    } satisfies Record<string, () => Policy>).filter(([name]) => TARGET_NAMES.has(name)),
  );
  const truths = Object.fromEntries(Object.entries(targets).map(([name, make]) => [name, simulate(world, make(), { rounds: ROUNDS, seed }).true_value]));
  for (const logger of ['uniform', 'epsilon-popularity'] as const) {
    const logs: LoggedDecision[] = [];
    simulate(world, createPolicy(logger, { seed, popularity: world.popularity, epsilon: 0.2 }), { rounds: ROUNDS, seed, log: (d) => logs.push(d) });
    for (const [name, make] of Object.entries(targets)) {
      const report = evaluateOffPolicy(logs, make(), { estimators: ['ips', 'snips', 'dr'], bootstrap: BOOTSTRAP, seed });
      for (const [estimator, e] of Object.entries(report.estimators)) {
        const c = cell(`${logger}\t${name === logger ? `${name} (on-policy)` : name}\t${estimator}`);
        c.error.push(Math.abs(e.value - truths[name]) / truths[name]);
        c.covered.push(e.ci_low <= truths[name] && truths[name] <= e.ci_high ? 1 : 0);
      }
    }
  }
  process.stderr.write(`seed ${seed} done\n`);
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`${SEEDS} seeds from ${FIRST_SEED}, ${ROUNDS} logged rounds, ${BOOTSTRAP} bootstrap resamples`);
console.log('| logs | target | estimator | mean \\|error\\| / truth | 95% coverage |');
console.log('| --- | --- | --- | ---: | ---: |');
for (const [key, c] of cells) {
  const [logger, target, estimator] = key.split('\t');
  console.log(`| ${logger} | ${target} | ${estimator} | ${(100 * mean(c.error)).toFixed(1)}% | ${(100 * mean(c.covered)).toFixed(0)}% |`);
}
