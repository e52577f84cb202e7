/**
 * The flow engine against a real Redis (BullMQ) and the test Neo4j (run history): retries with
 * backoff, resume after a failure, a worker killed with SIGKILL mid-step whose step another
 * worker completes, a lease held by a dead process taken over after expiry (Redis and Neo4j), and
 * the in-process runner with the same flow.
 */
import { BullmqRunner, BullmqSettings, InProcessRunner, Neo4jFlowStore, Neo4jLease, redisConnection, RedisLease, startFlowWorker, withLease } from '@graphrec/flows';
import { GraphDb } from '@graphrec/neo4j';
import { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resetDb, tempDir, testDb } from '../support/db';
import { killed, startTestProcess, testRedisUrl, waitFor } from '../support/flow-processes';
import { flakyFlow, killFlow } from '../support/tiny-flows';

const lines = (dir: string, name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8').trim().split('\n') : []);

describe('flow engine (real Redis, real Neo4j)', () => {
  let db: GraphDb;
  let store: Neo4jFlowStore;
  let dir: string;
  let settings: BullmqSettings;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    store = new Neo4jFlowStore(db);
  });
  beforeEach(() => {
    dir = tempDir('flows');
    process.env.FLOW_TEST_DIR = dir;
    // A queue per test: nothing left over from another test can be taken.
    settings = { url: testRedisUrl(), queue: `flowtest-${Date.now()}-${Math.random().toString(16).slice(2, 6)}`, lockDurationMs: 1500, stalledIntervalMs: 500, maxStalledCount: 2, concurrency: 1 };
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => db.close());

  const env = () => ({
    ...process.env,
    FLOW_TEST_DIR: dir,
    GRAPHREC_REDIS_URL: settings.url,
    GRAPHREC_FLOW_QUEUE: settings.queue,
    GRAPHREC_FLOW_LOCK_MS: String(settings.lockDurationMs),
    GRAPHREC_FLOW_STALLED_MS: String(settings.stalledIntervalMs),
  });

  it('retries a failing step with exponential backoff, then resumes a failed run from its failed step', async () => {
    const worker = startFlowWorker([flakyFlow], store, settings);
    const runner = new BullmqRunner(store, settings);
    try {
      await worker.ready();
      writeFileSync(join(dir, 'broken'), '');
      const id = await runner.start(flakyFlow);
      const failed = await runner.wait(id);
      expect(failed.status).toBe('failed');
      expect(failed.steps.map((s) => [s.step, s.status, s.attempts])).toEqual([['ok', 'complete', 1], ['flaky', 'failed', 3], ['after', 'pending', 0]]);
      const tries = lines(dir, 'flaky').map(Number);
      expect(tries).toHaveLength(3);
      // 200 ms, then 400 ms (a lower bound only: the machine may be slower, never faster)
      expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(190);
      expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(390);

      rmSync(join(dir, 'broken'));
      await runner.resume(flakyFlow, id);
      const done = await runner.wait(id);
      expect(done.status).toBe('complete');
      expect(done.resumes).toBe(1);
      expect(lines(dir, 'ok')).toHaveLength(1); // the complete step was not run again
      expect(done.steps[1]).toMatchObject({ status: 'complete', attempts: 4, outputs: { v: 2 } });
      expect(lines(dir, 'after')).toHaveLength(1);
    } finally {
      await runner.close();
      await worker.close();
    }
  });

  it('a worker killed with SIGKILL mid-step: another worker retries the step and the run completes', async () => {
    const a = await startTestProcess([], env());
    children.push(a.child);
    const runner = new BullmqRunner(store, settings);
    try {
      const id = await runner.start(killFlow);
      await waitFor('worker A to start the slow step', () => lines(dir, 'slow').some((l) => l === `started 1 ${a.child.pid}`) || undefined);
      a.child.kill('SIGKILL');
      await killed(a.child);
      const b = await startTestProcess([], env());
      children.push(b.child);
      await waitFor('worker B to take the slow step over', () => lines(dir, 'slow').some((l) => l.startsWith('started 2 ')) || undefined);
      writeFileSync(join(dir, 'release'), '');
      const run = await runner.wait(id);
      expect(run.status).toBe('complete');
      expect(lines(dir, 'slow')).toEqual([`started 1 ${a.child.pid}`, `started 2 ${b.child.pid}`, `finished 2 ${b.child.pid}`]);
      expect(run.steps.map((s) => [s.step, s.status, s.attempts])).toEqual([['first', 'complete', 1], ['slow', 'complete', 2], ['last', 'complete', 1]]);
      expect(run.steps[1].outputs).toEqual({ seen: 'abc' });
      expect(lines(dir, 'first')).toEqual([String(a.child.pid)]);
      expect(lines(dir, 'last')).toEqual([String(b.child.pid)]);
    } finally {
      await runner.close();
    }
  });

  it('a lease held by a dead process is refused until it expires, then taken over (Redis)', async () => {
    const name = `leasetest-${Date.now()}`;
    const holder = await startTestProcess(['lease', name, '2000'], env(), 'holding');
    children.push(holder.child);
    holder.child.kill('SIGKILL');
    await killed(holder.child);
    const redis = redisConnection(settings.url);
    try {
      const lease = new RedisLease(redis, name);
      await expect(withLease(lease, 'me', async () => 'ran', { ttlMs: 2000 })).rejects.toThrow(/another run .* holds the lock/);
      const ran = await waitFor('the dead holder\'s lease to expire', async () => {
        try {
          return await withLease(lease, 'me', async () => 'ran', { ttlMs: 2000 });
        } catch {
          return undefined;
        }
      });
      expect(ran).toBe('ran');
    } finally {
      redis.disconnect();
    }
  });

  it('the Neo4j lease (no Redis) expires the same way; the in-process runner runs the same flow', async () => {
    let clock = Date.now();
    const lease = new Neo4jLease(db, `leasetest-${Date.now()}`, () => clock);
    expect(await lease.acquire('dead-process', 60_000)).toBe(true);
    expect(await lease.acquire('me', 60_000)).toBe(false);
    clock += 60_001;
    expect(await lease.acquire('me', 60_000)).toBe(true);
    expect(await lease.renew('dead-process', 60_000)).toBe(false);

    writeFileSync(join(dir, 'release'), '');
    const runner = new InProcessRunner(store);
    const run = await runner.wait(await runner.start(killFlow));
    expect(run.status).toBe('complete');
    expect(run.steps.map((s) => [s.step, s.status, s.attempts])).toEqual([['first', 'complete', 1], ['slow', 'complete', 1], ['last', 'complete', 1]]);
    expect((await store.listRuns({ flow: 'killtest' })).map((r) => r.id)).toContain(run.id);
  });
});
