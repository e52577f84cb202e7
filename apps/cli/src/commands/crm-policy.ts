/**
 * `graphrec crm-policy`: the sequential CRM policy on a simulated world (issue 11 §4,
 * docs/decide.md "Sequential CRM policy"). Logs every user's 12-week programme under
 * epsilon-popularity, learns the one-step and the sequential (conservative fitted-Q) policies on
 * half the users, and reports each policy's exact 12-week value beside its fitted-Q evaluation
 * estimate on the other half. No Neo4j.
 */
import { CRM_WEEKS } from '@graphrec/datagen';
import { crmChart, DEFAULT_PESSIMISM, runCrmExperiment } from '@graphrec/decide';
import { renderLineChart } from '@graphrec/eval';
import { Command } from 'commander';
import { DEFAULT_SEED, parseNonNegativeNumber, parsePositiveInt, parseProbability, parseSeed } from '../options';
import { DEFAULT_SIM_USERS, withInputErrors, writeFileAtomically, writeJson } from './decide-shared';

interface CrmPolicyOptions {
  users: number;
  seed: number;
  weeks: number;
  epsilon: number;
  pessimism: number;
  json?: string;
  chart?: string;
}

function runCrmPolicy(options: CrmPolicyOptions): void {
  const started = Date.now();
  const result = runCrmExperiment({ users: options.users, seed: options.seed, weeks: options.weeks, epsilon: options.epsilon, pessimism: options.pessimism });
  const out = process.stdout;
  out.write(`${options.users} users, seed ${options.seed}: ${result.log.steps} weeks logged by epsilon-popularity (ε = ${options.epsilon}); learned on ${result.log.train_users} users, FQE on the other ${result.log.held_out_users}\n`);
  out.write(`${'policy'.padEnd(32)} ${`true ${options.weeks}-week value`.padStart(20)} ${'FQE estimate'.padStart(13)} ${'FQE error'.padStart(10)}\n`);
  for (const p of result.policies) {
    out.write(`${p.name.padEnd(32)} ${p.true_value.toFixed(3).padStart(20)} ${p.fqe.toFixed(3).padStart(13)} ${`${(100 * p.fqe_error).toFixed(1)}%`.padStart(10)}\n`);
  }
  out.write(`values are expected price paid per user; the truth is exact (error bound ${result.truth_error_bound.toExponential(1)} per user); ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (options.json) {
    writeJson(options.json, result);
    out.write(`wrote ${options.json}\n`);
  }
  if (options.chart) {
    const svg = renderLineChart(crmChart([result], [`graphrec crm-policy --users ${options.users} --seed ${options.seed} --pessimism ${options.pessimism}`]));
    writeFileAtomically(options.chart, svg);
    out.write(`wrote ${options.chart}\n`);
  }
}

export function crmPolicyCommand(): Command {
  return new Command('crm-policy')
    .description('sequential CRM policy on a simulated world: one-step vs conservative fitted-Q learner, fitted-Q evaluation against the exact 12-week value (no Neo4j)')
    .option('--users <n>', 'users of the simulated world', (v) => parsePositiveInt(v, '--users', 1_000_000), DEFAULT_SIM_USERS)
    .option('--seed <n>', 'world seed', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--weeks <n>', 'weeks of the programme', (v) => parsePositiveInt(v, '--weeks', 104), CRM_WEEKS)
    .option('--epsilon <e>', "the logging policy's exploration (epsilon-popularity)", (v) => parseProbability(v, '--epsilon'), 0.2)
    .option('--pessimism <k>', 'standard errors subtracted from each (segment, product) value by both learners', (v) => parseNonNegativeNumber(v, '--pessimism'), DEFAULT_PESSIMISM)
    .option('--json <file>', 'write the figures as JSON')
    .option('--chart <file.svg>', 'cumulative expected value by week, one line per policy')
    .action(async (options: CrmPolicyOptions) => withInputErrors('crm-policy', () => runCrmPolicy(options)));
}
