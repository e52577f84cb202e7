/**
 * The real daily flow on a small generated world, through the real CLI: an undisturbed in-process
 * run; a run whose worker is killed with SIGKILL in the middle of the embeddings step (BullMQ on
 * the test Redis, a second `graphrec worker` takes the step over); a run that fails at its export
 * step and is continued with `graphrec run --resume`. All three must leave the same state: graph
 * digest, segment memberships and export rows (run ids and timestamps aside).
 */
import { generateWorld } from '@graphrec/datagen';
import { Neo4jFlowStore } from '@graphrec/flows';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql, KEYS, KEYS_ENV } from '../api/support';
import { startApiProcess } from '../support/api-process';
import { runCli, startCli } from '../support/cli';
import { count, resetDb, tempDir, testDb } from '../support/db';
import { killed, testRedisUrl, waitFor } from '../support/flow-processes';
import { firstDifference, flowState, FlowState } from '../support/flow-state';

const USERS = 400;
const FLOW_ARGS = ['--epochs', '3', '--no-ranker', '--no-propensity', '--seed', '7'];

describe('the daily flow: killed, resumed and undisturbed runs end in the same state (real CLI, Neo4j, Redis)', () => {
  let db: GraphDb;
  let world: string;
  let work: string;
  let undisturbed: FlowState;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = testDb();
    world = tempDir('flow-world');
    work = tempDir('flow-work');
    await generateWorld({ users: USERS, seed: 11, outDir: world });
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  afterAll(async () => {
    await db.close();
    rmSync(world, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  const fresh = async () => {
    await resetDb(db);
    await ingest(db, [world]);
  };
  const env = (name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env, GRAPHREC_EXPORT_DIR: join(work, name, 'exports'), GRAPHREC_MODEL_DIR: join(work, name, 'models'), GRAPHREC_FLOW_ATTEMPTS: '2', GRAPHREC_FLOW_BACKOFF_MS: '100' };
    delete base.GRAPHREC_REDIS_URL;
    return { ...base, ...extra };
  };
  const exportOf = async (): Promise<string> => {
    const [run] = await new Neo4jFlowStore(db).listRuns({ flow: 'daily', limit: 1 });
    const file = run.steps.find((s) => s.step === 'export')?.outputs?.file;
    if (typeof file !== 'string') throw new Error(`no export file in ${JSON.stringify(run)}`);
    return file;
  };
  const expectSameState = (state: FlowState) => {
    expect(state.memberships.split('\n')).toHaveLength(USERS);
    expect(firstDifference(state.memberships, undisturbed.memberships)).toBeUndefined();
    expect(firstDifference(state.exportRows, undisturbed.exportRows)).toBeUndefined();
    expect(firstDifference(state.digest, undisturbed.digest)).toBeUndefined();
  };

  it('runs undisturbed in-process, lists the run with step timings and metrics', async () => {
    await fresh();
    const result = await runCli(['run', ...FLOW_ARGS], env('undisturbed'));
    expect(result.stderr).not.toContain('failed');
    expect(result.code).toBe(0);
    // GRAPHREC_FLOW_PARALLEL's default (2): every step runs on one of two child processes and this
    // one only schedules; after embeddings, segments stays on the first child (its projection is
    // warm) and the sequence branch runs on the second at the same time.
    const first = /\[flow\] ingest-deltas: running in child process (\d+)/.exec(result.stdout)?.[1];
    const second = /\[flow\] sequence: running in child process (\d+)/.exec(result.stdout)?.[1];
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(result.stdout.match(/running in child process/g)).toHaveLength(2);
    expect(result.stdout).toContain(`[flow ${first}] embeddings: complete`);
    expect(result.stdout).toContain(`[flow ${second}] sequence: complete`);
    expect(result.stdout).not.toMatch(/\[flow\] \S+: attempt \d+ started/);
    const runs = JSON.parse((await runCli(['runs', '--json'], env('undisturbed'))).stdout);
    expect(runs).toHaveLength(1);
    const byStep = Object.fromEntries(runs[0].steps.map((s: { step: string }) => [s.step, s]));
    expect(runs[0].status).toBe('complete');
    expect(byStep['ingest-deltas'].status).toBe('skipped');
    expect(byStep.ranker.status).toBe('skipped');
    expect(byStep.propensity.status).toBe('skipped');
    expect(byStep.embeddings.metrics.validation).toBeGreaterThan(0);
    expect(byStep.embeddings.outputs.validationMetric).toMatch(/ndcg/);
    expect(byStep.segments.metrics.segments).toBeGreaterThan(1);
    expect(byStep.drift.metrics.coverage).toBe(1);
    expect(runs[0].drift.breached).toEqual([]);
    for (const s of runs[0].steps) expect(s.seconds).toBeGreaterThanOrEqual(0);
    undisturbed = await flowState(db, await exportOf());
  });

  it('a worker killed with SIGKILL mid-embeddings: another worker finishes the run, same state', async () => {
    await fresh();
    const redis = {
      GRAPHREC_REDIS_URL: testRedisUrl(),
      GRAPHREC_FLOW_QUEUE: `flowdaily-${Date.now()}`,
      GRAPHREC_FLOW_LOCK_MS: '15000',
      GRAPHREC_FLOW_STALLED_MS: '3000',
    };
    const a = startCli(['worker'], env('killed', redis));
    children.push(a.child);
    const run = startCli(['run', ...FLOW_ARGS], env('killed', redis));
    children.push(run.child);
    const store = new Neo4jFlowStore(db);
    await waitFor('the embeddings step to start on worker A', async () => {
      const [r] = await store.listRuns({ flow: 'daily', limit: 1 });
      return r?.steps.find((s) => s.step === 'embeddings')?.status === 'running' || undefined;
    });
    // Frozen the moment the step is seen running (polled every 100 ms; projecting and training take
    // seconds), then killed: a fixed wait here once let a quiet machine finish the step first.
    a.child.kill('SIGSTOP');
    a.child.kill('SIGKILL');
    await killed(a.child);
    const b = startCli(['worker'], env('killed', redis));
    children.push(b.child);
    const result = await run.done;
    expect(result.code).toBe(0);
    const [record] = await store.listRuns({ flow: 'daily', limit: 1 });
    expect(record.status).toBe('complete');
    expect(record.steps.find((s) => s.step === 'embeddings')?.attempts).toBe(2);
    expectSameState(await flowState(db, await exportOf()));
    b.child.kill('SIGTERM');
    await b.done;
  });

  it('a run that fails at its export step is continued by --resume, same state, earlier steps not rerun', async () => {
    await fresh();
    // The export folder's path is taken by a file: the export step fails (twice: its two tries).
    const blocked = join(work, 'resumed-block');
    writeFileSync(blocked, '');
    const failed = await runCli(['run', ...FLOW_ARGS], env('resumed', { GRAPHREC_EXPORT_DIR: blocked }));
    expect(failed.code).toBe(1);
    const store = new Neo4jFlowStore(db);
    const [run] = await store.listRuns({ flow: 'daily', limit: 1 });
    expect(run.status).toBe('failed');
    // ingest (no inbox), embeddings, segments, sequence (the other branch, finished), ranker and
    // propensity (off: skipped if they started before export ran out of tries, else never started),
    // export (failed), drift (waits for export).
    const status = Object.fromEntries(run.steps.map((s) => [s.step, s.status]));
    expect(status).toMatchObject({ 'ingest-deltas': 'skipped', embeddings: 'complete', segments: 'complete', sequence: 'complete', export: 'failed', drift: 'pending' });
    expect(['skipped', 'pending']).toContain(status.ranker);
    expect(['skipped', 'pending']).toContain(status.propensity);
    expect(failed.stderr).toContain(`graphrec run --resume ${run.id}`);
    const resumed = await runCli(['run', '--resume', run.id], env('resumed'));
    expect(resumed.code).toBe(0);
    const done = await store.getRun(run.id);
    expect(done?.status).toBe('complete');
    expect(done?.resumes).toBe(1);
    expect(done?.steps.find((s) => s.step === 'embeddings')?.attempts).toBe(1);
    expectSameState(await flowState(db, await exportOf()));
  });

  it('a second run measures churn and embedding drift against the first; a breach marks the run and reaches /metrics', async () => {
    // A delta waits in the inbox: a new user and two events, loaded by the first step.
    const inbox = join(work, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const product = readFileSync(join(world, 'products.csv'), 'utf8').split('\n')[1].split(',')[0];
    writeFileSync(join(inbox, 'users.csv'), 'id,home_type,region,signup_date\nU9999999,house,midwest,2024-06-05\n');
    writeFileSync(join(inbox, 'events.csv'), `id,user_id,type,product_id,device_id,timestamp,value\nEFLOW1,U9999999,product_view,${product},,2024-06-07T14:18:06Z,\nEFLOW2,U9999999,purchase,${product},,2024-06-08T10:00:00Z,\n`);
    // Another seed: the neighbourhoods move. Zero tolerance for churn and drift: both must breach.
    const result = await runCli(['run', '--epochs', '3', '--no-ranker', '--no-propensity', '--seed', '8'], env('drift', { GRAPHREC_DRIFT_MAX_CHURN: '0', GRAPHREC_DRIFT_MAX_EMBEDDING: '0', GRAPHREC_INBOX: inbox }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('DRIFT: ');
    const [run] = await new Neo4jFlowStore(db).listRuns({ flow: 'daily', limit: 1 });
    expect(run.drift?.checks.embeddingDrift.value).toBeGreaterThan(0);
    expect(run.drift?.checks.churn.value).not.toBeNull();
    expect(run.drift?.breached).toEqual(expect.arrayContaining(['embeddingDrift']));
    const ingested = run.steps.find((s) => s.step === 'ingest-deltas');
    expect(ingested).toMatchObject({ status: 'complete', outputs: { files: 2 } });
    expect(readdirSync(inbox).filter((f) => f.endsWith('.csv'))).toEqual([]);
    expect(readdirSync(join(inbox, 'done', run.id)).sort()).toEqual(['events.csv', 'users.csv']);
    expect(await count(db, "MATCH (u:User {id: 'U9999999'})-[:PERFORMED]->(e:Event) RETURN count(e) AS n")).toBe(2);
    expect(run.drift?.checks.coverage.value).toBe(1); // the new user got a segment and an embedding
    const api = await startApiProcess({ ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent' });
    try {
      const text = await (await fetch(`${api.url}/metrics`)).text();
      expect(text).toContain('graphrec_flow_last_run_complete{flow="daily"} 1');
      expect(text).toContain('graphrec_flow_drift_breach{flow="daily",check="embeddingDrift"} 1');
      expect(text).toContain('graphrec_flow_drift_breach{flow="daily",check="coverage"} 0');
      // The explorer's Runs page reads the same history through GraphQL, analysts only.
      const query = '{ runs(first: 10) { id status driftBreached drift { name value breached } steps { step status attempts seconds metrics { name value } } } }';
      const answer = await gql(`${api.url}/graphql`, KEYS.analyst, query);
      expect(answer.errors).toBeUndefined();
      const runs = answer.data?.runs as Array<{ id: string; driftBreached: string[]; steps: Array<{ step: string; metrics: Array<{ name: string; value: number }> }> }>;
      expect(runs[0].id).toBe(run.id);
      expect(runs[0].driftBreached).toEqual(run.drift?.breached);
      expect(runs[0].steps.find((s) => s.step === 'segments')?.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['segments', 'modularity', 'usersMoved']));
      expect(runs.length).toBeGreaterThanOrEqual(2);
      const denied = await gql(`${api.url}/graphql`, KEYS.crm, query);
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const bad = await gql(`${api.url}/graphql`, KEYS.analyst, '{ runs(first: 0) { id } }');
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await api.close();
    }
  });

  it('refuses to resume a complete run or a malformed id, clearly', async () => {
    const [run] = await new Neo4jFlowStore(db).listRuns({ flow: 'daily', limit: 1 });
    const again = await runCli(['run', '--resume', run.id], env('resumed'));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('only a failed run can be resumed');
    const typo = await runCli(['run', '--resume', 'nonsense'], env('resumed'));
    expect(typo.code).toBe(2);
    const parallel = await runCli(['run', ...FLOW_ARGS], env('resumed', { GRAPHREC_FLOW_PARALLEL: '0' }));
    expect(parallel.code).toBe(2);
    expect(parallel.stderr).toContain('GRAPHREC_FLOW_PARALLEL must be a positive integer, got "0"');
  });
});
