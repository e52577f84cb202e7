/**
 * Neo4j restarted under load: typed SERVICE_UNAVAILABLE (fast, not a hang) during the outage and
 * recovery without restarting the API. Uses its own Neo4j on port 7795 so that stopping it does
 * not disturb the shared test database.
 */
import { GraphDb, migrate, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { codes, gql, KEYS, KEYS_ENV } from './support';

jest.setTimeout(150_000);

const NEO4J_ENV = { NEO4J_PORT: '7795', NEO4J_DATA_DIR: '.data/neo4j-test-7795', NEO4J_HEAP: '512m', NEO4J_PAGECACHE: '128m' };

/** Asynchronous on purpose: the load loop below keeps running while Neo4j stops and starts. */
function neo4j(command: 'start' | 'stop'): Promise<void> {
  const child = spawn(process.execPath, [join(repoRoot(), 'scripts/neo4j.mjs'), command], { cwd: repoRoot(), env: { ...process.env, ...NEO4J_ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`neo4j ${command} failed: ${stderr}`)))),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const enabled = process.env.GRAPHREC_TEST_DB === '1';
(enabled ? describe : describe.skip)('API through a Neo4j restart', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let url: string;
  const query = '{ product(id: "outage-p1") { id name } }';

  beforeAll(async () => {
    await neo4j('start');
    const env: NodeJS.ProcessEnv = { ...process.env, ...NEO4J_ENV };
    delete env.NEO4J_PASSWORD;
    db = new GraphDb(resolveNeo4jConfig(env));
    await migrate(db);
    await db.run("MERGE (p:Product {id: 'outage-p1'}) SET p.name = 'Outage Cam', p.category = 'indoor_camera'");
    api = await startApiProcess({ ...env, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent' });
    url = `${api.url}/graphql`;
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
    await neo4j('stop');
  });

  it('answers, fails fast and typed while Neo4j is down, and recovers by itself', async () => {
    expect((await gql(url, KEYS.service, query)).data).toEqual({ product: { id: 'outage-p1', name: 'Outage Cam' } });

    // Load throughout: every answer must be data or SERVICE_UNAVAILABLE, never a hang or a 500.
    let stop = false;
    const seen = new Set<string>();
    let slowest = 0;
    const load = (async () => {
      while (!stop) {
        const t0 = Date.now();
        const a = await gql(url, KEYS.service, query);
        slowest = Math.max(slowest, Date.now() - t0);
        expect(a.status).toBe(200);
        seen.add(a.errors ? codes(a).join(',') : 'ok');
        await sleep(20);
      }
    })();

    await neo4j('stop');
    const downAt = Date.now();
    let down = await gql(url, KEYS.service, query);
    while (!codes(down).includes('SERVICE_UNAVAILABLE') && Date.now() - downAt < 10_000) {
      await sleep(100);
      down = await gql(url, KEYS.service, query);
    }
    expect(codes(down)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(down.errors?.[0].message).not.toMatch(/bolt|7795|at /);
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(503);
    const t0 = Date.now();
    const refused = await gql(url, KEYS.service, query);
    expect(codes(refused)).toEqual(['SERVICE_UNAVAILABLE']);
    // Refused at admission, as REST is: with a hint when to come back.
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(Date.now() - t0).toBeLessThan(1000);

    await neo4j('start');
    const upAt = Date.now();
    let up = await gql(url, KEYS.service, query);
    while (up.errors && Date.now() - upAt < 30_000) {
      await sleep(200);
      up = await gql(url, KEYS.service, query);
    }
    expect(up.data).toEqual({ product: { id: 'outage-p1', name: 'Outage Cam' } });
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    stop = true;
    await load;
    expect([...seen].sort()).toEqual(['SERVICE_UNAVAILABLE', 'ok']);
    // Requests in flight when Neo4j went away are released by the probe, not after the driver's 30 s
    // retries. The bound is half of those 30 s, not a speed target: on a loaded machine (2 cores
    // shared with other test runs) the release took 5.5 s before and after issue 9's changes.
    expect(slowest).toBeLessThan(15_000);
  });
});
