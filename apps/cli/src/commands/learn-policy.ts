/**
 * `graphrec learn-policy`: a policy learned from decision logs alone (DR policy optimisation with
 * pessimism, libs/decide learn.ts), frozen into a model file. It learns on the even rounds of the
 * file and reports its own doubly robust estimate on the odd ones (a value estimated on the rounds
 * it learned from would flatter it); `simulate --policy MODEL` gives its exact truth.
 */
import { DEFAULT_PESSIMISM, evaluateOffPolicy, frozenPolicy, learnOffline, roundsForPrecision } from '@graphrec/decide';
import { Command } from 'commander';
import { DEFAULT_SEED, parseNonNegativeNumber, parseSeed } from '../options';
import { DecideInputError, readDecisionLog, withInputErrors, writeJson } from './decide-shared';

/** The precision the learned policy's held-out estimate is judged against (issue 11: within 10%). */
const PRECISION = 0.1;

interface LearnPolicyOptions {
  logs: string;
  out: string;
  pessimism: number;
  json?: string;
  seed: number;
}

async function runLearnPolicy(options: LearnPolicyOptions): Promise<void> {
  const logs = await readDecisionLog(options.logs);
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
  const dr = report.estimators.dr;
  const needed = dr ? roundsForPrecision(logs.length, dr, PRECISION) : undefined;
  if (dr && needed !== undefined) {
    const halfWidth = (dr.ci_high - dr.ci_low) / 2 / Math.abs(dr.value);
    // The learned policy shows products the logging policy rarely did: its estimate is only as
    // precise as those few rounds allow — say how many logged rounds a ±10% answer would take.
    process.stdout.write(`  the DR interval is ±${(100 * halfWidth).toFixed(1)}% of the estimate; ±${100 * PRECISION}% needs about ${needed.toLocaleString('en-US')} logged decisions (this log: ${logs.length.toLocaleString('en-US')})\n`);
  }
  if (options.json) {
    writeJson(options.json, { ...report, logged_value: logged, trained_on: train.length, pessimism: options.pessimism, rounds_for_10_percent: needed ?? null });
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
