/**
 * k-nearest-neighbour graph of vectors (user embeddings), the default graph to segment. Exact
 * search is quadratic (1M users × 64 dims ≈ 6.4e13 multiply-adds), so large inputs go through an
 * HNSW index (usearch: maintained, SIMD, prebuilt binaries in its npm package); chosen by
 * measurement, see docs/benchmarks.md. Edges are weighted by cosine similarity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Index, MetricKind, ScalarKind, exactSearch } from 'usearch';
import { WeightedGraph, buildWeightedGraph } from './weighted-graph';

export interface KnnGraphOptions {
  /** Neighbours per node (default 15). */
  k?: number;
  /** `hnsw` (approximate, default above `exactBelow` nodes) or `exact`. */
  method?: 'hnsw' | 'exact';
  /**
   * Below this many nodes exact search is used when `method` is not given (default 10,000). On
   * the demo world's GraphSAGE user vectors (64-d, k 30) exact search took 1.9 s at 10,000 nodes
   * but 17.1 s at 19,999, where HNSW took 0.61 s at recall 0.997.
   */
  exactBelow?: number;
  /** HNSW graph degree (default 16), build-time and search-time beam widths (48, 48: recall 0.95 at 200k × 64 in 25 s here). */
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
  /** Storage and distance precision of the HNSW index: f32 (default), f16 (1.5x faster at 200k × 64, recall 0.953 vs 0.968, but no faster at 1M: 307.5 s, recall 0.840) or i8 (recall 0.877 at 200k). */
  quantization?: 'f32' | 'f16' | 'i8';
  /** Native threads (default 2: the machine's cores). */
  threads?: number;
  /**
   * Build the HNSW index on one thread (default true), so the same vectors give the same graph:
   * concurrent inserts make the graph depend on thread timing, and a rerun of segmentation moved
   * ~0.5% of the demo world's users between segments (false changes for the CRM). The search
   * still uses `threads` (queries are independent).
   */
  deterministic?: boolean;
  /** Edges with a cosine similarity at or below this are dropped (default 0). */
  minSimilarity?: number;
}

export interface KnnGraphDetails {
  graph: WeightedGraph;
  method: 'hnsw' | 'exact';
  /** Neighbour lists as found: node i's neighbours are `neighbours[i*k ... i*k+k)` (-1 = none). */
  neighbours: Int32Array;
  seconds: { index: number; search: number; graph: number };
}

const DEFAULTS = { k: 15, exactBelow: 10_000, connectivity: 16, expansionAdd: 48, expansionSearch: 48, threads: 2, deterministic: true, minSimilarity: 0, quantization: 'f32' as 'f32' | 'f16' | 'i8' };
const SCALAR = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 } as const;

function nodeCount(vectors: Float32Array, dims: number): number {
  if (!Number.isInteger(dims) || dims <= 0) throw new RangeError(`dims must be a positive whole number, got ${dims}`);
  if (vectors.length % dims !== 0) throw new RangeError(`vectors hold ${vectors.length} numbers, not a multiple of ${dims}`);
  return vectors.length / dims;
}

type Found = { keys: BigUint64Array; distances: Float32Array; counts: BigUint64Array };

/**
 * Searches a memory-mapped copy of `index` on `threads` threads; undefined when the copy cannot be
 * written (a full temporary disk, say: 1M × 64 floats is about 400 MB), so the caller can search
 * the original on the one thread it was built with instead of failing.
 */
function searchThroughView(index: Index, config: ConstructorParameters<typeof Index>[0], vectors: Float32Array, count: number, threads: number): Found | undefined {
  let dir: string | undefined;
  try {
    dir = mkdtempSync(join(tmpdir(), 'graphrec-knn-'));
    index.save(join(dir, 'index.usearch'));
    const view = new Index(config);
    view.view(join(dir, 'index.usearch'));
    return view.search(vectors, count, threads) as unknown as Found;
  } catch {
    return undefined;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** For each node, its k nearest other nodes and their cosine similarity. */
function searchNeighbours(vectors: Float32Array, dims: number, n: number, k: number, method: 'hnsw' | 'exact', o: typeof DEFAULTS) {
  const started = performance.now();
  let found: Found;
  let indexSeconds = 0;
  if (method === 'exact') {
    found = exactSearch(vectors, vectors, dims, k + 1, MetricKind.Cos, o.threads) as unknown as typeof found;
  } else {
    const config = {
      dimensions: dims,
      metric: MetricKind.Cos,
      quantization: SCALAR[o.quantization],
      connectivity: o.connectivity,
      expansion_add: o.expansionAdd,
      expansion_search: o.expansionSearch,
      multi: false,
    };
    const index = new Index(config);
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) keys[i] = BigInt(i);
    const addThreads = o.deterministic ? 1 : o.threads;
    const searchThreads = Math.max(1, Math.min(o.threads, availableParallelism()));
    index.add(keys, vectors, addThreads);
    indexSeconds = (performance.now() - started) / 1000;
    // usearch's JS binding reserves search contexts for the thread count of the last add, so an
    // index built on one thread can only be searched on one. Memory-mapping a saved copy reserves
    // one context per core: the build stays sequential, the search parallel.
    const viewed = searchThreads > addThreads ? searchThroughView(index, config, vectors, k + 1, searchThreads) : undefined;
    found = viewed ?? (index.search(vectors, k + 1, Math.min(searchThreads, addThreads)) as unknown as typeof found);
  }
  return { found, indexSeconds, searchSeconds: (performance.now() - started) / 1000 - indexSeconds };
}

export function knnGraphDetailed(vectors: Float32Array, dims: number, options: KnnGraphOptions = {}): KnnGraphDetails {
  const o = { ...DEFAULTS, ...options };
  const n = nodeCount(vectors, dims);
  const k = Math.min(o.k, Math.max(n - 1, 0));
  const method = options.method ?? (n < o.exactBelow ? 'exact' : 'hnsw');
  const { found, indexSeconds, searchSeconds } = searchNeighbours(vectors, dims, n, k, method, o);
  const started = performance.now();
  const neighbours = new Int32Array(n * k).fill(-1);
  const sources = new Int32Array(n * k);
  const targets = new Int32Array(n * k);
  const weights = new Float64Array(n * k);
  let edges = 0;
  const stride = k + 1; // results come k+1 per query, the node itself usually among them
  for (let i = 0; i < n; i++) {
    const count = Number(found.counts[i]);
    let kept = 0;
    for (let j = 0; j < count && kept < k; j++) {
      const other = Number(found.keys[i * stride + j]);
      if (other === i) continue;
      neighbours[i * k + kept++] = other;
      const similarity = 1 - found.distances[i * stride + j];
      if (similarity <= o.minSimilarity) continue;
      sources[edges] = i;
      targets[edges] = other;
      weights[edges++] = similarity;
    }
  }
  // A pair that lists each other becomes one edge with both weights summed: mutual neighbours bind tighter.
  const graph = buildWeightedGraph(n, sources, targets, weights, edges);
  return { graph, method, neighbours, seconds: { index: indexSeconds, search: searchSeconds, graph: (performance.now() - started) / 1000 } };
}

export function knnGraph(vectors: Float32Array, dims: number, options: KnnGraphOptions = {}): WeightedGraph {
  return knnGraphDetailed(vectors, dims, options).graph;
}

/** Share of the exact k nearest neighbours that `neighbours` found, over the sampled nodes. */
export function knnRecall(vectors: Float32Array, dims: number, neighbours: Int32Array, k: number, sample: number[]): number {
  const queries = new Float32Array(sample.length * dims);
  sample.forEach((node, q) => queries.set(vectors.subarray(node * dims, node * dims + dims), q * dims));
  const exact = exactSearch(vectors, queries, dims, k + 1, MetricKind.Cos, DEFAULTS.threads) as unknown as { keys: BigUint64Array; counts: BigUint64Array };
  let hits = 0;
  let total = 0;
  sample.forEach((node, q) => {
    const truth = new Set<number>();
    for (let j = 0; j < Number(exact.counts[q]) && truth.size < k; j++) {
      const other = Number(exact.keys[q * (k + 1) + j]);
      if (other !== node) truth.add(other);
    }
    for (let j = 0; j < k; j++) if (truth.has(neighbours[node * k + j])) hits++;
    total += truth.size;
  });
  return total ? hits / total : 1;
}
