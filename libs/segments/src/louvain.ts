import { aggregate, localMoving } from './louvain-level';
import { relabelBySize } from './partition';
import { createRng } from '@graphrec/graph-model';
import { WeightedGraph } from './weighted-graph';

export interface LouvainOptions {
  /** γ of the modularity being maximised; above 1 gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Seed of the PRNG that orders node visits. Same graph + same options + same seed = same result. Default 42. */
  seed?: number;
  /** Use edge weights; false counts every edge (and self-loop) as 1. Default true. */
  weighted?: boolean;
  /**
   * Node visiting order within a level: `random` (seeded shuffle of all nodes), `rotate` (index
   * order from a seeded random start: graphology's `randomWalk`), `natural` (index order). Default `random`.
   */
  ordering?: 'random' | 'rotate' | 'natural';
  /** `queue`: revisit only nodes whose neighbourhood changed (faster); `sweep`: full passes until one gains < minGain. Default `queue`. */
  localMoves?: 'queue' | 'sweep';
  /** Stop adding levels (and sweeps) once one improves modularity by less than this. Default 1e-7. */
  minGain?: number;
  /** Most levels to build; the coarsest level reached is the result. Default unlimited. */
  maxLevels?: number;
}

export interface LouvainLevel {
  /** Community per ORIGINAL node at this level; ids 0..count-1, 0 the largest community. */
  communities: Int32Array;
  count: number;
  modularity: number;
}

export interface LouvainResult {
  /** Community per node at the coarsest level (ids 0..count-1, by size descending, ties by lowest node). */
  communities: Int32Array;
  count: number;
  modularity: number;
  /** The dendrogram, finest level first: every level is a full segmentation of the original nodes. */
  levels: LouvainLevel[];
}

export interface LouvainLevelDiagnostics extends LouvainLevel {
  /** Nodes and distinct edges of the graph this level worked on. */
  nodes: number;
  edges: number;
  moves: number;
  visits: number;
  passes: number;
  localMovingSeconds: number;
  aggregationSeconds: number;
}

export interface DetailedLouvainResult extends LouvainResult {
  levels: LouvainLevelDiagnostics[];
  resolution: number;
  seed: number;
  moves: number;
  visits: number;
  seconds: number;
}

function unitWeights(graph: WeightedGraph): WeightedGraph {
  const loops = graph.loops.map((w) => (w > 0 ? 1 : 0));
  const strength = new Float64Array(graph.order);
  let twiceM = 0;
  for (let i = 0; i < graph.order; i++) {
    strength[i] = graph.offsets[i + 1] - graph.offsets[i] + 2 * loops[i];
    twiceM += strength[i];
  }
  return { ...graph, weights: new Float64Array(graph.targets.length).fill(1), loops, strength, totalWeight: twiceM / 2 };
}

/** Modularity of the singleton partition of a (possibly aggregated) graph: its loops are the internal weight. */
function aggregateModularity(graph: WeightedGraph, resolution: number): number {
  const m = graph.totalWeight;
  if (m === 0) return 0;
  let q = 0;
  for (let c = 0; c < graph.order; c++) q += graph.loops[c] / m - resolution * (graph.strength[c] / (2 * m)) ** 2;
  return q;
}

/**
 * Louvain community detection (Blondel et al. 2008) on a typed-array graph, with diagnostics:
 * local moving in seeded random order, aggregation of communities into nodes, repeated until a
 * level no longer merges anything or gains less than `minGain`.
 */
export function louvainDetailed(input: WeightedGraph, options: LouvainOptions = {}): DetailedLouvainResult {
  const started = performance.now();
  const resolution = options.resolution ?? 1;
  const seed = options.seed ?? 42;
  const minGain = options.minGain ?? 1e-7;
  const maxLevels = options.maxLevels ?? Infinity;
  if (!(resolution > 0)) throw new RangeError(`resolution must be > 0, got ${resolution}`);
  if (!(maxLevels >= 1)) throw new RangeError(`maxLevels must be >= 1, got ${maxLevels}`);
  const ordering = options.ordering ?? 'random';
  const rng = ordering === 'natural' ? null : createRng(seed);
  let graph = options.weighted === false ? unitWeights(input) : input;

  const n = input.order;
  // membership[i]: the node of the current (aggregated) graph that original node i belongs to.
  const membership = new Int32Array(n);
  for (let i = 0; i < n; i++) membership[i] = i;
  const levels: LouvainLevelDiagnostics[] = [];
  let previousQ = aggregateModularity(graph, resolution);
  while (levels.length < maxLevels) {
    const t0 = performance.now();
    const moved = localMoving(graph, { resolution, rng, ordering, mode: options.localMoves ?? 'queue', minGain });
    const t1 = performance.now();
    // A level that merges nothing ends the run (but the first level is always reported).
    if (moved.count === graph.order && levels.length > 0) break;
    const coarse = aggregate(graph, moved.communities, moved.count);
    for (let i = 0; i < n; i++) membership[i] = moved.communities[membership[i]];
    const q = aggregateModularity(coarse, resolution);
    levels.push({
      communities: relabelBySize(membership, moved.count).communities,
      count: moved.count,
      modularity: q,
      nodes: graph.order,
      edges: graph.size,
      moves: moved.moves,
      visits: moved.visits,
      passes: moved.passes,
      localMovingSeconds: (t1 - t0) / 1000,
      aggregationSeconds: (performance.now() - t1) / 1000,
    });
    graph = coarse;
    if (moved.count === moved.communities.length || q - previousQ < minGain) break;
    previousQ = q;
  }
  const last = levels[levels.length - 1];
  return {
    communities: last.communities,
    count: last.count,
    modularity: last.modularity,
    levels,
    resolution,
    seed,
    moves: levels.reduce((s, l) => s + l.moves, 0),
    visits: levels.reduce((s, l) => s + l.visits, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Louvain communities with the dendrogram and modularity per level (see `louvainDetailed` for diagnostics). */
export function louvain(graph: WeightedGraph, options: LouvainOptions = {}): LouvainResult {
  const detailed = louvainDetailed(graph, options);
  return {
    communities: detailed.communities,
    count: detailed.count,
    modularity: detailed.modularity,
    levels: detailed.levels.map(({ communities, count, modularity }) => ({ communities, count, modularity })),
  };
}
