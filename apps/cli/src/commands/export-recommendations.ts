import { GraphDb } from '@graphrec/neo4j';
import { displayUrl, exportRecommendations, parseShard, pushRecommendations, readUserIdsFile, Shard } from '@graphrec/crm';
import { Command, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { parseChoice, parseEnvName, parsePositiveInt } from '../options';
import { withDb } from '../with-db';
import { pushStateFile, readWebhookSecret, reportExportError, requireOut } from './export';

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
  return new Command('recommendations')
    .description("every user's top-k with scores and explanations (the API's answers from the served run): a file or signed webhook batches")
    .option('--k <n>', 'items per user (1..100)', (v) => parsePositiveInt(v, '--k'), 10)
    .option('--users <file>', 'only these user ids (one per line, or a CSV whose first column is the id)')
    .option('--shard <i/n>', 'only the users of shard i of n (FNV-1a of the user id mod n): n workers export disjoint parts')
    .addOption(new Option('--format <format>', 'file format: csv (formulas neutralised) or jsonl').argParser(parseChoice(['csv', 'jsonl'] as const, '--format')).default('csv'))
    .option('--out <file>', 'write here (through a temporary name, renamed when complete)')
    .option('--webhook <url>', 'POST batches here instead of writing a file (http or https; no user:pass@)')
    .option('--secret-env <name>', 'name of the environment variable holding the HMAC-SHA256 key', (v) => parseEnvName(v, '--secret-env'))
    .option('--secret-file <path>', 'file holding the HMAC-SHA256 key (one trailing line break ignored)')
    .addOption(new Option('--secret <secret>').hideHelp())
    .option('--state <file>', 'where the push keeps its progress (default .data/push/<hash of url, k, shard, users>.json)')
    .option('--batch-size <n>', 'users per webhook batch (each with its k rows)', (v) => parsePositiveInt(v, '--batch-size'), 100)
    .option('--page-size <n>', 'users per Neo4j read', (v) => parsePositiveInt(v, '--page-size'), 500)
    .option('--workers <n>', 'worker threads scoring pages for --out (default: every core); same rows in the same order', (v) => parsePositiveInt(v, '--workers'), availableParallelism())
    .action((options: ExportRecommendationsOptions) => withDb(openDb, (db) => runExportRecommendations(db, options)));
}
