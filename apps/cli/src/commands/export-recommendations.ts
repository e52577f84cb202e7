import { GraphDb } from '@graphrec/neo4j';
import { displayUrl, exportRecommendations, parseShard, pushRecommendations, readUserIdsFile, Shard } from '@graphrec/crm';
import { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { parsePositiveInt } from '../options';
import { withDb } from '../with-db';
import { addDeliveryOptions, pushStateFile, readWebhookSecret, reportExportError, requireOut } from './export';

export interface ExportRecommendationsOptions {
  k: number;
  users?: string;
  shard?: string;
  format: 'csv' | 'jsonl';
  out?: string;
  webhook?: string;
  secretEnv?: string;
  secretFile?: string;
  secret?: string;
  state?: string;
  batchSize: number;
  pageSize: number;
  workers: number;
}

const shardName = (shard?: Shard) => (shard ? ` (shard ${shard.index}/${shard.count})` : '');

export async function runExportRecommendations(db: GraphDb, options: ExportRecommendationsOptions): Promise<number> {
  try {
    if (options.secret !== undefined) readWebhookSecret(options); // refuses it, with the reason
    // Checked before Neo4j is asked anything.
    const shard = options.shard === undefined ? undefined : parseShard(options.shard);
    const userIds = options.users === undefined ? undefined : readUserIdsFile(options.users);
    const feed = { k: options.k, shard, userIds, pageSize: options.pageSize, workers: options.workers };
    if (options.webhook) {
      const secret = readWebhookSecret(options);
      await db.verify();
      const variant = `recommendations:${options.k}:${options.shard ?? ''}:${options.users ?? ''}`;
      const state = options.state ?? pushStateFile(options.webhook, variant);
      const r = await pushRecommendations(db, { ...feed, url: options.webhook, secret, stateFile: state, batchSize: options.batchSize });
      process.stdout.write(
        r.alreadyDone
          ? `recommendations of run ${r.runId}${shardName(shard)} were already pushed completely to ${displayUrl(options.webhook)}\n`
          : `pushed ${r.rowsSent} rows for ${r.users} users in ${r.batchesSent} batches (run ${r.runId}${shardName(shard)}, ${r.retries} retries) in ${r.seconds.toFixed(1)}s\n`,
      );
      if (r.unknownUsers) process.stderr.write(`${r.unknownUsers} user id(s) of ${options.users} are not in the graph: skipped\n`);
      return 0;
    }
    const out = requireOut(options.out);
    await db.verify();
    const r = await exportRecommendations(db, { ...feed, format: options.format, out });
    process.stdout.write(
      `wrote ${r.rows} rows (top ${r.k} of ${r.users} users, run ${r.runId}${shardName(shard)}) to ${r.path} (${r.format}) in ${r.seconds.toFixed(1)}s\n`,
    );
    if (r.unknownUsers) process.stderr.write(`${r.unknownUsers} user id(s) of ${options.users} are not in the graph: skipped\n`);
    return 0;
  } catch (error) {
    return reportExportError('recommendations', error);
  }
}

export function recommendationsExportCommand(openDb: () => GraphDb): Command {
  const command = new Command('recommendations')
    .description("every user's top-k with scores and explanations (the API's answers from the served run): a file or signed webhook batches")
    .option('--k <n>', 'items per user (1..100)', (v) => parsePositiveInt(v, '--k'), 10)
    .option('--users <file>', 'only these user ids (one per line, or a CSV whose first column is the id)')
    .option('--shard <i/n>', 'only the users of shard i of n (FNV-1a of the user id mod n): n workers export disjoint parts');
  return addDeliveryOptions(command, { stateKey: 'hash of url, k, shard, users', batchUnit: 'users (each with its k rows)', batchDefault: 100 })
    .option('--page-size <n>', 'users per Neo4j read', (v) => parsePositiveInt(v, '--page-size'), 500)
    .option('--workers <n>', 'worker threads scoring pages for --out (default: every core); same rows in the same order', (v) => parsePositiveInt(v, '--workers'), availableParallelism())
    .action((options: ExportRecommendationsOptions) => withDb(openDb, (db) => runExportRecommendations(db, options)));
}
