/**
 * `graphrec export propensities --action A --top N [--out FILE | --webhook URL]`: the CRM's target
 * list for a high-value action — the N users most likely to take it by the served run's calibrated
 * propensity (libs/crm/src/propensities.ts: every user scored a page at a time, a bounded heap keeps
 * the best N) — as CSV/JSONL or signed webhook batches, like `export segments` and `export recommendations`.
 */
import { exportPropensities, MAX_PROPENSITY_TOP, pushPropensities } from '@graphrec/crm';
import { HIGH_VALUE_ACTIONS } from '@graphrec/decide';
import { GraphDb } from '@graphrec/neo4j';
import { WritebackError } from '@graphrec/writeback';
import { displayUrl } from '@graphrec/crm';
import { Command } from 'commander';
import { parsePositiveInt } from '../options';
import { withDb } from '../with-db';
import { addDeliveryOptions, pushStateFile, readWebhookSecret, reportExportError, requireOut } from './export';

export interface ExportPropensitiesOptions {
  action: string;
  top: number;
  format: 'csv' | 'jsonl';
  out?: string;
  webhook?: string;
  secretEnv?: string;
  secretFile?: string;
  secret?: string;
  state?: string;
  batchSize: number;
  pageSize: number;
}

export async function runExportPropensities(db: GraphDb, options: ExportPropensitiesOptions): Promise<number> {
  try {
    if (options.secret !== undefined) readWebhookSecret(options); // refuses it, with the reason
    if (!HIGH_VALUE_ACTIONS.some((a) => a.name === options.action)) {
      throw new WritebackError('BAD_INPUT', `--action: unknown action "${options.action}"; configured actions: ${HIGH_VALUE_ACTIONS.map((a) => a.name).join(', ')}`);
    }
    if (options.top > MAX_PROPENSITY_TOP) throw new WritebackError('BAD_INPUT', `--top: at most ${MAX_PROPENSITY_TOP}`);
    const list = { action: options.action, top: options.top, pageSize: options.pageSize };
    if (options.webhook) {
      const secret = readWebhookSecret(options);
      await db.verify();
      const state = options.state ?? pushStateFile(options.webhook, `propensities:${options.action}:${options.top}`);
      const r = await pushPropensities(db, { ...list, url: options.webhook, secret, stateFile: state, batchSize: options.batchSize });
      process.stdout.write(
        r.alreadyDone
          ? `the top ${options.top} for ${options.action} of run ${r.runId} were already pushed completely to ${displayUrl(options.webhook)}\n`
          : `pushed ${r.rowsSent} rows (top ${options.top} of ${r.users} users for ${options.action}, run ${r.runId}) in ${r.batchesSent} batches (${r.retries} retries) in ${r.seconds.toFixed(1)}s\n`,
      );
      return 0;
    }
    const out = requireOut(options.out);
    await db.verify();
    const r = await exportPropensities(db, { ...list, format: options.format, out });
    process.stdout.write(`wrote ${r.rows} rows (top ${options.top} of ${r.users} users for ${r.action}, run ${r.runId}) to ${r.path} (${r.format}) in ${r.seconds.toFixed(1)}s\n`);
    return 0;
  } catch (error) {
    return reportExportError('propensities', error);
  }
}

export function propensitiesExportCommand(openDb: () => GraphDb): Command {
  const command = new Command('propensities')
    .description('the N users most likely to take a high-value action (calibrated propensity of the served run), best first: a file or signed webhook batches')
    .requiredOption('--action <name>', `the action: ${HIGH_VALUE_ACTIONS.map((a) => a.name).join(', ')}`)
    .requiredOption('--top <n>', `users in the list (1..${MAX_PROPENSITY_TOP})`, (v) => parsePositiveInt(v, '--top'));
  return addDeliveryOptions(command, { stateKey: 'hash of url, action, top', batchUnit: 'rows', batchDefault: 500 })
    .option('--page-size <n>', 'users per Neo4j read', (v) => parsePositiveInt(v, '--page-size'), 500)
    .action((options: ExportPropensitiesOptions) => withDb(openDb, (db) => runExportPropensities(db, options)));
}
