import { GraphDb, describeTarget, migrate, repoRoot } from '@graphrec/neo4j';
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerate } from './generate';
import { runIngest } from './ingest';
import { runSegment } from './segment';
import { runTrain } from './train';
import { NO_XGBOOST, runTrainRanker, TOO_FEW_LABELS } from './train-ranker';
import { runTrainPropensity } from './train-propensity';
import { runTrainSequence, SEQUENCE_PIPELINE, TOO_FEW_SESSIONS } from './train-sequence';
import { graphCounts } from './status';
import { DEFAULT_SEED, parsePositiveInt, parseSeed } from '../options';
import { withDb } from '../with-db';

export interface PipelineOptions {
  demoUsers: number;
  seed: number;
  /** Training epochs at most (default: the model's). */
  epochs?: number;
  /** A smaller, faster demo (QUICK) for a busy or small machine; explicit options still win. */
  quick?: boolean;
}

/**
 * `npm start -- --quick`: a quarter of the demo world and a cap on training, for a busy machine.
 * The full demo spends most of its time loading 540,980 rows and training (docs/benchmarks.md:
 * 38.5 s and 57.6 s of 131 s on a quiet machine); both scale with users, training also with epochs.
 */
export const QUICK = { demoUsers: 5_000, epochs: 5 } as const;

/** Applies --quick to the options the user did not give explicitly. */
export function applyQuick(options: PipelineOptions, given: (option: 'demoUsers' | 'epochs') => boolean): PipelineOptions {
  if (!options.quick) return options;
  return {
    ...options,
    demoUsers: given('demoUsers') ? options.demoUsers : QUICK.demoUsers,
    epochs: given('epochs') ? options.epochs : QUICK.epochs,
  };
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
 * The daily job: schema, demo data when the graph is empty, then training (embeddings run) and segmentation (segments run).
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
  const trained = await runTrain(db, { seed: options.seed, keepRuns: 3, similarK: 50, modelDir: join('.data', 'models'), epochs: options.epochs });
  if (trained !== 0) return trained;
  const segmented = await runSegment(db, { seed: options.seed, level: 'coarse', keepRuns: 3 });
  if (segmented !== 0) return segmented;
  // The served sequence model (nextInSession): a few seeded epochs, cheap on the demo world. Before
  // the ranker, whose seq_* features read it (issue 12 §4).
  const sequenced = await runTrainSequence(db, { ...SEQUENCE_PIPELINE, modelDir: join('.data', 'models'), seed: options.seed });
  if (sequenced === TOO_FEW_SESSIONS) log('no sequence model trained (reason above); nextInSession answers by popularity');
  else if (sequenced !== 0) return sequenced;
  // The ranker is optional: without libxgboost the served run keeps its embeddings path.
  const ranked = await runTrainRanker(db, { modelDir: join('.data', 'models'), seed: options.seed, labelDays: 30, maxUsers: 50_000 });
  const skipped = ranked === NO_XGBOOST || ranked === TOO_FEW_LABELS;
  if (skipped) log('no ranker trained (reason above); serving stays on embeddings');
  else if (ranked !== 0) return ranked;
  // Propensities are optional too (same reasons); at most 20,000 users keep the demo's cost small.
  const propensity = await runTrainPropensity(db, { modelDir: join('.data', 'models'), seed: options.seed, windowDays: 30, maxUsers: 20_000 });
  if (propensity === NO_XGBOOST || propensity === TOO_FEW_LABELS) log('no propensity models trained (reason above)');
  else if (propensity !== 0) return propensity;
  return 0;
}

export function pipelineCommand(openDb: () => GraphDb): Command {
  return new Command('pipeline')
    .description('run the main job: schema, demo data if the graph is empty, then the later stages')
    .option('--demo-users <n>', 'users in the demo world loaded into an empty graph', (v) => parsePositiveInt(v, '--demo-users'), 20_000)
    .option('--seed <n>', 'seed of the demo world and of training', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--epochs <n>', 'training epochs at most', (v) => parsePositiveInt(v, '--epochs'))
    .option('--quick', `a smaller, faster demo: ${QUICK.demoUsers} users in an empty graph and at most ${QUICK.epochs} training epochs (unless given)`)
    .action((options: PipelineOptions, command: Command) => {
      const resolved = applyQuick(options, (name) => command.getOptionValueSource(name) === 'cli');
      return withDb(openDb, (db) => runPipeline(db, resolved));
    });
}
