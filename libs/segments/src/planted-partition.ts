import { createRng } from '@graphrec/graph-model';
import { WeightedGraph, buildWeightedGraph } from './weighted-graph';

export interface PlantedPartitionOptions {
  nodes: number;
  edges: number;
  /** Number of planted communities (equal sizes, node i in community i mod communities). */
  communities: number;
  /** Fraction of edges that leave their community (the LFR "mixing parameter" μ). Default 0.2. */
  mixing?: number;
  /** Default 1. */
  seed?: number;
}

export interface PlantedPartition {
  graph: WeightedGraph;
  /** The planted community of each node. */
  truth: Int32Array;
  /** Seconds spent drawing the edges, and building the CSR graph from them. */
  generateSeconds: number;
  buildSeconds: number;
}

/**
 * A seeded random graph with known communities, for tests and benchmarks: each edge starts at a
 * uniform node and ends, with probability 1 − mixing, at a uniform node of the same community,
 * otherwise at a uniform node anywhere. No self-loops; repeated pairs are merged (weight > 1).
 */
export function plantedPartition(options: PlantedPartitionOptions): PlantedPartition {
  const { nodes, edges, communities } = options;
  const mixing = options.mixing ?? 0.2;
  if (nodes < 2 || communities < 1 || communities > nodes) throw new RangeError('need nodes >= 2 and 1 <= communities <= nodes');
  const rng = createRng(options.seed ?? 1);
  const t0 = performance.now();
  const sources = new Int32Array(edges);
  const targets = new Int32Array(edges);
  const perCommunity = Math.floor(nodes / communities);
  if (perCommunity < 2) throw new RangeError('each community needs at least 2 nodes');
  for (let e = 0; e < edges; e++) {
    const u = Math.floor(rng() * nodes);
    let v = u;
    while (v === u) {
      if (rng() < mixing) v = Math.floor(rng() * nodes);
      else {
        // Same community: members are u mod C + C·r for r < perCommunity (the remainder nodes are left out as targets).
        v = (u % communities) + communities * Math.floor(rng() * perCommunity);
      }
    }
    sources[e] = u;
    targets[e] = v;
  }
  const t1 = performance.now();
  const graph = buildWeightedGraph(nodes, sources, targets);
  const truth = new Int32Array(nodes);
  for (let i = 0; i < nodes; i++) truth[i] = i % communities;
  return { graph, truth, generateSeconds: (t1 - t0) / 1000, buildSeconds: (performance.now() - t1) / 1000 };
}
