/**
 * Issue 14's target "the whole daily flow on the 1M-user world on this machine, measured step by
 * step, < 30 minutes, the slowest step named". Runs `graphrec run` (the daily flow, in-process)
 * against the Neo4j the environment names (NEO4J_PORT / NEO4J_DATA_DIR, local server already
 * started: the world is loaded beforehand with `graphrec ingest --bulk`), samples every 2 s the CPU
 * seconds of the graphrec process tree (with the child process a parallel branch runs on) and of
 * the Neo4j server, the load average and the tree's RSS, and prints each step's wall and CPU
 * seconds from the run's own step records, and the whole run's. CPU seconds are the figure to
 * compare on a shared machine; the run's wall seconds are the target's.
 *
 *   NEO4J_PORT=7792 NEO4J_DATA_DIR=.data/neo4j-1m npm run bench:daily -- [--json FILE] [--timeline SVG] [-- graphrec run options]
 *   npm run bench:daily -- --samples FILE --run RUN_ID [--json FILE] [--timeline SVG]   # a run sampled by another sampler
 *
 * `--timeline SVG` draws the run's steps on a time axis (libs/eval timeline-chart.ts, as the
 * explorer's Runs tab does): the two branches after embeddings overlap.
 */
import { Neo4jFlowStore, FlowRunRecord } from '@graphrec/flows';
import { timelineBars, timelineSvg } from '@graphrec/eval';
import { GraphDb, localServerSettings, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CLOCK_TICKS_PER_SECOND, processCpuTicks, treeCpuTicks, treeRssKiB } from '../support/proc';
import { formatSample, parseSamples, runUsage, stepUsage, usageTable } from './step-usage';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SAMPLE_MS = 2_000;

async function runAndSample(samplesFile: string): Promise<void> {
  const pidFile = join(localServerSettings().dataDir, 'neo4j.pid');
  if (!existsSync(pidFile)) throw new Error(`no local Neo4j running for NEO4J_DATA_DIR (${pidFile} missing): start it first (node scripts/neo4j.mjs start)`);
  const neo4jPid = Number(readFileSync(pidFile, 'utf8').trim());
  const extra = process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : [];
  const child = spawn(process.execPath, [join(repoRoot(), 'apps/cli/bin/graphrec.js'), 'run', ...extra], { cwd: repoRoot(), stdio: ['ignore', 'inherit', 'inherit'] });
  const pid = child.pid as number;
  writeFileSync(samplesFile, '');
  const sample = () => appendFileSync(samplesFile, formatSample({ t: Date.now() / 1000, load: loadavg()[0], nodeTicks: treeCpuTicks(pid), neo4jTicks: processCpuTicks(neo4jPid), rssKiB: treeRssKiB(pid), ticksPerSecond: CLOCK_TICKS_PER_SECOND }) + '\n');
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const code: number | null = await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) process.stderr.write(`graphrec run exited ${code}: the table shows the steps it reached\n`);

}

async function main(): Promise<void> {
  const given = option('samples');
  const samplesFile = given ?? join(repoRoot(), '.data', 'bench', `daily-${new Date().toISOString().replace(/[:.]/g, '')}.samples`);
  if (!given) {
    mkdirSync(join(repoRoot(), '.data', 'bench'), { recursive: true });
    await runAndSample(samplesFile);
  }
  const db = new GraphDb(resolveNeo4jConfig());
  try {
    const store = new Neo4jFlowStore(db);
    const runId = option('run');
    const run: FlowRunRecord | undefined = runId ? await store.getRun(runId) : (await store.listRuns({ flow: 'daily', limit: 1 }))[0];
    if (!run) throw new Error(runId ? `no flow run ${runId}` : 'no daily flow run found');
    const samples = parseSamples(readFileSync(samplesFile, 'utf8'));
    const usage = stepUsage(run, samples);
    const whole = runUsage(run, samples);
    process.stdout.write(usageTable(run, usage, whole) + '\n');
    process.stdout.write(`samples: ${samplesFile}\n`);
    const timeline = option('timeline');
    if (timeline) writeFileSync(timeline, timelineSvg(`Daily flow ${run.id} (${run.status})`, timelineBars(run.startedAt, run.steps)));
    const json = option('json');
    if (json) writeFileSync(json, JSON.stringify({ run: { id: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, ...whole }, steps: usage }, null, 2) + '\n');
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:daily: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
