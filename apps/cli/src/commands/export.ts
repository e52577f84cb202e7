import { GraphDb, repoRoot } from '@graphrec/neo4j';
import { WritebackError } from '@graphrec/writeback';
import { displayUrl, exportSegments, parseAttributes, pushSegments } from '@graphrec/crm';
import { Command, Option } from 'commander';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChoice, parseEnvName, parsePositiveInt } from '../options';
import { withDb } from '../with-db';
import { exportDecisionsCommand } from './export-decisions';
import { recommendationsExportCommand } from './export-recommendations';
import { propensitiesExportCommand } from './export-propensities';

export interface ExportSegmentsOptions {
  format: 'csv' | 'jsonl';
  out?: string;
  changedSince?: string;
  attributes?: string;
  webhook?: string;
  secretEnv?: string;
  secretFile?: string;
  /** Only to refuse it with a reason: a secret in argv is readable by every local user (`ps`). */
  secret?: string;
  state?: string;
  batchSize: number;
}

/** Unusable input is exit 2 (like ingest), a refused or failed delivery or a missing run exit 1. */
/** Where a file export goes: --out, or a refusal naming both ways (every export command's check). */
export function requireOut(out: string | undefined): string {
  if (!out) throw new WritebackError('BAD_INPUT', 'give --out FILE (or --webhook URL with --secret-env NAME or --secret-file PATH)');
  return out;
}

/** The end of every export command: a WritebackError becomes its message and exit code; anything else propagates. */
export function reportExportError(name: string, error: unknown): number {
  if (!(error instanceof WritebackError)) throw error;
  process.stderr.write(`graphrec export ${name}: ${error.message}\n`);
  return exitCodeOf(error);
}

export function exitCodeOf(error: WritebackError): number {
  return ['BAD_INPUT', 'BAD_URL', 'UNWRITABLE_PATH', 'STATE_MISMATCH'].includes(error.code) ? 2 : 1;
}

/**
 * One push progress file per destination (and per variant of what is pushed there), so a rerun
 * resumes the push it belongs to. Segments keep their variant-less name, so existing files still match.
 */
export function pushStateFile(webhook: string, variant?: string): string {
  const key = variant === undefined ? webhook : `${webhook}\n${variant}`;
  return join(repoRoot(), '.data', 'push', `${createHash('sha1').update(key).digest('hex').slice(0, 12)}.json`);
}

/**
 * The webhook secret from an environment variable or a file, never from the command line: argv is
 * world-readable through `ps` and /proc, and lands in shell history. Messages name the variable or
 * file, never the value.
 */
export function readWebhookSecret(options: Pick<ExportSegmentsOptions, 'secretEnv' | 'secretFile' | 'secret'>, env: NodeJS.ProcessEnv = process.env): string {
  if (options.secret !== undefined) {
    throw new WritebackError('BAD_INPUT', '--secret is not accepted (any local user can read it with ps): use --secret-env NAME or --secret-file PATH');
  }
  if (options.secretEnv !== undefined && options.secretFile !== undefined) throw new WritebackError('BAD_INPUT', 'give --secret-env or --secret-file, not both');
  if (options.secretEnv !== undefined) {
    const value = env[options.secretEnv];
    if (!value) throw new WritebackError('BAD_INPUT', `--secret-env: the environment variable ${options.secretEnv} is unset or empty`);
    return value;
  }
  if (options.secretFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.secretFile, 'utf8');
    } catch (error) {
      throw new WritebackError('BAD_INPUT', `--secret-file: cannot read ${options.secretFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    // `echo secret > file` adds a line break that is not part of the key.
    const secret = text.replace(/\r?\n$/, '');
    if (!secret) throw new WritebackError('BAD_INPUT', `--secret-file: ${options.secretFile} is empty`);
    return secret;
  }
  throw new WritebackError('BAD_INPUT', '--webhook needs the signing secret: --secret-env NAME (an environment variable) or --secret-file PATH');
}

export async function runExportSegments(db: GraphDb, options: ExportSegmentsOptions): Promise<number> {
  try {
    if (options.secret !== undefined) readWebhookSecret(options); // refuses it, with the reason
    // Checked before Neo4j is asked anything: a typo fails at once, whatever the database's state.
    const userAttributes = parseAttributes(options.attributes);
    if (options.webhook) {
      const secret = readWebhookSecret(options);
      await db.verify();
      const state = options.state ?? pushStateFile(options.webhook);
      const result = await pushSegments(db, { url: options.webhook, secret, stateFile: state, batchSize: options.batchSize, changedSince: options.changedSince, userAttributes });
      process.stdout.write(
        result.alreadyDone
          ? `run ${result.runId} was already pushed completely to ${displayUrl(options.webhook)}\n`
          : `pushed ${result.rowsSent} rows in ${result.batchesSent} batches (run ${result.runId}, ${result.retries} retries) in ${result.seconds.toFixed(1)}s\n`,
      );
      return 0;
    }
    const out = requireOut(options.out);
    await db.verify();
    const result = await exportSegments(db, { format: options.format, out, changedSince: options.changedSince, userAttributes });
    process.stdout.write(`wrote ${result.rows} rows of run ${result.runId} to ${result.path} (${options.format}) in ${result.seconds.toFixed(1)}s\n`);
    return 0;
  } catch (error) {
    return reportExportError('segments', error);
  }
}

/** How a push names its progress file and counts its batches (the only delivery wording that differs). */
export interface DeliveryWording {
  /** What the default state file's name hashes, e.g. "hash of url, k, shard, users". */
  stateKey: string;
  /** What a webhook batch holds, e.g. "rows" or "users (each with its k rows)". */
  batchUnit: string;
  batchDefault: number;
}

/**
 * The file and signed-webhook delivery options every CRM export shares — one wording and one parser
 * each (format, out, webhook, secret from an env var or a file, push state, batch size); the
 * command adds what is its own before calling this.
 */
export function addDeliveryOptions(command: Command, wording: DeliveryWording): Command {
  return command
    .addOption(new Option('--format <format>', 'file format: csv (formulas neutralised) or jsonl').argParser(parseChoice(['csv', 'jsonl'] as const, '--format')).default('csv'))
    .option('--out <file>', 'write here (through a temporary name, renamed when complete)')
    .option('--webhook <url>', 'POST batches here instead of writing a file (http or https; no user:pass@; redirects count as failures)')
    .option('--secret-env <name>', 'name of the environment variable holding the HMAC-SHA256 key for X-Graphrec-Signature', (v) => parseEnvName(v, '--secret-env'))
    .option('--secret-file <path>', 'file holding the HMAC-SHA256 key (one trailing line break ignored)')
    .addOption(new Option('--secret <secret>').hideHelp())
    .option('--state <file>', `where the push keeps its progress (default .data/push/<${wording.stateKey}>.json)`)
    .option('--batch-size <n>', `${wording.batchUnit} per webhook batch`, (v) => parsePositiveInt(v, '--batch-size'), wording.batchDefault);
}

export function exportCommand(openDb: () => GraphDb): Command {
  const segments = new Command('segments')
    .description('export the served segments run for the CRM: a file (CSV or JSONL) or signed batches to a webhook')
    .option('--changed-since <runId>', 'only users who joined, left or moved since that run')
    .option('--attributes <list>', 'extra user columns from home_type, region, signup_date (comma-separated)');
  addDeliveryOptions(segments, { stateKey: 'url hash', batchUnit: 'rows', batchDefault: 500 })
    .action((options: ExportSegmentsOptions) => withDb(openDb, (db) => runExportSegments(db, options)));
  return new Command('export').description('export results for other systems').addCommand(segments).addCommand(exportDecisionsCommand(openDb)).addCommand(recommendationsExportCommand(openDb)).addCommand(propensitiesExportCommand(openDb));
}
