#!/usr/bin/env node
// `npm start`: the main job. Starts the local Neo4j when NEO4J_URI is unset, runs the pipeline
// (schema, demo data into an empty graph, training, segmentation), then serves the API until
// stopped (Ctrl-C). Arguments go to the pipeline, e.g. `npm start -- --demo-users 5000` or
// `npm start -- --quick` (5,000 users, at most 5 epochs: for a busy machine);
// GRAPHREC_SKIP_PIPELINE=1 serves what the database already holds.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNeo4j } from './neo4j.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STARTED = performance.now();

async function main() {
  if (process.env.NEO4J_URI) {
    console.log(`[start] using the Neo4j at ${process.env.NEO4J_URI} (NEO4J_URI)`);
  } else {
    const info = await ensureNeo4j();
    console.log(
      `[start] local Neo4j ${info.uri} ${info.started ? `started (pid ${info.pid}, ${info.startSeconds}s)` : `already running (pid ${info.pid})`}; ` +
        '`npm run neo4j:stop` stops it',
    );
  }
  if (process.env.GRAPHREC_SKIP_PIPELINE !== '1') {
    const cli = path.join(REPO, 'apps/cli/bin/graphrec.js');
    const result = spawnSync(process.execPath, [cli, 'pipeline', ...process.argv.slice(2)], { cwd: REPO, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  // The time it took, so a slow start is a number to compare with the README's, not a feeling.
  console.log(`[start] Neo4j and pipeline done after ${Math.round((performance.now() - STARTED) / 1000)} s, starting the API (README: what it depends on; \`npm start -- --quick\` on a busy machine)`);
  // The API in this process's place: signals reach it directly, and its exit code is ours.
  const api = spawn(process.execPath, [path.join(REPO, 'apps/api/bin/serve.js')], { cwd: REPO, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
  api.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
