import { GraphDb, repoRoot } from '@graphrec/neo4j';
import { WritebackError } from '@graphrec/writeback';
import { exportSegments, pushSegments } from '@graphrec/crm';
import { Command, Option } from 'commander';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parsePositiveInt } from './ingest';
import { withDb } from '../with-db';

interface ExportSegmentsOptions {
  format: 'csv' | 'jsonl';
  out?: string;
  changedSince?: string;
  attributes?: string;
  webhook?: string;
  secret?: string;
  state?: string;
  batchSize: number;
}

/** Unusable input is exit 2 (like ingest), a refused or failed delivery or a missing run exit 1. */
function exitCodeOf(error: WritebackError): number {
  return ['BAD_INPUT', 'BAD_URL', 'UNWRITABLE_PATH', 'STATE_MISMATCH'].includes(error.code) ? 2 : 1;
}

export async function runExportSegments(db: GraphDb, options: ExportSegmentsOptions): Promise<number> {
  const userAttributes = options.attributes ? options.attributes.split(',').map((a) => a.trim()).filter(Boolean) : undefined;
  try {
    if (options.webhook) {
      if (!options.secret) throw new WritebackError('BAD_INPUT', '--webhook needs --secret to sign the batches');
      await db.verify();
      // One progress file per destination, so a rerun resumes the push it belongs to.
      const state = options.state ?? join(repoRoot(), '.data', 'push', `${createHash('sha1').update(options.webhook).digest('hex').slice(0, 12)}.json`);
      const result = await pushSegments(db, {
        url: options.webhook,
        secret: options.secret,
        stateFile: state,
        batchSize: options.batchSize,
        changedSince: options.changedSince,
        userAttributes,
      });
      process.stdout.write(
        result.alreadyDone
          ? `run ${result.runId} was already pushed completely to ${options.webhook}\n`
          : `pushed ${result.rowsSent} rows in ${result.batchesSent} batches (run ${result.runId}, ${result.retries} retries) in ${result.seconds.toFixed(1)}s\n`,
      );
      return 0;
    }
    if (!options.out) throw new WritebackError('BAD_INPUT', 'give --out FILE (or --webhook URL --secret S)');
    await db.verify();
    const result = await exportSegments(db, { format: options.format, out: options.out, changedSince: options.changedSince, userAttributes });
    process.stdout.write(`wrote ${result.rows} rows of run ${result.runId} to ${result.path} (${options.format}) in ${result.seconds.toFixed(1)}s\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof WritebackError)) throw error;
    process.stderr.write(`graphrec export segments: ${error.message}\n`);
    return exitCodeOf(error);
  }
}

export function exportCommand(openDb: () => GraphDb): Command {
  const segments = new Command('segments')
    .description("export the served segments run for the CRM: a file (CSV or JSONL) or signed batches to a webhook")
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'jsonl']).default('csv'))
    .option('--out <file>', 'write here (through a temporary name, renamed when complete)')
    .option('--changed-since <runId>', 'only users who joined, left or moved since that run')
    .option('--attributes <list>', 'extra user properties as columns, e.g. home_type,region')
    .option('--webhook <url>', 'POST batches here instead of writing a file')
    .option('--secret <secret>', 'HMAC-SHA256 key for the X-Graphrec-Signature header')
    .option('--state <file>', 'where the push keeps its progress (default .data/push/<url hash>.json)')
    .option('--batch-size <n>', 'rows per webhook batch', (v) => parsePositiveInt(v, '--batch-size'), 500)
    .action((options: ExportSegmentsOptions) => withDb(openDb, (db) => runExportSegments(db, options)));
  return new Command('export').description('export results for other systems').addCommand(segments);
}
