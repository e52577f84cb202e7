/**
 * `graphrec export decisions --out FILE.jsonl [--slot S]`: the served decisions (nextBestProduct)
 * as the same JSON lines `simulate --logs` writes, so `graphrec ope` evaluates any policy on them.
 * Written through a temporary name and renamed when complete: a stopped export leaves no half file.
 */
import type { GraphDb } from '@graphrec/neo4j';
import { exportDecisions } from '@graphrec/serving';
import { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { withDb } from '../with-db';

export interface ExportDecisionsOptions {
  out: string;
  slot?: string;
}

export async function runExportDecisions(db: GraphDb, options: ExportDecisionsOptions): Promise<number> {
  await db.verify();
  const started = Date.now();
  const partial = `${options.out}.partial`;
  let fd: number;
  try {
    mkdirSync(dirname(options.out), { recursive: true });
    fd = openSync(partial, 'w');
  } catch (error) {
    process.stderr.write(`graphrec export decisions: cannot write ${options.out} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
    return 2;
  }
  const stream = createWriteStream(partial, { fd });
  let failed: unknown;
  stream.on('error', (error) => (failed = error));
  try {
    const n = await exportDecisions(
      db,
      async (line) => {
        if (failed) throw failed;
        if (!stream.write(line)) await once(stream, 'drain');
      },
      options.slot,
    );
    stream.end();
    await once(stream, 'finish');
    renameSync(partial, options.out);
    process.stdout.write(`wrote ${n} decisions to ${options.out} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    return 0;
  } catch (error) {
    stream.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

export function exportDecisionsCommand(openDb: () => GraphDb): Command {
  return new Command('decisions')
    .description('export the served decisions (nextBestProduct) as decision-log JSON lines, the format `graphrec ope` reads')
    .requiredOption('--out <file>', 'write the JSON lines here')
    .option('--slot <id>', 'only this slot’s decisions')
    .action((options: ExportDecisionsOptions) => withDb(openDb, (db) => runExportDecisions(db, options)));
}
