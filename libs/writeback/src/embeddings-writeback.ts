/**
 * Embeddings write-back: vectors into the run's slot properties (with a vector index per label),
 * per-product serving figures, and SIMILAR_TO relationships tagged with the run id. Every write is
 * a SET or MERGE keyed by node id and run id, so finishing an interrupted write for the same run
 * gives the same state. It never moves the serving flag: the caller calls completeRun at the end.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { EmbeddedLabel, ensureVectorIndex, EmbeddingSlot, assertSlot, otherSlot, slotProperties } from './embedding-slots';
import { WritebackError } from './errors';
import { requireRun } from './runs';

export interface LabelVectors {
  ids: readonly string[];
  /** Row-major ids.length × dimension, L2-normalised. */
  vectors: Float32Array;
}

export interface ProductServingStats {
  ids: readonly string[];
  /** Beta-smoothed conversion rate. */
  rate: ArrayLike<number>;
  buyers: ArrayLike<number>;
  engaged: ArrayLike<number>;
  /** Users who own or bought the product. */
  holders: ArrayLike<number>;
}

export interface SimilarRow {
  from: string;
  to: string;
  /** The related-items score (ranking); `cosine` is the embeddings' share of it. */
  score: number;
  cosine: number;
  rank: number;
  coUsers: number;
  share: number;
}

export interface EmbeddingsWriteInput {
  dimension: number;
  vectors: Record<EmbeddedLabel, LabelVectors>;
  productStats: ProductServingStats;
  similar: SimilarRow[];
}

export interface EmbeddingsWriteOptions {
  /** Nodes per transaction (default 2,000: 64 floats each keeps a batch near 1 MB). */
  batchSize?: number;
  onProgress?: (written: number, total: number) => void;
}

export interface EmbeddingsWriteResult {
  runId: string;
  slot: EmbeddingSlot;
  written: Record<EmbeddedLabel, number>;
  /** Ids given that are not in the graph (e.g. deleted since the projection). */
  missing: number;
  similar: number;
  seconds: number;
}

export interface CurrentEmbeddings {
  runId: string;
  slot: EmbeddingSlot;
  dimension: number;
}

export async function currentEmbeddings(db: GraphDb): Promise<CurrentEmbeddings | undefined> {
  const [row] = await db.read<{ runId: string; slot: string | null; dimension: number | null }>(cypher('writeback/embeddings-current'));
  if (!row || row.slot === null) return undefined;
  return { runId: row.runId, slot: assertSlot(row.slot), dimension: Number(row.dimension) };
}

function checkInput(input: EmbeddingsWriteInput): void {
  const d = input.dimension;
  for (const [label, { ids, vectors }] of Object.entries(input.vectors)) {
    if (vectors.length !== ids.length * d) {
      throw new WritebackError('BAD_INPUT', `${label}: ${vectors.length} floats for ${ids.length} ids × ${d} dimensions`);
    }
    for (let i = 0; i < vectors.length; i++) {
      if (!Number.isFinite(vectors[i])) throw new WritebackError('BAD_INPUT', `${label} ${ids[Math.floor(i / d)]}: embedding has a non-finite value`);
    }
  }
}

/**
 * Writes `count` rows in batches; `rowAt(i)` builds row i only when its batch is sent, so a million
 * users cost one batch of JavaScript arrays at a time, not 64 boxed numbers per user at once.
 */
async function writeBatches<T>(db: GraphDb, statement: string, count: number, rowAt: (i: number) => T, batchSize: number, params: Record<string, unknown>, onBatch: (n: number) => void): Promise<number> {
  let written = 0;
  for (let start = 0; start < count; start += batchSize) {
    const batch: T[] = [];
    for (let i = start; i < Math.min(start + batchSize, count); i++) batch.push(rowAt(i));
    const n = await db.write(async (tx) => Number((await tx.run(statement, { ...params, rows: batch })).records[0]?.get('written') ?? 0));
    written += n;
    onBatch(batch.length);
  }
  return written;
}

export async function writeEmbeddings(db: GraphDb, runId: string, input: EmbeddingsWriteInput, options: EmbeddingsWriteOptions = {}): Promise<EmbeddingsWriteResult> {
  const started = performance.now();
  const run = await requireRun(db, runId, 'embeddings');
  if (run.status !== 'writing') throw new WritebackError('RUN_NOT_WRITING', `run "${runId}" is ${run.status}; only a writing run can be written to`);
  checkInput(input);
  const current = await currentEmbeddings(db);
  const [claimed] = await db.write(async (tx) =>
    (await tx.run(cypher('writeback/embeddings-slot'), { runId, slot: otherSlot(current?.slot), dimension: input.dimension })).records.map((r) => r.get('slot') as string),
  );
  if (claimed === undefined) throw new WritebackError('RUN_NOT_WRITING', `run "${runId}" stopped being a writing run`);
  const slot = assertSlot(claimed);
  const props = slotProperties(slot);
  const batchSize = options.batchSize ?? 2_000;
  const total = input.vectors.User.ids.length + input.vectors.Product.ids.length;
  let done = 0;
  const progress = (n: number) => options.onProgress?.((done += n), total);

  const written = { User: 0, Product: 0 } as Record<EmbeddedLabel, number>;
  let missing = 0;
  for (const label of ['Product', 'User'] as const) {
    await ensureVectorIndex(db, label, slot, input.dimension);
    const { ids, vectors } = input.vectors[label];
    const d = input.dimension;
    const vectorRow = (i: number) => ({ id: ids[i], vector: Array.from(vectors.subarray(i * d, (i + 1) * d)) });
    const statement = cypher(label === 'User' ? 'writeback/embeddings-set-user' : 'writeback/embeddings-set-product');
    written[label] = await writeBatches(db, statement, ids.length, vectorRow, batchSize, { prop: props.embedding }, progress);
    missing += ids.length - written[label];
  }
  const stats = input.productStats;
  const statRow = (i: number) => ({ id: stats.ids[i], rate: stats.rate[i], buyers: stats.buyers[i], engaged: stats.engaged[i], holders: stats.holders[i] });
  await writeBatches(db, cypher('writeback/embeddings-product-stats'), stats.ids.length, statRow, batchSize, { popularity: props.popularity, buyers: props.buyers, engaged: props.engaged, holders: props.holders }, () => {});
  // Serving must not see a half-populated index once the flag moves, so wait for it here.
  await db.run('CALL db.awaitIndexes(600)');
  const similar = await writeBatches(db, cypher('writeback/embeddings-similar'), input.similar.length, (i) => input.similar[i], batchSize, { runId }, () => {});
  return { runId, slot, written, missing, similar, seconds: (performance.now() - started) / 1000 };
}

/**
 * The current run's user vectors aligned with `userIds` (row-major), streamed so a million users
 * cost the Float32Array only. `missing` counts users without a vector (arrived after training).
 */
export async function readUserEmbeddings(db: GraphDb, current: CurrentEmbeddings, userIds: readonly string[], fetchSize = 10_000): Promise<{ vectors: Float32Array; missing: number }> {
  const index = new Map(userIds.map((id, i) => [id, i]));
  const d = current.dimension;
  const vectors = new Float32Array(userIds.length * d);
  const found = new Uint8Array(userIds.length);
  const session = db.session('read', { fetchSize });
  try {
    for await (const record of session.run(cypher('writeback/embeddings-read-users'), { prop: slotProperties(current.slot).embedding })) {
      const i = index.get(record.get('id') as string);
      const vector = record.get('vector') as number[];
      if (i === undefined || vector.length !== d) continue;
      vectors.set(vector, i * d);
      found[i] = 1;
    }
  } finally {
    await session.close();
  }
  return { vectors, missing: found.length - found.reduce((a, b) => a + b, 0) };
}
