import { initTf } from '@graphrec/gnn';
import { GraphDb, repoRoot } from '@graphrec/neo4j';
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { DEFAULT_INCREMENTAL, IncrementalUpdater, StepReport } from '../incremental/updater';
import { parsePositiveInt } from '../options';
import { withDb } from '../with-db';

export interface IncrementalCommandOptions {
  modelDir: string;
  pollMs: number;
  batch: number;
  once?: boolean;
  backend?: string;
  json?: boolean;
}

const log = (line: string) => process.stderr.write(`[incremental] ${line}\n`);

/**
 * Runs the incremental updater (apps/cli/src/incremental/updater.ts) until SIGTERM/SIGINT, one
 * micro-batch per step, the next step at once while users are waiting and after `pollMs` when
 * none are; `--once` drains what is waiting and exits. One process per database is enough (two
 * would embed the same users twice, harmlessly).
 */
export async function runIncremental(db: GraphDb, options: IncrementalCommandOptions): Promise<number> {
  await db.verify();
  await initTf(options.backend as Parameters<typeof initTf>[0]);
  const updater = new IncrementalUpdater(db, {
    modelDir: resolve(repoRoot(), options.modelDir),
    batchSize: options.batch,
    overlapMs: DEFAULT_INCREMENTAL.overlapMs,
    log,
  });
  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopping = true;
    wake?.();
  };
  // A wait that a stop signal cuts short (and that leaves no timer behind to hold the process).
  const pause = (ms: number) =>
    new Promise<void>((res) => {
      const timer = setTimeout(res, ms);
      wake = () => {
        clearTimeout(timer);
        res();
      };
    });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const print = (r: StepReport) => {
    if (options.json) process.stdout.write(JSON.stringify(r) + '\n');
    else if (!r.idle) log(`${r.embedded} of ${r.polled} changed users embedded, ${r.segmented} segmented; ${r.products.embedded} of ${r.products.polled} products (project ${r.seconds.project.toFixed(1)} s, embed ${r.seconds.embed.toFixed(1)} s, write ${r.seconds.write.toFixed(2)} s)`);
  };
  while (!stopping) {
    let r: StepReport;
    try {
      r = await updater.step();
    } catch (error) {
      // A database outage or a bad run must not end the process: it retries after one interval.
      log(`step failed: ${error instanceof Error ? error.message : String(error)}`);
      if (options.once) return 1;
      await pause(options.pollMs);
      continue;
    }
    print(r);
    const more = !r.idle && (r.polled >= options.batch || r.products.polled >= options.batch);
    if (options.once && !more) break;
    if (!more) await pause(options.pollMs);
  }
  return 0;
}

export function incrementalCommand(openDb: () => GraphDb): Command {
  return new Command('incremental')
    .description('between full runs: embed new and changed users (with a segment) and products with the served GraphSAGE model, in micro-batches, until stopped')
    .option('--model-dir <dir>', 'where `graphrec train` saved the models (one folder per run id)', join('.data', 'models'))
    .option('--poll-ms <ms>', `how often to look for changed users when none are waiting (default ${DEFAULT_INCREMENTAL.pollMs})`, (v) => parsePositiveInt(v, '--poll-ms', 3_600_000), DEFAULT_INCREMENTAL.pollMs)
    .option('--batch <n>', `users per micro-batch (default ${DEFAULT_INCREMENTAL.batchSize})`, (v) => parsePositiveInt(v, '--batch', 100_000), DEFAULT_INCREMENTAL.batchSize)
    .option('--once', 'embed what is waiting, then exit')
    .option('--backend <name>', 'TensorFlow.js backend: tensorflow (tfjs-node, when installed), wasm or cpu; default: the fastest available')
    .option('--json', 'print each step as one JSON line')
    .action((options: IncrementalCommandOptions) => withDb(openDb, (db) => runIncremental(db, options)));
}
