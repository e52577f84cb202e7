/**
 * The sequential CRM policy (issue 11 §4), measured: for SEEDS seeds, a world of USERS users, every
 * user's 12-week programme logged by epsilon-popularity (ε = 0.2); the one-step and the sequential
 * (conservative fitted-Q) learners fitted on the even users' programmes; each policy's exact
 * 12-week value under the simulator's truth and its fitted-Q evaluation estimate on the odd users'
 * programmes (libs/decide crm/experiment.ts). Prints figures, CPU seconds; never a test.
 *   npm run bench:crm      (env SEEDS=5 SEED=42 USERS=20000 PESSIMISM=1 EPSILON=0.2 CHART=docs/images/decide-crm.svg JSON=…)
 */
import { renderLineChart } from '@graphrec/eval';
import { crmChart, DEFAULT_PESSIMISM, runCrmExperiment, type CrmExperimentResult } from '@graphrec/decide';
import { CRM_WEEKS } from '@graphrec/datagen';
import { writeFileSync } from 'node:fs';

const SEEDS = Number(process.env.SEEDS ?? 5);
const FIRST_SEED = Number(process.env.SEED ?? 42);
const USERS = Number(process.env.USERS ?? 20_000);
const PESSIMISM = Number(process.env.PESSIMISM ?? DEFAULT_PESSIMISM);
const EPSILON = Number(process.env.EPSILON ?? 0.2);
const WEEKS = CRM_WEEKS;

console.log(`${SEEDS} seeds from ${FIRST_SEED}, ${USERS} users, ${WEEKS}-week programmes logged by epsilon-popularity (ε = ${EPSILON}), pessimism ${PESSIMISM}`);
console.log('| seed | policy | true 12-week value per user | FQE estimate | FQE error | FQE on its own logs (error) |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
const results: CrmExperimentResult[] = [];
const started = process.cpuUsage();
for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
  const r = runCrmExperiment({ users: USERS, seed, weeks: WEEKS, epsilon: EPSILON, pessimism: PESSIMISM, onPolicyCheck: true, onTiming: (name, t, f) => console.error(`  ${name}: truth ${t} ms, FQE ${f} ms`) });
  results.push(r);
  for (const p of r.policies) {
    const own = p.fqe_on_own_logs ?? NaN;
    console.log(`| ${seed} | ${p.name} | ${p.true_value.toFixed(3)} | ${p.fqe.toFixed(3)} | ${(100 * p.fqe_error).toFixed(1)}% | ${own.toFixed(3)} (${((100 * Math.abs(own - p.true_value)) / p.true_value).toFixed(1)}%) |`);
  }
  console.error(`seed ${seed}: ${r.log.steps} logged weeks, held-out logged value per user ${r.log.logged_value_per_user.toFixed(3)}, truth error bound ${r.truth_error_bound.toExponential(1)} per user`);
}
const cpu = process.cpuUsage(started);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const names = results[0].policies.map((p) => p.name);
console.log('\nmean over seeds:');
console.log('| policy | true value | × logging | × one-step | FQE mean error (max) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [i, name] of names.entries()) {
  const v = mean(results.map((r) => r.policies[i].true_value));
  const vsLog = mean(results.map((r) => r.policies[i].true_value / r.policies[0].true_value));
  const vsMyopic = mean(results.map((r) => r.policies[i].true_value / r.policies[1].true_value));
  const errs = results.map((r) => r.policies[i].fqe_error);
  console.log(`| ${name} | ${v.toFixed(3)} | ${vsLog.toFixed(3)} | ${vsMyopic.toFixed(3)} | ${(100 * mean(errs)).toFixed(1)}% (${(100 * Math.max(...errs)).toFixed(1)}%) |`);
}
const wins = results.filter((r) => r.policies[2].true_value > r.policies[1].true_value).length;
console.log(`sequential beats one-step on ${wins}/${results.length} seeds; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
if (process.env.JSON) writeFileSync(process.env.JSON, JSON.stringify(results, null, 2));
if (process.env.CHART) {
  writeFileSync(
    process.env.CHART,
    renderLineChart(crmChart(results, [`npm run bench:crm — ${USERS} users, seeds ${FIRST_SEED}–${FIRST_SEED + SEEDS - 1}, logged by epsilon-popularity (ε = ${EPSILON}), pessimism ${PESSIMISM}`, 'line: mean over seeds; band: min–max'])),
  );
  console.log(`wrote ${process.env.CHART}`);
}
