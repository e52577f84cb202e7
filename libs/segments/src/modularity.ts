import { WeightedGraph } from './weighted-graph';

export interface ModularityOptions {
  /** γ in Q = Σ_c [ in_c / m − γ (tot_c / 2m)² ]. Default 1; above 1 favours smaller communities. */
  resolution?: number;
}

export interface ModularityDetails {
  modularity: number;
  /** Internal weight per community id (each edge once, self-loops once). */
  internal: Float64Array;
  /** Total strength per community id. */
  total: Float64Array;
}

/**
 * Weighted modularity with resolution, the quantity Louvain maximises:
 * Q = Σ_c [ in_c / m − γ (tot_c / 2m)² ], where in_c is the weight of edges inside c (a
 * self-loop counts once), tot_c the sum of strengths (a self-loop counts twice) and m the total
 * edge weight. Same convention as NetworkX and graphology-metrics. An edgeless graph gives 0.
 */
export function modularityDetailed(graph: WeightedGraph, communities: ArrayLike<number>, options: ModularityOptions = {}): ModularityDetails {
  const resolution = options.resolution ?? 1;
  if (communities.length !== graph.order) throw new RangeError(`communities has ${communities.length} entries for ${graph.order} nodes`);
  let k = 0;
  for (let i = 0; i < communities.length; i++) {
    const c = communities[i];
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`community of node ${i} must be a whole number >= 0, got ${c}`);
    if (c + 1 > k) k = c + 1;
  }
  const internal = new Float64Array(k);
  const total = new Float64Array(k);
  for (let i = 0; i < graph.order; i++) {
    const c = communities[i];
    total[c] += graph.strength[i];
    // Each internal u–v edge is seen from both rows: add half each time.
    let inside = graph.loops[i];
    for (let j = graph.offsets[i]; j < graph.offsets[i + 1]; j++) if (communities[graph.targets[j]] === c) inside += graph.weights[j] / 2;
    internal[c] += inside;
  }
  const m = graph.totalWeight;
  let q = 0;
  if (m > 0) for (let c = 0; c < k; c++) q += internal[c] / m - resolution * (total[c] / (2 * m)) ** 2;
  return { modularity: q, internal, total };
}

export function modularity(graph: WeightedGraph, communities: ArrayLike<number>, options: ModularityOptions = {}): number {
  return modularityDetailed(graph, communities, options).modularity;
}
