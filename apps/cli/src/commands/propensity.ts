/**
 * `graphrec propensity --action A [--users N] [--seed S] [--bag K] [--json OUT] [--chart FILE.svg]`: the
 * 30-day propensity of a high-value action on a generated world (libs/decide/src/propensity),
 * gradient-boosted trees (calibrated) against logistic regression, the segment's base rate and the
 * oracle that knows the true probabilities. No Neo4j: the world is generated in memory from the seed.
 */
import { propensityWorld } from '@graphrec/datagen';
import { evaluatePropensity, HIGH_VALUE_ACTIONS, MAX_BAG, actionByName, type PropensityReport } from '@graphrec/decide';
import { renderLineChart } from '@graphrec/eval';
import { xgboostAvailable } from '@graphrec/rank';
import { Command } from 'commander';
import { DEFAULT_SEED, parsePositiveInt, parseSeed } from '../options';
import { DecideInputError, DEFAULT_SIM_USERS, withInputErrors, writeFileAtomically, writeJson } from './decide-shared';

interface PropensityOptions {
  action: string;
  users: number;
  seed: number;
  bag: number;
  json?: string;
  chart?: string;
}

const CHART_MODELS = ['oracle', 'xgboost', 'logistic', 'segment-rate'] as const;

/** The reliability diagram: observed rate against mean predicted probability per equal-mass bin, one line per model. */
export function reliabilityChart(report: PropensityReport): string {
  const max = Math.max(...CHART_MODELS.flatMap((m) => report.models[m].bins.flatMap((b) => [b.predicted, b.observed])));
  return renderLineChart({
    title: `Reliability: ${report.action} within ${report.windowDays} days (test users)`,
    subtitle: [`graphrec propensity --action ${report.action} --users ${report.users} --seed ${report.seed}`, '10 equal-mass bins; on the diagonal = calibrated'],
    xLabel: 'mean predicted probability',
    yLabel: 'observed rate',
    series: [
      { name: 'calibrated (diagonal)', x: [0, max], y: [0, max] },
      ...CHART_MODELS.map((m) => ({ name: `${m} (ECE ${report.models[m].ece.toFixed(3)})`, x: report.models[m].bins.map((b) => b.predicted), y: report.models[m].bins.map((b) => b.observed) })),
    ],
  });
}

function runPropensity(options: PropensityOptions): void {
  if (!actionByName(options.action)) throw new DecideInputError(`--action: unknown "${options.action}"; known: ${HIGH_VALUE_ACTIONS.map((a) => a.name).join(', ')}`);
  if (!xgboostAvailable()) throw new DecideInputError('libxgboost is not installed (apt-get install libxgboost0): the propensity model needs it');
  const world = propensityWorld({ users: options.users, seed: options.seed, actions: HIGH_VALUE_ACTIONS });
  const report = evaluatePropensity(world, options.action, { seed: options.seed, bag: options.bag });
  const out = process.stdout;
  out.write(`${report.action} (${report.categories.join(', ')}) within ${report.windowDays} days: ${report.users} users (train ${report.split.train}, validation ${report.split.validation}, test ${report.split.test}); takers ${report.positives.train}/${report.positives.validation}/${report.positives.test}; ${report.features} features\n`);
  for (const [name, m] of Object.entries(report.models)) out.write(`  ${name.padEnd(22)} AUC ${m.auc.toFixed(4)}  PR-AUC ${m.prAuc.toFixed(4)}  ECE ${m.ece.toFixed(4)}\n`);
  out.write(`xgboost: ${report.xgboost.boosters > 1 ? `${report.xgboost.boosters} boosters over as many folds, ${report.xgboost.rounds} rounds on average` : `${report.xgboost.rounds} rounds`}; AUC ${(report.targets.aucShareOfOracle * 100).toFixed(1)}% of the oracle's (target ≥ 97%), ${report.targets.aboveLogistic ? 'above' : 'NOT above'} logistic regression, ECE ${report.targets.ece.toFixed(4)} (target ≤ 0.02); ${report.seconds.toFixed(1)} s\n`);
  if (options.json) {
    writeJson(options.json, report);
    out.write(`wrote ${options.json}\n`);
  }
  if (options.chart) {
    writeFileAtomically(options.chart, reliabilityChart(report));
    out.write(`wrote ${options.chart}\n`);
  }
}

export function propensityCommand(): Command {
  return new Command('propensity')
    .description('evaluate the 30-day propensity of a high-value action on a generated world: calibrated gradient-boosted trees vs logistic regression, segment base rate and the true probabilities (no Neo4j)')
    .requiredOption('--action <name>', `the action: ${HIGH_VALUE_ACTIONS.map((a) => a.name).join(', ')}`)
    .option('--users <n>', 'users of the generated world', (v) => parsePositiveInt(v, '--users'), DEFAULT_SIM_USERS)
    .option('--seed <n>', 'the world and the split', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--bag <k>', `bagging: k boosters over k folds of the non-test users, each early-stopped on its fold, calibrated on the out-of-fold scores (1 = one booster on the train part; at most ${MAX_BAG})`, (v) => parsePositiveInt(v, '--bag', MAX_BAG), 1)
    .option('--json <file>', 'write the report (AUC, PR-AUC, ECE and reliability bins per model)')
    .option('--chart <file.svg>', 'write the reliability diagram')
    .action(async (options: PropensityOptions) => withInputErrors('propensity', () => runPropensity(options)));
}
