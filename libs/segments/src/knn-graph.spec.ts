import { knnGraphDetailed, knnRecall } from './knn-graph';
import { louvain } from './louvain';
import { normalizedMutualInformation } from './metrics';

/** Points around `clusters` random centres: the kNN graph should reproduce the clusters. */
function clustered(n: number, dims: number, clusters: number, spread: number): { vectors: Float32Array; truth: Int32Array } {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
  const centres = Float32Array.from({ length: clusters * dims }, rnd);
  const vectors = new Float32Array(n * dims);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    truth[i] = i % clusters;
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = centres[truth[i] * dims + d] + spread * rnd();
  }
  return { vectors, truth };
}

describe('knnGraph', () => {
  const { vectors, truth } = clustered(3000, 16, 10, 0.4);

  it('finds (almost) the exact neighbours with HNSW', () => {
    const exact = knnGraphDetailed(vectors, 16, { k: 10, method: 'exact' });
    const approx = knnGraphDetailed(vectors, 16, { k: 10, method: 'hnsw' });
    const sample = Array.from({ length: 200 }, (_, i) => i * 15);
    expect(knnRecall(vectors, 16, exact.neighbours, 10, sample)).toBe(1);
    expect(knnRecall(vectors, 16, approx.neighbours, 10, sample)).toBeGreaterThan(0.95);
  });

  it('gives the same HNSW graph for the same vectors (reruns of segmentation must not move users)', () => {
    const { vectors: many } = clustered(20_000, 16, 50, 0.6);
    const a = knnGraphDetailed(many, 16, { k: 10, method: 'hnsw' });
    const b = knnGraphDetailed(many, 16, { k: 10, method: 'hnsw' });
    expect(Buffer.from(b.neighbours.buffer).equals(Buffer.from(a.neighbours.buffer))).toBe(true);
  });

  it('still searches, with the same result, when the index copy cannot be written', () => {
    const { vectors: many } = clustered(20_000, 16, 50, 0.6);
    const normal = knnGraphDetailed(many, 16, { k: 10, method: 'hnsw' });
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/graphrec-no-tmp';
    try {
      const fallback = knnGraphDetailed(many, 16, { k: 10, method: 'hnsw' });
      expect(Buffer.from(fallback.neighbours.buffer).equals(Buffer.from(normal.neighbours.buffer))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('gives each node at most k out-neighbours, never itself, weighted by cosine similarity', () => {
    const { graph, neighbours } = knnGraphDetailed(vectors, 16, { k: 5, method: 'hnsw' });
    for (let i = 0; i < 3000; i++) {
      const mine = Array.from(neighbours.subarray(i * 5, i * 5 + 5));
      expect(mine).not.toContain(i);
      expect(new Set(mine).size).toBe(5);
    }
    expect(graph.order).toBe(3000);
    // Symmetrised: between k*n/2 (all mutual) and k*n undirected edges.
    expect(graph.size).toBeGreaterThanOrEqual(7500);
    expect(graph.size).toBeLessThanOrEqual(15000);
    expect(Math.max(...graph.weights)).toBeLessThanOrEqual(2 + 1e-6);
  });

  it('lets Louvain recover the clusters', () => {
    const { graph } = knnGraphDetailed(vectors, 16, { k: 15 });
    const result = louvain(graph, { seed: 1 });
    expect(normalizedMutualInformation(Array.from(truth), Array.from(result.communities))).toBeGreaterThan(0.9);
  });

  it('refuses vectors that do not fit the dimension', () => {
    expect(() => knnGraphDetailed(new Float32Array(10), 3)).toThrow(/not a multiple of 3/);
  });
});
