/**
 * `graphrec ope`: off-policy evaluation of a stationary policy (named, or a frozen model file) on
 * decision logs (`simulate --logs`; later `export decisions`). For simulator logs, `--seed` and
 * `--users` name the same world so a named policy sees the same popularity; `--dump DIR` writes the
 * numbers behind the estimates so another OPE library can recompute them.
 */
import { BanditWorld } from '@graphrec/datagen';
import { ESTIMATORS, evaluateOffPolicy, type EstimatorName, type OpeRoundDump } from '@graphrec/decide';
import { Command } from 'commander';
import { join } from 'node:path';
import { DEFAULT_SEED, parseChoiceList, parsePositiveInt, parsePositiveNumber, parseProbability, parseSeed } from '../options';
import { DEFAULT_SIM_USERS, DecideInputError, readDecisionLog, resolvePolicy, withInputErrors, writeFileAtomically, writeJson } from './decide-shared';

interface OpeCommandOptions {
  logs: string;
  policy: string;
  estimators: EstimatorName[];
  json?: string;
  dump?: string;
  seed: number;
  users: number;
  epsilon?: number;
  clip?: number;
  bootstrap: number;
}

async function runOpe(options: OpeCommandOptions): Promise<void> {
  const logs = await readDecisionLog(options.logs);
  let world: BanditWorld | undefined;
  const policy = resolvePolicy({ policy: options.policy, seed: options.seed, epsilon: options.epsilon }, () => (world ??= new BanditWorld({ users: options.users, seed: options.seed })));
  if (!policy.stationary) {
    throw new DecideInputError(`${policy.name} learns as it goes: evaluate it offline as a frozen model file (graphrec simulate --policy ${policy.name} --save-model FILE)`);
  }
  const dumped: string[] = [];
  const report = evaluateOffPolicy(logs, policy, {
    estimators: options.estimators,
    clip: options.clip,
    bootstrap: options.bootstrap,
    seed: options.seed,
    dump: options.dump ? (row: OpeRoundDump) => dumped.push(JSON.stringify(row)) : undefined,
  });
  process.stdout.write(`${report.policy} on ${report.rounds} logged decisions (${options.logs}):\n`);
  for (const [name, e] of Object.entries(report.estimators)) {
    process.stdout.write(`  ${name.padEnd(7)} ${e.value.toFixed(4)}  95% CI [${e.ci_low.toFixed(4)}, ${e.ci_high.toFixed(4)}]  ESS ${e.ess.toFixed(0)}\n`);
  }
  const w = report.weights;
  process.stdout.write(`  weights: max ${w.max.toFixed(2)}, mean ${w.mean.toFixed(3)}, ${w.clip === null ? 'not clipped' : `clipped at ${w.clip} (${w.clipped} rounds)`}\n`);
  for (const [name, why] of Object.entries(report.skipped ?? {})) process.stdout.write(`  ${name}: left out — ${why}\n`);
  if (options.json) {
    writeJson(options.json, report);
    process.stdout.write(`wrote ${options.json}\n`);
  }
  if (options.dump) {
    const file = join(options.dump, 'ope_rounds.jsonl');
    writeFileAtomically(file, `${dumped.join('\n')}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
}

export function opeCommand(): Command {
  return new Command('ope')
    .description('estimate a policy\'s click rate from decision logs (IPS, SNIPS, doubly robust, replay) with bootstrap intervals (no Neo4j)')
    .requiredOption('--logs <file.jsonl>', 'decision log (graphrec simulate --logs)')
    .requiredOption('--policy <name|file>', 'a stationary policy (uniform, popularity, epsilon-popularity) or a model file')
    .option('--estimators <list>', `comma-separated: ${ESTIMATORS.join(', ')}`, parseChoiceList(ESTIMATORS, '--estimators'), [...ESTIMATORS])
    .option('--json <file>', 'write {policy, rounds, estimators: {name: {value, ci_low, ci_high, ess}}, weights}')
    .option('--dump <dir>', 'write per logged round the policy\'s probabilities and the reward model\'s predictions (ope_rounds.jsonl)')
    .option('--seed <n>', 'the simulated world the logs came from (named policies read its popularity); also seeds the bootstrap', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--users <n>', 'users of that world', (v) => parsePositiveInt(v, '--users'), DEFAULT_SIM_USERS)
    .option('--epsilon <e>', 'exploration of epsilon-popularity (default 0.2)', (v) => parseProbability(v, '--epsilon'))
    .option('--clip <m>', 'clip importance weights at m (default: no clipping; the report says how many were)', (v) => parsePositiveNumber(v, '--clip'))
    .option('--bootstrap <n>', 'bootstrap resamples of the intervals', (v) => parsePositiveInt(v, '--bootstrap', 100_000), 500)
    .action(async (options: OpeCommandOptions) => withInputErrors('ope', () => runOpe(options)));
}
