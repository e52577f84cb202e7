#!/usr/bin/env node
// `npm test`: type-check, then every project's tests through Nx, the integration tests against a
// real Neo4j. That Neo4j is a separate local instance (port NEO4J_TEST_PORT, default 7688, data in
// .data/neo4j-test) so tests never touch the development database; it is started here when it is not
// running and stopped afterwards if this script started it (GRAPHREC_KEEP_TEST_NEO4J=1 keeps it).
// NEO4J_TEST_URI (+ NEO4J_TEST_USER, NEO4J_TEST_PASSWORD, NEO4J_TEST_DATABASE) points the tests at
// another server instead: it will be emptied, so never point it at real data.
// Tests that need Redis (flows on BullMQ, shared rate limits) get a local one the same way: port
// REDIS_TEST_PORT (default 6380, data in .data/redis-test), its URL in GRAPHREC_TEST_REDIS_URL, started
// here and stopped afterwards if this script started it; GRAPHREC_TEST_REDIS_URL set by the caller wins.
// Extra arguments go to Nx, e.g. `npm test -- --projects=ingest`. Tests that need a public dataset
// (libs/eval/src/datasets.ts) are skipped with one line when it is missing (`npm run datasets`),
// unless GRAPHREC_REQUIRE_DATASETS=1 (CI), where they fail.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNeo4j, stopNeo4j } from './neo4j.mjs';
import { ensureRedis, stopRedis } from './redis.mjs';
import { missingPrerequisites } from './prerequisites.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(REPO, '.data', 'test-results');
const bin = (name) => path.join(REPO, 'node_modules', '.bin', name);

function run(cmd, args, env) {
  const result = spawnSync(cmd, args, { cwd: REPO, stdio: 'inherit', env });
  return result.status ?? 1;
}

function summarise() {
  let passed = 0, failed = 0, skipped = 0;
  for (const file of fs.existsSync(RESULTS) ? fs.readdirSync(RESULTS) : []) {
    const r = JSON.parse(fs.readFileSync(path.join(RESULTS, file), 'utf8'));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  }
  return { passed, failed, skipped };
}

async function main() {
  const missing = missingPrerequisites(process.argv.slice(2));
  for (const line of missing) console.error(`[test] ${line}`);
  if (missing.length) process.exit(1);
  const env = { ...process.env, GRAPHREC_TEST_DB: '1', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
  let started = false;
  const port = Number(process.env.NEO4J_TEST_PORT ?? 7688);
  // Another port gets its own data folder, so two test runs never share (and wipe) one database.
  const target = { port, dataDir: port === 7688 ? '.data/neo4j-test' : `.data/neo4j-test-${port}` };
  if (process.env.NEO4J_TEST_URI) {
    Object.assign(env, {
      NEO4J_URI: process.env.NEO4J_TEST_URI,
      NEO4J_USER: process.env.NEO4J_TEST_USER ?? 'neo4j',
      NEO4J_PASSWORD: process.env.NEO4J_TEST_PASSWORD ?? '',
      NEO4J_DATABASE: process.env.NEO4J_TEST_DATABASE ?? 'neo4j',
    });
  } else {
    delete env.NEO4J_URI;
    delete process.env.NEO4J_URI; // ensureNeo4j reads it: tests always get the local test instance
    for (const k of ['NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) { delete env[k]; delete process.env[k]; }
    const info = await ensureNeo4j(target);
    started = info.started;
    console.log(`[test] Neo4j for tests: ${info.uri}${started ? ` (started in ${info.startSeconds}s)` : ' (already running)'}`);
    Object.assign(env, { NEO4J_PORT: String(target.port), NEO4J_DATA_DIR: target.dataDir });
  }
  let redisStarted = false;
  const redisPort = Number(process.env.REDIS_TEST_PORT ?? 6380);
  const redisTarget = { port: redisPort, dataDir: redisPort === 6380 ? '.data/redis-test' : `.data/redis-test-${redisPort}` };
  if (!process.env.GRAPHREC_TEST_REDIS_URL) {
    const info = await ensureRedis(redisTarget);
    redisStarted = info.started;
    env.GRAPHREC_TEST_REDIS_URL = info.url;
    console.log(`[test] Redis for tests: 127.0.0.1:${info.port}${redisStarted ? ' (started)' : ' (already running)'}`);
  }
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  // The explorer's browser code has its own tsconfig (DOM types, no Node types).
  let code = run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], env);
  if (code === 0) code = run(bin('tsc'), ['-p', 'apps/explorer/tsconfig.browser.json', '--noEmit'], env);
  if (code === 0) {
    code = run(bin('nx'), ['run-many', '-t', 'test', '--outputStyle=static', ...process.argv.slice(2)], env);
  } else {
    console.error('[test] type errors: fix them first (npm run typecheck)');
  }
  if (started && process.env.GRAPHREC_KEEP_TEST_NEO4J !== '1') await stopNeo4j(target);
  if (redisStarted && process.env.GRAPHREC_KEEP_TEST_NEO4J !== '1') await stopRedis(redisTarget);
  const { passed, failed, skipped } = summarise();
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`[test] ${error.message}`);
  process.exit(1);
});
