/**
 * `graphrec learn-policy`: a policy learned from decision logs alone (DR policy optimisation with
 * pessimism, libs/decide learn.ts), frozen into a model file. It learns on the even rounds of the
 * file and reports its own doubly robust estimate on the odd ones (a value estimated on the rounds
 * it learned from would flatter it); `simulate --policy MODEL` gives its exact truth.
 */
import { DEFAULT_PESSIMISM, LogFormatError, evaluateOffPolicy, frozenPolicy, learnOffline, parseLogs, type LoggedDecision } from '@graphrec/decide';
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_SEED, parseNonNegativeNumber, parseSeed } from '../options';
import { DecideInputError, withInputErrors, writeJson } from './decide-shared';

interface LearnPolicyOptions {
  logs: string;
  out: string;
  pessimism: number;
  json?: string;
  seed: number;
}

function readLogs(path: string): LoggedDecision[] {
  if (!existsSync(path)) throw new DecideInputError(`${path}: no such file`);
  try {
    return parseLogs(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof LogFormatError) throw new DecideInputError(`${path}: ${error.message}`);
    throw error;
  }
}

function runLearnPolicy(options: LearnPolicyOptions): void {
  const logs = readLogs(options.logs);
  const train = logs.filter((_, i) => i % 2 === 0);
  const heldOut = logs.filter((_, i) => i % 2 === 1);
  if (heldOut.length === 0) throw new DecideInputError(`${options.logs}: at least two decisions are needed (one to learn from, one to evaluate on)`);
  const { model, cells } = learnOffline(train, { pessimism: options.pessimism });
  writeJson(options.out, model);
  const report = evaluateOffPolicy(heldOut, frozenPolicy(model, options.seed), { estimators: ['ips', 'snips', 'dr'], seed: options.seed });
  const logged = heldOut.reduce((s, d) => s + d.reward, 0) / heldOut.length;
  process.stdout.write(`learned ${model.policy} on ${train.length} decisions (${Object.keys(cells).length} segment × product cells, pessimism ${options.pessimism}); wrote ${options.out}\n`);
  process.stdout.write(`on the ${heldOut.length} held-out decisions: logging policy's click rate ${logged.toFixed(4)}\n`);
  for (const [name, e] of Object.entries(report.estimators)) {
    process.stdout.write(`  learned policy ${name.padEnd(5)} ${e.value.toFixed(4)}  95% CI [${e.ci_low.toFixed(4)}, ${e.ci_high.toFixed(4)}]  ESS ${e.ess.toFixed(0)}\n`);
  }
  if (options.json) {
    writeJson(options.json, { ...report, logged_value: logged, trained_on: train.length, pessimism: options.pessimism });
    process.stdout.write(`wrote ${options.json}\n`);
  }
}

export function learnPolicyCommand(): Command {
  return new Command('learn-policy')
    .description('learn a next-product policy from decision logs alone (doubly robust, pessimistic), frozen into a model file (no Neo4j)')
    .requiredOption('--logs <file.jsonl>', 'decision log (graphrec simulate --logs)')
    .requiredOption('--out <model.json>', 'where to write the frozen policy')
    .option('--pessimism <k>', 'standard errors subtracted from each (segment, product) value', (v) => parseNonNegativeNumber(v, '--pessimism'), DEFAULT_PESSIMISM)
    .option('--json <file>', 'write the held-out OPE report as JSON')
    .option('--seed <n>', 'seed of the bootstrap intervals', (v) => parseSeed(v), DEFAULT_SEED)
    .action(async (options: LearnPolicyOptions) => withInputErrors('learn-policy', () => runLearnPolicy(options)));
}
