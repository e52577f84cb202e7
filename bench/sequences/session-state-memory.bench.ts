/**
 * Memory of live session states (issue 12 target: 1M active users < 2 GB). Writes `--users` states
 * of the served model's shape (hidden 32, user state 32, `--items` items in the current session,
 * product ids of the demo world's length) and measures what the store grew by, then extrapolates
 * linearly to 1M users and removes what it wrote.
 *
 * - `--store redis` (GRAPHREC_REDIS_URL): Redis's used_memory before and after, the states written
 *   through RedisSessionStore (the same Lua compare-and-set as the API).
 * - `--store neo4j`: a throw-away Neo4j (`--port`, default 7792, `--neo4j-dir`, default
 *   .data/neo4j-bench-session-memory, emptied first): the store files' size, each time after a clean
 *   stop, with the users `bench-mem-*` only and then with their SessionState nodes (written in
 *   batches with exactly the properties cypher/serving/session-state-write sets). Store files grow
 *   in pages, so the figure is per user over many users, not exact; transaction logs are not counted.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/session-state-memory.bench.ts --store redis --users 100000 [--items 5]
 *   NEO4J_HEAP=1g NEO4J_PAGECACHE=256m npx tsx --tsconfig tsconfig.base.json bench/sequences/session-state-memory.bench.ts --store neo4j --users 100000 [--port 7792]
 */
import { GraphDb, migrate, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import { execFileSync } from 'node:child_process';
import { encodeSessionState, SessionState } from '@graphrec/sequences';
import { RedisSessionStore } from '@graphrec/serving';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { arg } from '../support/args';
import { startFreshNeo4j, stopNeo4j } from '../support/local-neo4j';

function text(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const store = text('store', 'redis');
const users = arg('users', 100_000);
const items = arg('items', 5);
const HIDDEN = 32;
const PREFIX = 'bench-mem-';

function state(i: number): string {
  const v = () => Float32Array.from({ length: HIDDEN }, (_, j) => Math.sin(i * 31 + j));
  const s: SessionState = {
    model: 'emb-20261203T093832Z-62f6|2026-12-03T10:47:33.123Z',
    session: 1 + (i % 7),
    start: 1_796_000_000_000 + i,
    lastAt: 1_796_000_600_000 + i,
    items: Array.from({ length: items }, (_, j) => `prod-${String((i + j) % 30).padStart(4, '0')}`),
    n: items,
    h: v(),
    hPrev: v(),
    u: v(),
  };
  return encodeSessionState(s);
}

function storeBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    total += st.isDirectory() ? storeBytes(p) : st.size;
  }
  return total;
}

const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(2);

async function redisRun(): Promise<void> {
  const url = process.env.GRAPHREC_REDIS_URL;
  if (!url) throw new Error('GRAPHREC_REDIS_URL is unset (node scripts/redis.mjs url)');
  const db = new GraphDb(resolveNeo4jConfig());
  // Redis alone is measured: no changedAt stamp in Neo4j after each write.
  const redis = new RedisSessionStore(url, db, { prefix: `${PREFIX}session:`, stampChanges: false });
  const before = await redis.usedMemory();
  const started = Date.now();
  const width = 32;
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < users) {
        const i = next++;
        await redis.compareAndSet(`u${i}`, { state: null, version: 0 }, state(i));
      }
    }),
  );
  const after = await redis.usedMemory();
  const per = (after - before) / users;
  console.log(`redis: ${users} states (${items} items each, ${state(0).length} chars encoded) in ${((Date.now() - started) / 1000).toFixed(1)} s: used_memory +${((after - before) / 1024 ** 2).toFixed(1)} MiB, ${per.toFixed(0)} B per user; 1M users ≈ ${gb(per * 1e6)} GiB (target < 2 GB)`);
  // Clean up: the states written here.
  const raw = (redis as unknown as { redis: { del(...keys: string[]): Promise<number> } }).redis;
  for (let i = 0; i < users; i += 1000) await raw.del(...Array.from({ length: Math.min(1000, users - i) }, (_, j) => `${PREFIX}session:u${i + j}`));
  await redis.close();
  await db.close();
}

async function neo4jRun(): Promise<void> {
  // A throw-away Neo4j of its own (Community has no checkpoint procedure: a clean stop flushes the
  // store files, so they are measured stopped).
  const port = arg('port', 7792);
  const folder = text('neo4j-dir', '.data/neo4j-bench-session-memory');
  const files = join(repoRoot(), folder, 'data', 'databases', 'neo4j');
  let db = startFreshNeo4j(port, folder);
  await migrate(db);
  const ids = Array.from({ length: users }, (_, i) => `${PREFIX}${i}`);
  for (let i = 0; i < users; i += 10_000) await db.write((tx) => tx.run('UNWIND $ids AS id MERGE (:User {id: id})', { ids: ids.slice(i, i + 10_000) }));
  await db.close();
  stopNeo4j(port, folder);
  const before = storeBytes(files);
  execFileSync(process.execPath, [join(repoRoot(), 'scripts', 'neo4j.mjs'), 'start'], { env: { ...process.env, NEO4J_PORT: String(port), NEO4J_DATA_DIR: folder, NEO4J_URI: '' }, stdio: 'inherit' });
  db = new GraphDb(resolveNeo4jConfig({ ...process.env, NEO4J_PORT: String(port), NEO4J_DATA_DIR: folder, NEO4J_URI: '' }));
  const started = Date.now();
  for (let i = 0; i < users; i += 5_000) {
    const rows = ids.slice(i, i + 5_000).map((id, j) => ({ id, state: state(i + j) }));
    // The properties cypher/serving/session-state-write.cypher sets, in batches.
    await db.write((tx) =>
      tx.run('UNWIND $rows AS row MATCH (u:User {id: row.id}) MERGE (s:SessionState {userId: row.id}) SET s.state = row.state, s.version = 1, s.changedAt = timestamp(), u.changedAt = timestamp()', { rows }),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  await db.close();
  stopNeo4j(port, folder);
  const after = storeBytes(files);
  const per = (after - before) / users;
  console.log(`neo4j: ${users} SessionState nodes (${items} items each, ${state(0).length} chars encoded) in ${seconds.toFixed(1)} s: store files +${((after - before) / 1024 ** 2).toFixed(1)} MiB, ${per.toFixed(0)} B per user; 1M users ≈ ${gb(per * 1e6)} GiB on disk (target < 2 GB)`);
}

(store === 'neo4j' ? neo4jRun() : redisRun()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
