/**
 * kNN graph benchmark: N vectors of D dimensions around C centres (seeded), HNSW index (usearch),
 * k neighbours each, then recall against exact search on a sample. Target: 1M × 64 in < 5 minutes.
 *
 *   npm run bench:knn [-- --nodes 1000000 --dims 64 --k 15 --clusters 200 --connectivity 16 --ef-add 48 --ef-search 48 --f16|--i8 --parallel-build]
 *
 * `--parallel-build` builds the index on every thread (faster, but the graph then depends on
 * thread timing); the default, like knnGraph's, is a sequential build and a parallel search.
 *
 * Recall is checked afterwards by exact search on a sample; that check itself needs a lot of memory.
 */
import { cpus } from 'node:os';
import { knnGraphDetailed, knnRecall } from '@graphrec/segments';
import { arg } from '../support/args';

function main(): void {
  const n = arg('nodes', 1_000_000);
  const dims = arg('dims', 64);
  const k = arg('k', 15);
  const clusters = arg('clusters', 200);
  const connectivity = arg('connectivity', 16);
  const expansionAdd = arg('ef-add', 48);
  const expansionSearch = arg('ef-search', 48);
  const quantization = (process.argv.includes('--i8') ? 'i8' : process.argv.includes('--f16') ? 'f16' : 'f32') as 'f32' | 'f16' | 'i8';
  const deterministic = !process.argv.includes('--parallel-build');
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const centres = Float32Array.from({ length: clusters * dims }, rnd);
  const vectors = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const c = Math.floor((rnd() + 0.5) * clusters) % clusters;
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = centres[c * dims + d] + 0.5 * rnd();
  }
  const started = performance.now();
  const result = knnGraphDetailed(vectors, dims, { k, method: 'hnsw', connectivity, expansionAdd, expansionSearch, quantization, deterministic });
  const peakGraph = process.resourceUsage().maxRSS / 1024;
  const total = (performance.now() - started) / 1000;
  const sample = Array.from({ length: 200 }, (_, i) => Math.floor((i * n) / 200));
  const recall = knnRecall(vectors, dims, result.neighbours, k, sample);
  console.log(`knn benchmark: ${n} × ${dims}, k ${k}, ${clusters} clusters, M ${connectivity}, ef ${expansionAdd}/${expansionSearch}, ${quantization}, ${deterministic ? 'sequential' : 'parallel'} build, ${cpus().length} cores`);
  console.log(`  index ${result.seconds.index.toFixed(1)} s, search ${result.seconds.search.toFixed(1)} s, graph ${result.seconds.graph.toFixed(1)} s, total ${total.toFixed(1)} s`);
  console.log(`  ${result.graph.size} undirected edges; recall@${k} ${recall.toFixed(3)} on 200 nodes; peak RSS while building the graph ${peakGraph.toFixed(0)} MiB`);
  console.log(JSON.stringify({ bench: 'knn', nodes: n, dims, k, seconds: total, ...result.seconds, edges: result.graph.size, recall, connectivity, expansionAdd, expansionSearch, quantization, deterministic, peakRssMiB: Math.round(peakGraph) }));
}

main();
