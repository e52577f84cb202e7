/**
 * The embeddings kNN graph on a worker thread. Its HNSW index is built on one thread (for a
 * deterministic graph: knn-graph.ts), 147 s of the 1M world's segmentation here, while the other
 * core waited; built on a thread, it overlaps the user–product graph that the main thread builds
 * meanwhile (segmentUsersDetailedAsync). Same function, same inputs: the same graph.
 */
import { runTsWorker } from '@graphrec/graph-model';
import { join } from 'node:path';
import { KnnGraphOptions, knnGraphDetailed } from './knn-graph';
import type { WeightedGraph } from './weighted-graph';

export interface KnnJob {
  vectors: Float32Array;
  dims: number;
  options: KnnGraphOptions;
}

/**
 * knnGraphDetailed(...).graph computed on a worker thread. A thread that cannot start or dies is
 * not a failed segmentation: the graph is then computed here, with a warning (`fallback` false:
 * the error is thrown instead, for tests that must know the thread ran).
 */
export async function knnGraphOnThread(vectors: Float32Array, dims: number, options: KnnGraphOptions = {}, fallback = true): Promise<WeightedGraph> {
  try {
    // workerData is cloned: the thread gets its own copy of the vectors (256 MB at 1M × 64).
    return await runTsWorker<WeightedGraph>(join(__dirname, 'knn-graph-worker.ts'), 'the kNN graph thread', { workerData: { vectors, dims, options } satisfies KnnJob });
  } catch (error) {
    if (!fallback) throw error;
    process.emitWarning(`graphrec segments: the kNN graph is built on the main thread instead (${error instanceof Error ? error.message : String(error)})`);
    return knnGraphDetailed(vectors, dims, options).graph;
  }
}
