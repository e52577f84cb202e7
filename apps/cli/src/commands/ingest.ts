import { ENTITY_KINDS, EntityKind } from '@graphrec/graph-model';
import { DEFAULT_MAX_LINE_BYTES, FileFormatError, INGEST_FORMATS, IngestFormat, IngestSummary, configuredSchemas, ingest } from '@graphrec/ingest';
import { runBulkIngest } from './ingest-bulk';
import { GraphDb, isNeo4jUnavailable, migrate, Neo4jUnavailableError } from '@graphrec/neo4j';
import { Command, Option } from 'commander';
import { relative } from 'node:path';
import { parsePositiveInt } from '../options';
import { createProgress } from '../progress';
import { withDb } from '../with-db';

export interface IngestCommandOptions {
  format: IngestFormat;
  batchSize: number;
  lanes?: number;
  restart?: boolean;
  rejectedDir?: string;
  maxLineBytes?: number;
  kind?: EntityKind;
  json?: boolean;
  bulk?: boolean;
  threads?: number;
  validationWorkers?: number;
}

export function formatSummary(summary: IngestSummary): string {
  const rows = summary.files.map((f) => {
    const name = relative(process.cwd(), f.path) || f.path;
    if (f.skipped) return `  ${name}: already loaded completely (unchanged file); --restart reads it again`;
    const notes = [f.resumed ? 'resumed' : '', f.rejectedFile ? `rejected rows in ${relative(process.cwd(), f.rejectedFile)}` : '']
      .filter(Boolean)
      .join('; ');
    return `  ${name} [${f.kind}]: loaded ${f.loaded}, unchanged ${f.unchanged}, rejected ${f.rejected} (${f.seconds.toFixed(1)}s)${notes ? ` - ${notes}` : ''}`;
  });
  return [
    ...rows,
    `total: loaded ${summary.loaded}, unchanged ${summary.unchanged}, rejected ${summary.rejected} in ${summary.seconds.toFixed(1)}s`,
  ].join('\n');
}

/** Runs an ingest with progress; returns the process exit code. */
export async function runIngest(db: GraphDb, paths: string[], options: IngestCommandOptions): Promise<number> {
  await db.verify();
  await migrate(db);
  const progress = createProgress();
  let summary: IngestSummary;
  try {
    summary = await ingest(db, paths, {
      format: options.format,
      batchSize: options.batchSize,
      lanes: options.lanes,
      restart: options.restart,
      rejectedDir: options.rejectedDir,
      maxLineBytes: options.maxLineBytes,
      kind: options.kind,
      onFileStart: (file) => progress.start(`${file.kind} ${file.index + 1}/${file.total}`, file.bytes, 'bytes'),
      onProgress: (p) => progress.update(p.bytesDone, { rows: p.rows, loaded: p.loaded, unchanged: p.unchanged, rejected: p.rejected }),
    });
  } finally {
    progress.stop();
  }
  process.stdout.write(options.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary) + '\n');
  const everythingSkipped = summary.files.every((f) => f.skipped);
  if (!everythingSkipped && summary.loaded + summary.unchanged === 0) {
    process.stderr.write(`nothing could be loaded: ${summary.rejected ? 'every row was rejected' : 'the files hold no rows'}\n`);
    return 1;
  }
  return 0;
}

export function ingestCommand(openDb: () => GraphDb): Command {
  return new Command('ingest')
    .description('load users, products, devices, ownerships and events into Neo4j (idempotent, resumable)')
    .argument('<paths...>', 'files or folders (native: products|users|devices|ownerships|events[-part].csv|jsonl)')
    .addOption(new Option('--format <format>', 'input format').choices([...INGEST_FORMATS]).default('native'))
    .option('--batch-size <n>', 'rows per transaction', (v) => parsePositiveInt(v, '--batch-size'), 10_000)
    .option('--lanes <n>', 'concurrent write transactions per file', (v) => parsePositiveInt(v, '--lanes'), 2)
    .option('--restart', 'ignore resume checkpoints and read every file from its start')
    .option('--rejected-dir <dir>', 'write <file>.<hash>.rejected.jsonl here instead of next to each input')
    .option('--max-line-bytes <n>', 'quarantine longer lines (CSV records) unread', (v) => parsePositiveInt(v, '--max-line-bytes'), DEFAULT_MAX_LINE_BYTES)
    .addOption(new Option('--kind <kind>', 'what one file holds when its name does not say').choices([...ENTITY_KINDS]))
    .option('--json', 'print the summary as JSON')
    .option('--bulk', 'first load into an empty local database through Neo4j\'s importer (stops and restarts the local server)')
    .option('--threads <n>', 'importer threads for --bulk (default: every core)', (v) => parsePositiveInt(v, '--threads'))
    .option('--validation-workers <n>', 'worker threads validating large events files for --bulk (default: every core)', (v) => parsePositiveInt(v, '--validation-workers'))
    .action((paths: string[], options: IngestCommandOptions) => {
      // A malformed GRAPHREC_TIME_FLOOR etc. is said once, up front, not per row.
      configuredSchemas();
      // The bulk load manages the local server itself (stop, import, start): no driver is opened here.
      if (options.bulk) return runBulkIngest(paths, options).then((code) => void (process.exitCode = code));
      return withDb(openDb, async (db) => {
        try {
          return await runIngest(db, paths, options);
        } catch (error) {
          if (error instanceof FileFormatError) {
            process.stderr.write(`graphrec ingest: ${error.message}\n`);
            return 2;
          }
          if (isNeo4jUnavailable(error) && !(error instanceof Neo4jUnavailableError)) {
            const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
            process.stderr.write(`graphrec ingest: Neo4j became unreachable during the load (${reason}); rerun the same command to resume\n`);
            return 3;
          }
          throw error;
        }
      });
    });
}

// The option parsers moved to ../options (one module for every command); re-exported for old imports.
export { parsePositiveInt };
