import Graph from 'graphology';

/**
 * An undirected weighted graph in CSR form (compressed sparse rows) on typed arrays.
 *
 * Every edge u–v (u ≠ v) is stored twice, in u's row and in v's row, so a node's neighbours are
 * `targets[offsets[u] .. offsets[u+1])`. Self-loops are kept apart in `loops` (weight counted
 * once), because Louvain treats them differently: a self-loop adds 2·w to a node's strength and
 * w to its community's internal weight, but never pulls the node towards another community.
 * Aggregated graphs (one node per community) carry the community's internal weight as a loop.
 */
export interface WeightedGraph {
  /** Number of nodes (graphology's name). Nodes are 0 .. order-1. */
  readonly order: number;
  /** Number of distinct undirected edges, self-loops included (graphology's name). */
  readonly size: number;
  /** Row starts, length order + 1. */
  readonly offsets: Int32Array;
  /** Neighbour of each row entry; no self-loops, no duplicates. */
  readonly targets: Int32Array;
  /** Weight of each row entry (duplicate input edges summed). */
  readonly weights: Float64Array;
  /** Self-loop weight per node (0 when none). */
  readonly loops: Float64Array;
  /** Weighted degree k_i = Σ row weights + 2 · loop. */
  readonly strength: Float64Array;
  /** m: the sum of all edge weights, each undirected edge and each self-loop once (Σ k_i = 2m). */
  readonly totalWeight: number;
}

/**
 * Builds a graph from parallel edge arrays (`count` edges; the arrays may be longer, e.g. a
 * builder's spare capacity). Duplicate edges — u–v twice, or u–v and v–u — are merged by summing
 * their weights, which is what a multigraph means to modularity. Zero-weight edges are dropped.
 * `weights` null means every edge weighs 1. Directed input is read as undirected.
 */
export function buildWeightedGraph(
  order: number,
  sources: ArrayLike<number>,
  targets: ArrayLike<number>,
  weights: ArrayLike<number> | null = null,
  count: number = sources.length,
): WeightedGraph {
  if (!Number.isInteger(order) || order < 0) throw new RangeError(`order must be a whole number >= 0, got ${order}`);
  if (targets.length < count || (weights !== null && weights.length < count) || sources.length < count) {
    throw new RangeError(`edge arrays are shorter than the edge count ${count}`);
  }
  const loops = new Float64Array(order);
  const degree = new Int32Array(order + 1);
  for (let e = 0; e < count; e++) {
    const u = sources[e];
    const v = targets[e];
    const w = weights === null ? 1 : weights[e];
    if (!(u >= 0 && u < order && v >= 0 && v < order) || !Number.isInteger(u) || !Number.isInteger(v)) {
      throw new RangeError(`edge ${e}: node index out of range 0..${order - 1} (${u}, ${v})`);
    }
    if (!(w >= 0) || w === Infinity) throw new RangeError(`edge ${e}: weight must be finite and >= 0, got ${w}`);
    if (w === 0) continue;
    if (u === v) loops[u] += w;
    else {
      degree[u]++;
      degree[v]++;
    }
  }
  // Prefix sums turn degrees into row starts; `cursor` then fills each row.
  const offsets = new Int32Array(order + 1);
  for (let i = 0; i < order; i++) offsets[i + 1] = offsets[i] + degree[i];
  const cursor = degree.subarray(0, order);
  cursor.set(offsets.subarray(0, order));
  const total = offsets[order];
  let adj = new Int32Array(total);
  let wts = new Float64Array(total);
  for (let e = 0; e < count; e++) {
    const u = sources[e];
    const v = targets[e];
    const w = weights === null ? 1 : weights[e];
    if (u === v || w === 0) continue;
    adj[cursor[u]] = v;
    wts[cursor[u]++] = w;
    adj[cursor[v]] = u;
    wts[cursor[v]++] = w;
  }
  // Merge duplicates row by row in place (the write position never passes the read position):
  // a stamp per neighbour remembers where in the current row it was first written. O(E), no sort.
  const stamp = cursor.fill(-1);
  let write = 0;
  let start = 0;
  for (let i = 0; i < order; i++) {
    const end = offsets[i + 1];
    offsets[i] = write;
    const rowStart = write;
    for (let j = start; j < end; j++) {
      const t = adj[j];
      const seen = stamp[t];
      if (seen >= rowStart && seen < write && adj[seen] === t) wts[seen] += wts[j];
      else {
        stamp[t] = write;
        adj[write] = t;
        wts[write++] = wts[j];
      }
    }
    start = end;
  }
  offsets[order] = write;
  if (write < total) {
    adj = adj.slice(0, write);
    wts = wts.slice(0, write);
  }
  return withStrengths(order, offsets, adj, wts, loops);
}

/** The graph from its CSR rows (each undirected edge in both rows) and loops: strengths, m and size derived. */
function withStrengths(order: number, offsets: Int32Array, targets: Int32Array, weights: Float64Array, loops: Float64Array): WeightedGraph {
  const strength = new Float64Array(order);
  let twiceM = 0;
  let loopCount = 0;
  for (let i = 0; i < order; i++) {
    let k = 2 * loops[i];
    for (let j = offsets[i]; j < offsets[i + 1]; j++) k += weights[j];
    strength[i] = k;
    twiceM += k;
    if (loops[i] > 0) loopCount++;
  }
  return { order, size: offsets[order] / 2 + loopCount, offsets, targets, weights, loops, strength, totalWeight: twiceM / 2 };
}

/** Collects edges into growing typed arrays, then builds the graph; for readers that do not know the edge count. */
export class EdgeListBuilder {
  private sources = new Int32Array(1024);
  private targets = new Int32Array(1024);
  private weights = new Float64Array(1024);
  private count = 0;
  private maxNode = -1;

  get edgeCount(): number {
    return this.count;
  }

  addEdge(source: number, target: number, weight = 1): void {
    if (this.count === this.sources.length) this.grow();
    this.sources[this.count] = source;
    this.targets[this.count] = target;
    this.weights[this.count++] = weight;
    if (source > this.maxNode) this.maxNode = source;
    if (target > this.maxNode) this.maxNode = target;
  }

  /** `order` defaults to the largest node index seen plus one (isolated nodes need it given). */
  build(order: number = this.maxNode + 1): WeightedGraph {
    return buildWeightedGraph(order, this.sources, this.targets, this.weights, this.count);
  }

  private grow(): void {
    const size = this.sources.length * 2;
    const s = new Int32Array(size);
    const t = new Int32Array(size);
    const w = new Float64Array(size);
    s.set(this.sources);
    t.set(this.targets);
    w.set(this.weights);
    this.sources = s;
    this.targets = t;
    this.weights = w;
  }
}

/**
 * The same graph as a graphology Graph (undirected, `weight` edge attribute), keyed by `ids` or
 * by the node index. For the reference implementation and small graphs only: graphology costs
 * microseconds per edge, too slow for millions of edges.
 */
export function toGraphology(graph: WeightedGraph, ids?: readonly string[]): Graph {
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: true });
  const key = (i: number): string => (ids ? ids[i] : String(i));
  for (let i = 0; i < graph.order; i++) g.addNode(key(i));
  for (let i = 0; i < graph.order; i++) {
    if (graph.loops[i] > 0) g.addEdge(key(i), key(i), { weight: graph.loops[i] });
    for (let j = graph.offsets[i]; j < graph.offsets[i + 1]; j++) {
      const t = graph.targets[j];
      if (t > i) g.addEdge(key(i), key(t), { weight: graph.weights[j] });
    }
  }
  return g;
}

/**
 * The union of graphs over the same nodes: an edge in several of them weighs the sum of its
 * weights times each graph's `scale` (> 0). Self-loops add up the same way. Rows are merged
 * directly into the new CSR (two passes, one n-sized stamp), without an intermediate edge list:
 * at 1M users the combined segmentation graph has 52M edges, and an edge list of them cost
 * about 0.8 GB on top of the three graphs.
 */
export function unionGraphs(parts: readonly { graph: WeightedGraph; scale?: number }[]): WeightedGraph {
  if (parts.length === 0) throw new RangeError('unionGraphs needs at least one graph');
  const order = parts[0].graph.order;
  for (const { graph, scale = 1 } of parts) {
    if (graph.order !== order) throw new RangeError(`graphs differ in order (${graph.order} vs ${order})`);
    if (!(scale > 0) || scale === Infinity) throw new RangeError(`scale must be finite and > 0, got ${scale}`);
  }
  // Pass 1: distinct neighbours per row.
  const stamp = new Int32Array(order).fill(-1);
  const offsets = new Int32Array(order + 1);
  for (let u = 0; u < order; u++) {
    let count = 0;
    for (const { graph } of parts) {
      for (let j = graph.offsets[u]; j < graph.offsets[u + 1]; j++) {
        const v = graph.targets[j];
        if (stamp[v] !== u) {
          stamp[v] = u;
          count++;
        }
      }
    }
    offsets[u + 1] = offsets[u] + count;
  }
  // Pass 2: fill, summing the weights of a neighbour met in several graphs.
  const total = offsets[order];
  const targets = new Int32Array(total);
  const weights = new Float64Array(total);
  const loops = new Float64Array(order);
  const at = new Int32Array(order);
  stamp.fill(-1);
  for (let u = 0; u < order; u++) {
    let write = offsets[u];
    for (const { graph, scale = 1 } of parts) {
      loops[u] += graph.loops[u] * scale;
      for (let j = graph.offsets[u]; j < graph.offsets[u + 1]; j++) {
        const v = graph.targets[j];
        const w = graph.weights[j] * scale;
        if (stamp[v] === u) weights[at[v]] += w;
        else {
          stamp[v] = u;
          at[v] = write;
          targets[write] = v;
          weights[write++] = w;
        }
      }
    }
  }
  return withStrengths(order, offsets, targets, weights, loops);
}
