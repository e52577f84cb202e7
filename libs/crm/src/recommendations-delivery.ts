/** Batch recommendations through the CRM deliveries: a CSV/JSONL file, or signed webhook batches. */
import { GraphDb } from '@graphrec/neo4j';
import { writeRowsFile } from './export';
import type { ExportFormat } from './format';
import { recommendationFeed, RecommendationFeedOptions, Shard } from './recommendations';
import { DeliveryOptions, PushResult, pushFeed } from './webhook';

export interface RecommendationsExportResult {
  path: string;
  format: ExportFormat;
  runId: string;
  k: number;
  shard?: Shard;
  users: number;
  unknownUsers: number;
  rows: number;
  bytes: number;
  seconds: number;
}

const shardText = (shard?: Shard) => (shard ? `${shard.index}/${shard.count}` : undefined);

export async function exportRecommendations(db: GraphDb, options: RecommendationFeedOptions & { format: ExportFormat; out: string }): Promise<RecommendationsExportResult> {
  const started = performance.now();
  const feed = await recommendationFeed(db, options);
  const { rows, bytes } = await writeRowsFile({ columns: feed.columns, lines: (format) => feed.lines(format) }, options.format, options.out);
  return {
    path: options.out,
    format: options.format,
    runId: feed.runId,
    k: feed.k,
    ...(feed.shard ? { shard: feed.shard } : {}),
    users: feed.users(),
    unknownUsers: feed.unknownUsers(),
    rows,
    bytes,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Pushes every user's top-k in signed batches of `batchSize` users (each user's k rows stay in
 * one batch). Batch ids carry k and the shard: `emb-…:k10:s2of4:7`.
 */
export async function pushRecommendations(db: GraphDb, options: RecommendationFeedOptions & DeliveryOptions): Promise<PushResult & { users: number; unknownUsers: number }> {
  const feed = await recommendationFeed(db, options);
  const variant = `recommendations:k${feed.k}${feed.shard ? `:s${feed.shard.index}of${feed.shard.count}` : ''}`;
  const result = await pushFeed(
    {
      runId: feed.runId,
      changedSince: null,
      variant,
      batchId: (batch) => `${feed.runId}:k${feed.k}${feed.shard ? `:s${feed.shard.index}of${feed.shard.count}` : ''}:${batch}`,
      body: { runId: feed.runId, kind: 'recommendations', k: feed.k, ...(feed.shard ? { shard: shardText(feed.shard) } : {}) },
      page: (after, users) => feed.page(after, users),
    },
    options,
  );
  return { ...result, users: feed.users(), unknownUsers: feed.unknownUsers() };
}
