import { GraphDb, describeTarget, migrate, repoRoot } from '@graphrec/neo4j';
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerate } from './generate';
import { runIngest } from './ingest';
import { runSegment } from './segment';
import { graphCounts } from './status';
import { withDb } from '../with-db';

export interface PipelineOptions {
  demoUsers: number;
  seed: number;
}

/** Generates the demo world once per (users, seed) and reuses the files afterwards. */
async function demoFiles(options: PipelineOptions): Promise<string> {
  const dir = join(repoRoot(), '.data', 'demo', `users-${options.demoUsers}-seed-${options.seed}`);
  const manifest = join(dir, 'truth', 'manifest.json');
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).options?.users !== options.demoUsers) {
    await runGenerate({ users: options.demoUsers, seed: options.seed, out: dir });
  }
  return dir;
}

/**
 * The daily job: schema, demo data when the graph is empty, then every later stage that exists.
 * Each step is safe to rerun: ingest resumes, schema statements are idempotent.
 */
export async function runPipeline(db: GraphDb, options: PipelineOptions): Promise<number> {
  const log = (line: string) => process.stdout.write(`[pipeline] ${line}\n`);
  await db.verify();
  log(`Neo4j: ${describeTarget(db.config)}`);
  const schema = await migrate(db);
  log(`schema ${schema.version} (applied now: ${schema.applied.join(', ') || 'none'})`);
  let counts = await graphCounts(db);
  if (counts.users === 0) {
    log(`the graph is empty: loading demo data (${options.demoUsers} users, seed ${options.seed})`);
    const code = await runIngest(db, [await demoFiles(options)], { format: 'native', batchSize: 10_000 });
    if (code !== 0) return code;
    counts = await graphCounts(db);
  }
  log(`graph: ${counts.users} users, ${counts.products} products, ${counts.devices} devices, ${counts.events} events`);
  const segmented = await runSegment(db, { seed: options.seed, level: 'coarse', keepRuns: 3 });
  if (segmented !== 0) return segmented;
  log('later stages (training, API) are not part of this build yet');
  return 0;
}

export function pipelineCommand(openDb: () => GraphDb): Command {
  return new Command('pipeline')
    .description('run the main job: schema, demo data if the graph is empty, then the later stages')
    .option('--demo-users <n>', 'users in the demo world loaded into an empty graph', (v) => Number(v), 20_000)
    .option('--seed <n>', 'seed of the demo world', (v) => Number(v), 42)
    .action((options: PipelineOptions) => withDb(openDb, (db) => runPipeline(db, options)));
}
