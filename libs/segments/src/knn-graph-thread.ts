/**
 * The embeddings kNN graph on a worker thread. Its HNSW index is built on one thread (for a
 * deterministic graph: knn-graph.ts), 147 s of the 1M world's segmentation here, while the other
 * core waited; built on a thread, it overlaps the user–product graph that the main thread builds
 * meanwhile (segmentUsersDetailedAsync). Same function, same inputs: the same graph.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { KnnGraphOptions, knnGraphDetailed } from './knn-graph';
import type { WeightedGraph } from './weighted-graph';

export interface KnnJob {
  vectors: Float32Array;
  dims: number;
  options: KnnGraphOptions;
}

export type KnnReply = { ok: true; graph: WeightedGraph } | { ok: false; error: string };

/**
 * knnGraphDetailed(...).graph computed on a worker thread (TypeScript through tsx, as the CLI
 * runs). A thread that cannot start or dies is not a failed segmentation: the graph is then
 * computed here, with a warning.
 */
export async function knnGraphOnThread(vectors: Float32Array, dims: number, options: KnnGraphOptions = {}, fallback = true): Promise<WeightedGraph> {
  try {
    return await new Promise<WeightedGraph>((resolve, reject) => {
      const code = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, 'knn-graph-worker.ts'))});`;
      // workerData is cloned: the thread gets its own copy of the vectors (256 MB at 1M × 64).
      const worker = new Worker(code, { eval: true, workerData: { vectors, dims, options } satisfies KnnJob });
      worker.once('message', (m: KnnReply) => (m.ok ? resolve(m.graph) : reject(new Error(m.error))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the kNN thread exited (code ${code}) without a graph`)));
    });
  } catch (error) {
    if (!fallback) throw error;
    process.emitWarning(`graphrec segments: the kNN graph is built on the main thread instead (${error instanceof Error ? error.message : String(error)})`);
    return knnGraphDetailed(vectors, dims, options).graph;
  }
}
