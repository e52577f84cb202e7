import { EVENT_TYPE_CODE, fromInteractions } from '@graphrec/projection';
import { createRng } from '@graphrec/graph-model';
import { normalizedMutualInformation } from './metrics';
import { knnGraphDetailed } from './knn-graph';
import { knnGraphOnThread } from './knn-graph-thread';
import { EMBEDDINGS_KNN_K, segmentUsersDetailed, segmentUsersDetailedAsync } from './segment-users';
import { WeightedGraph } from './weighted-graph';

// Three planted groups of users as noisy unit vectors around three directions; their product
// history is deliberately uninformative (everyone viewed product 0), so only the embeddings can
// separate them.
function world(usersPerGroup: number, dims = 8) {
  const n = usersPerGroup * 3;
  const rng = createRng(3);
  const vectors = new Float32Array(n * dims);
  const truth: string[] = [];
  for (let u = 0; u < n; u++) {
    const group = u % 3;
    truth.push(String(group));
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = (d === group ? 1 : 0) + (rng() - 0.5) * 0.6;
      vectors[u * dims + d] = v;
      norm += v * v;
    }
    for (let d = 0; d < dims; d++) vectors[u * dims + d] /= Math.sqrt(norm);
  }
  const graph = fromInteractions({
    ids: { User: Array.from({ length: n }, (_, i) => `U${i}`), Product: ['P0'], Device: [] },
    events: {
      user: Int32Array.from({ length: n }, (_, i) => i),
      product: new Int32Array(n),
      type: new Uint8Array(n).fill(EVENT_TYPE_CODE.product_view),
      timestamp: new Float64Array(n).fill(Date.UTC(2025, 0, 1)),
    },
  });
  return { graph, vectors, truth, dims };
}

describe('segmentUsers on embeddings', () => {
  it('recovers groups that only the embeddings tell apart, and says which graph it segmented', () => {
    const { graph, vectors, truth, dims } = world(200);
    const s = segmentUsersDetailed(graph, { seed: 1, minSize: 10, embeddings: { vectors, dims, alone: true } });
    expect(s.source).toBe('embeddings');
    expect(s.userGraphDiagnostics).toBeUndefined();
    expect(normalizedMutualInformation(Array.from(s.segmentOf, String), truth)).toBeGreaterThan(0.9);
    const projection = segmentUsersDetailed(graph, { seed: 1, minSize: 10 });
    expect(projection.source).toBe('projection');
    expect(normalizedMutualInformation(Array.from(projection.segmentOf, String), truth)).toBeLessThan(0.2);
  });

  it('combined (the default with embeddings) segments the projection and the kNN graph summed', () => {
    const { graph, vectors, dims } = world(60);
    const combined = segmentUsersDetailed(graph, { seed: 1, minSize: 10, embeddings: { vectors, dims } });
    expect(combined.source).toBe('combined');
    const projection = segmentUsersDetailed(graph, { seed: 1, minSize: 10 }).userGraph;
    const knn = segmentUsersDetailed(graph, { seed: 1, minSize: 10, embeddings: { vectors, dims, alone: true } }).userGraph;
    const weight = (g: WeightedGraph, u: number, v: number) => {
      for (let j = g.offsets[u]; j < g.offsets[u + 1]; j++) if (g.targets[j] === v) return g.weights[j];
      return 0;
    };
    // Every pair of either graph, counted independently of the union code.
    const pairs = new Set<string>();
    for (const g of [projection, knn]) for (let u = 0; u < g.order; u++) for (let j = g.offsets[u]; j < g.offsets[u + 1]; j++) pairs.add(`${u}-${g.targets[j]}`);
    let checked = 0;
    for (let u = 0; u < graph.nodes.User.size; u++) {
      for (let j = combined.userGraph.offsets[u]; j < combined.userGraph.offsets[u + 1]; j++) {
        const v = combined.userGraph.targets[j];
        expect(combined.userGraph.weights[j]).toBeCloseTo(weight(projection, u, v) + weight(knn, u, v), 5);
        checked++;
      }
    }
    expect(checked).toBe(pairs.size);
    expect(combined.userGraph.size).toBeGreaterThan(Math.max(projection.size, knn.size));
  });

  it('with the kNN graph built on a worker thread: the same segmentation and the same user graph', async () => {
    const { graph, vectors, dims } = world(200);
    // HNSW forced (600 users would otherwise go exact): the thread builds the index the main thread would.
    const options = { seed: 1, minSize: 10, embeddings: { vectors, dims, knn: { method: 'hnsw' as const } } };
    const here = segmentUsersDetailed(graph, options);
    const threaded = await segmentUsersDetailedAsync(graph, options, true);
    // And the thread itself (no fallback to this thread allowed) gives this thread's graph.
    const onThread = await knnGraphOnThread(vectors, dims, { k: EMBEDDINGS_KNN_K, method: 'hnsw' }, false);
    const mine = knnGraphDetailed(vectors, dims, { k: EMBEDDINGS_KNN_K, method: 'hnsw' }).graph;
    expect(Array.from(onThread.offsets)).toEqual(Array.from(mine.offsets));
    expect(Array.from(onThread.weights)).toEqual(Array.from(mine.weights));
    expect(Array.from(threaded.segmentOf)).toEqual(Array.from(here.segmentOf));
    expect(threaded.modularity).toBe(here.modularity);
    expect(Array.from(threaded.userGraph.targets)).toEqual(Array.from(here.userGraph.targets));
    expect(Array.from(threaded.userGraph.weights)).toEqual(Array.from(here.userGraph.weights));
    expect(threaded.userGraph.totalWeight).toBe(here.userGraph.totalWeight);
  });

  it('refuses vectors that do not match the users', () => {
    const { graph, vectors, dims } = world(10);
    expect(() => segmentUsersDetailed(graph, { embeddings: { vectors: vectors.subarray(dims), dims } })).toThrow(RangeError);
  });
});
