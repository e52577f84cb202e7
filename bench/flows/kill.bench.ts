/**
 * Issue 14's flow target: "a worker killed with SIGKILL mid-step: the run completes, and its
 * outputs equal an undisturbed run's (graph digest, segment memberships, export rows — run ids and
 * timestamps aside)". On a generated world in a fresh local Neo4j (port 7712) and a local Redis
 * (port 6382): one undisturbed run of the daily flow on a `graphrec worker`; then, on the same
 * data loaded afresh, a run whose worker is SIGKILLed `--kill-after` ms into the `--step` step and
 * a second worker takes it over. Prints both runs' step timings, the takeover delay and whether
 * the states are equal.
 *
 *   npm run bench:flows -- [--users 5000] [--epochs 5] [--kill-after 5000] [--step embeddings]
 */
import { generateWorld } from '@graphrec/datagen';
import { FlowRunRecord, Neo4jFlowStore } from '@graphrec/flows';
import { ingest } from '@graphrec/ingest';
import { GraphDb, migrate, repoRoot } from '@graphrec/neo4j';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { firstDifference, flowState, FlowState } from '../../test/support/flow-state';
import { arg } from '../support/args';
import { startFreshNeo4j, stopNeo4j } from '../support/local-neo4j';

const PORT = 7712;
const DATA_DIR = '.data/neo4j-7712';
const REDIS_PORT = 6382;
const REDIS_DIR = '.data/redis-6382';

const stepArg = (): string => {
  const i = process.argv.indexOf('--step');
  return i > 0 ? process.argv[i + 1] : 'embeddings';
};

function redisUrl(): string {
  const env = { ...process.env, REDIS_PORT: String(REDIS_PORT), REDIS_DATA_DIR: REDIS_DIR };
  const script = join(repoRoot(), 'scripts', 'redis.mjs');
  execFileSync(process.execPath, [script, 'start'], { env, stdio: 'ignore' });
  return execFileSync(process.execPath, [script, 'url'], { env, encoding: 'utf8' }).trim();
}

function cli(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [join(repoRoot(), 'apps/cli/bin/graphrec.js'), ...args], { cwd: repoRoot(), env, stdio: ['ignore', 'ignore', 'inherit'] });
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function latest(store: Neo4jFlowStore): Promise<FlowRunRecord | undefined> {
  return (await store.listRuns({ flow: 'daily', limit: 1 }))[0];
}

interface Outcome {
  run: FlowRunRecord;
  state: FlowState;
  wallSeconds: number;
  takeoverSeconds?: number;
}

async function oneRun(world: string, env: NodeJS.ProcessEnv, kill?: { step: string; afterMs: number }): Promise<Outcome> {
  const db: GraphDb = startFreshNeo4j(PORT, DATA_DIR);
  const children: ChildProcess[] = [];
  try {
    await db.verify();
    await migrate(db);
    await ingest(db, [world]);
    const store = new Neo4jFlowStore(db);
    const started = performance.now();
    const a = cli(['worker'], env);
    children.push(a.child);
    const run = cli(['run', '--epochs', String(arg('epochs', 5)), '--no-ranker', '--no-propensity'], env);
    let takeoverSeconds: number | undefined;
    if (kill) {
      await until(async () => ((await latest(store))?.steps.find((s) => s.step === kill.step)?.status === 'running' ? true : undefined));
      await new Promise((r) => setTimeout(r, kill.afterMs));
      const state = (await latest(store))?.steps.find((s) => s.step === kill.step);
      if (state?.status !== 'running') throw new Error(`the ${kill.step} step ended within ${kill.afterMs} ms: use a smaller --kill-after`);
      a.child.kill('SIGKILL');
      const killedAt = Date.now();
      children.push(cli(['worker'], env).child);
      const retried = await until(async () => {
        const s = (await latest(store))?.steps.find((x) => x.step === kill.step);
        return s && s.attempts >= 2 && s.startedAt ? s.startedAt : undefined;
      });
      takeoverSeconds = (Date.parse(retried) - killedAt) / 1000;
    }
    const code = await run.done;
    const wallSeconds = (performance.now() - started) / 1000;
    const record = await latest(store);
    if (code !== 0 || !record) throw new Error(`graphrec run exited ${code}`);
    const file = record.steps.find((s) => s.step === 'export')?.outputs?.file;
    return { run: record, state: await flowState(db, String(file)), wallSeconds, takeoverSeconds };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await db.close();
  }
}

const steps = (run: FlowRunRecord) => run.steps.map((s) => `${s.step} ${s.seconds?.toFixed(1) ?? '-'} s${s.attempts > 1 ? ` (${s.attempts} tries)` : ''}`).join(', ');

async function main(): Promise<void> {
  const users = arg('users', 5_000);
  const step = stepArg();
  const afterMs = arg('kill-after', 5_000);
  const work = join(repoRoot(), '.data', 'bench-flows');
  const world = join(work, `world-${users}`);
  if (!existsSync(join(world, 'events.csv'))) {
    mkdirSync(world, { recursive: true });
    await generateWorld({ users, seed: 42, outDir: world });
  }
  const env = (name: string): NodeJS.ProcessEnv => {
    const out: NodeJS.ProcessEnv = {
      ...process.env,
      NEO4J_PORT: String(PORT),
      NEO4J_DATA_DIR: DATA_DIR,
      GRAPHREC_REDIS_URL: redisUrl(),
      GRAPHREC_FLOW_QUEUE: `bench-${name}-${Date.now()}`,
      GRAPHREC_FLOW_LOCK_MS: '15000',
      GRAPHREC_FLOW_STALLED_MS: '5000',
      GRAPHREC_EXPORT_DIR: join(work, name, 'exports'),
      GRAPHREC_MODEL_DIR: join(work, name, 'models'),
    };
    delete out.NEO4J_URI;
    return out;
  };
  rmSync(join(work, 'undisturbed'), { recursive: true, force: true });
  rmSync(join(work, 'killed'), { recursive: true, force: true });
  const load = loadavg()[0];
  const cpuStart = process.cpuUsage();
  const undisturbed = await oneRun(world, env('undisturbed'));
  const killed = await oneRun(world, env('killed'), { step, afterMs });
  stopNeo4j(PORT, DATA_DIR);
  const diff = {
    digest: firstDifference(killed.state.digest, undisturbed.state.digest),
    memberships: firstDifference(killed.state.memberships, undisturbed.state.memberships),
    exportRows: firstDifference(killed.state.exportRows, undisturbed.state.exportRows),
  };
  const cpu = process.cpuUsage(cpuStart);
  console.log(`world: ${users} users; killed ${step} ${afterMs} ms in; load average at start ${load.toFixed(2)}`);
  console.log(`undisturbed: ${undisturbed.run.status} in ${undisturbed.wallSeconds.toFixed(1)} s — ${steps(undisturbed.run)}`);
  console.log(`killed:      ${killed.run.status} in ${killed.wallSeconds.toFixed(1)} s — ${steps(killed.run)}; takeover ${killed.takeoverSeconds?.toFixed(1)} s after SIGKILL`);
  for (const [what, d] of Object.entries(diff)) console.log(`${what}: ${d === undefined ? 'equal' : `DIFFERENT at ${d}`}`);
  console.log(`graph digest lines: ${undisturbed.state.digest.split('\n').length}; memberships: ${undisturbed.state.memberships.split('\n').length}; export bytes: ${undisturbed.state.exportRows.length}`);
  console.log(`bench process CPU (driver side only; the workers are separate processes): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
  const equal = Object.values(diff).every((d) => d === undefined);
  console.log(`target (completes, outputs equal): ${killed.run.status === 'complete' && equal ? 'MET' : 'NOT MET'}`);
  process.exitCode = equal ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
