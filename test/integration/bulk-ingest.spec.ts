/**
 * `graphrec ingest --bulk` (Neo4j's importer) against the transactional load of the same files:
 * the same graph (digest and counts), the same quarantine files, and the refusals. The bulk load
 * stops and starts its server, so it gets a Neo4j of its own (port 7796, own data folder) and the
 * shared test database holds the transactional load.
 */
import { generateWorld } from '@graphrec/datagen';
import { BulkLoadRefused, BulkLoadSummary, bulkLoad, ingest } from '@graphrec/ingest';
import { GraphDb, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeBadFiles } from '../support/bad-files';
import { graphDigest, resetDb, tempDir, testDb } from '../support/db';

jest.setTimeout(400_000);

const PORT = process.env.GRAPHREC_BULK_TEST_PORT ?? '7796';
const BULK_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NEO4J_URI: '',
  NEO4J_PASSWORD: '',
  NEO4J_PORT: PORT,
  NEO4J_DATA_DIR: `.data/neo4j-test-${PORT}`,
  NEO4J_HEAP: '512m',
  NEO4J_PAGECACHE: '128m',
};
const dataDir = join(repoRoot(), BULK_ENV.NEO4J_DATA_DIR as string);

function neo4j(command: 'start' | 'stop'): void {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts/neo4j.mjs'), command], { cwd: repoRoot(), env: BULK_ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`neo4j ${command} failed: ${r.stdout}${r.stderr}`);
}

const COUNTS = `
  CALL { MATCH (n) WHERE NOT n:Migration AND NOT n:IngestCheckpoint RETURN count(n) AS nodes }
  CALL { MATCH ()-[r]->() RETURN count(r) AS rels }
  CALL { MATCH (u:User {stub: true}) RETURN count(u) AS stubs }
  CALL { MATCH (u:User) WHERE u.changedAt IS NULL RETURN count(u) AS unstamped }
  RETURN nodes, rels, stubs, unstamped`;

/** Property types too: the digest prints 30 and 30.0 alike, the importer's header must not differ from the driver's. */
const TYPES = `
  MATCH (n) WHERE NOT n:Migration AND NOT n:IngestCheckpoint
  UNWIND keys(n) AS k
  WITH labels(n)[0] AS label, k, valueType(n[k]) AS type
  RETURN label + '.' + k + ':' + type AS t, count(*) AS n ORDER BY t`;

async function snapshot(db: GraphDb) {
  const [counts] = await db.read(COUNTS);
  const types = (await db.read<{ t: string }>(TYPES)).map((r) => r.t);
  const [indexes] = await db.read<{ offline: number }>("SHOW INDEXES YIELD state WHERE state <> 'ONLINE' RETURN count(*) AS offline");
  return { digest: await graphDigest(db), counts, types, offline: indexes.offline };
}

const quarantined = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.rejected.jsonl'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

const enabled = process.env.GRAPHREC_TEST_DB === '1';
(enabled ? describe : describe.skip)('bulk first load equals the transactional load (real Neo4j, its importer)', () => {
  let dir: string;
  let transactional: Awaited<ReturnType<typeof snapshot>>;
  let transactionalQuarantine: Record<string, string>;
  let bulk: BulkLoadSummary;
  let bulkDb: GraphDb;

  beforeAll(async () => {
    dir = tempDir('bulk');
    await generateWorld({ users: 300, seed: 21, outDir: dir });
    writeBadFiles(dir, '-bad'); // bad rows of every kind beside the world's files
    const db = testDb();
    try {
      await resetDb(db);
      await ingest(db, [dir], { batchSize: 500 });
      transactional = await snapshot(db);
    } finally {
      await db.close();
    }
    transactionalQuarantine = quarantined(dir);
    for (const f of Object.keys(transactionalQuarantine)) rmSync(join(dir, f));

    neo4j('stop');
    rmSync(dataDir, { recursive: true, force: true }); // a missing database: the first-load case
    // Two validation workers on every events CSV file, however small: the parallel path is what
    // must equal the transactional load (events-bad.csv repeats an id across its ranges or not:
    // either way the outcome must be the same).
    bulk = await bulkLoad([dir], { env: BULK_ENV, threads: 1, validationWorkers: 2, parallelMinBytes: 0 });
    bulkDb = new GraphDb(resolveNeo4jConfig(BULK_ENV));
  });

  afterAll(async () => {
    await bulkDb?.close();
    neo4j('stop');
  });

  it('writes the same graph: digest, counts, property types, every index online', async () => {
    const loaded = await snapshot(bulkDb);
    expect(loaded.offline).toBe(0);
    expect(loaded.counts).toEqual(transactional.counts);
    expect(loaded.types).toEqual(transactional.types);
    expect(loaded.digest.split('\n').length).toBeGreaterThan(5000);
    expect(loaded.digest).toBe(transactional.digest);
    expect(bulk.events).toBeGreaterThan(5000);
    expect(bulk.parallelFiles).toBeGreaterThanOrEqual(1);
  });

  it('quarantines the same rows with the same lines and reasons', () => {
    expect(Object.keys(transactionalQuarantine).sort()).toEqual(
      ['devices-bad.csv', 'events-bad-app.jsonl', 'events-bad.csv', 'ownerships-bad.csv', 'products-bad.csv', 'users-bad.csv'].map((f) => `${f}.rejected.jsonl`),
    );
    expect(quarantined(dir)).toEqual(transactionalQuarantine);
    const perFile = Object.fromEntries(bulk.files.map((f) => [f.path.split('/').pop(), f.rejected]));
    expect(perFile['events-bad.csv']).toBe(transactionalQuarantine['events-bad.csv.rejected.jsonl'].trim().split('\n').length);
  });

  it('refuses a database that holds data, and changes nothing', async () => {
    const before = await graphDigest(bulkDb);
    await expect(bulkLoad([dir], { env: BULK_ENV })).rejects.toThrow(BulkLoadRefused);
    await expect(bulkLoad([dir], { env: BULK_ENV })).rejects.toThrow(/not empty/);
    expect(await graphDigest(bulkDb)).toBe(before);
  });

  it('refuses an external server (NEO4J_URI) before touching anything', async () => {
    await expect(bulkLoad([dir], { env: { ...BULK_ENV, NEO4J_URI: 'bolt://db.example:7687' } })).rejects.toThrow(/NEO4J_URI is set/);
  });

  it('loads into an existing database that holds only its schema (server running: stopped, imported, started)', async () => {
    await bulkDb.run('MATCH (n) WHERE NOT n:Migration DETACH DELETE n');
    const small = tempDir('bulk-small');
    writeBadFiles(small);
    const summary = await bulkLoad([small], { env: BULK_ENV, validationWorkers: 1 });
    // The transactional path's figures for these files (bad-rows.spec.ts).
    expect(summary.files.find((f) => f.path.endsWith('/events.csv'))).toMatchObject({ loaded: 4, unchanged: 1, rejected: 5 });
    expect(summary.rejected).toBe(3 + 4 + 1 + 1 + 5 + 2);
    const db = new GraphDb(resolveNeo4jConfig(BULK_ENV));
    try {
      const [row] = await db.read<{ users: number; events: number }>(
        'CALL { MATCH (u:User) RETURN count(u) AS users } CALL { MATCH (e:Event) RETURN count(e) AS events } RETURN users, events',
      );
      // writeBadFiles: U1, U4 (valid users), U7 and U9 (stubs); E1, E2, E6, E10, J1, J3.
      expect(row).toEqual({ users: 4, events: 6 });
    } finally {
      await db.close();
    }
  });
});
