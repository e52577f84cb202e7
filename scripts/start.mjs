#!/usr/bin/env node
// `npm start`: the main job. Starts the local Neo4j when NEO4J_URI is unset, then runs the
// pipeline (schema, demo data into an empty graph, later stages). Arguments go to the pipeline,
// e.g. `npm start -- --demo-users 5000`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNeo4j } from './neo4j.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  const cli = path.join(REPO, 'apps/cli/bin/graphrec.js');
  const result = spawnSync(process.execPath, [cli, 'pipeline', ...process.argv.slice(2)], { cwd: REPO, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
