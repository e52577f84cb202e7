/**
 * Neighbour sampling, separate from the model (as PyG's NeighborLoader is from its layers): turns
 * seed nodes into a stack of bipartite blocks, one per layer, the last one's destinations being
 * the seeds. Within a block each label's destination nodes come first among its source nodes, so
 * a layer reads a node's own previous representation as a prefix slice.
 */
import type { Csr, Rng } from '@graphrec/graph-model';
import type { HeteroGraph, ProjectedLabel } from '@graphrec/projection';
import { PROJECTED_LABELS, RELATION_ENDS } from '@graphrec/projection';
import type { EdgeType } from './options';
import type { RelationName } from '@graphrec/projection';

export type NodeSets = Partial<Record<ProjectedLabel, Int32Array>>;

/**
 * How a node's neighbours are weighted: `mean` — w / D_v (weights sum to 1, GraphSAGE);
 * `symmetric` — w / √(D_v · D_u) (GCN / LightGCN: a popular neighbour counts less, and a node's
 * own degree still shows in the size of its message). D is the weighted degree in that relation.
 */
export type NeighbourNorm = 'mean' | 'symmetric';

/** One edge type inside a block: a CSR from local destination rows to local source rows, weights summing to 1 per row. */
export interface BlockEdges {
  type: EdgeType;
  adj: Csr;
}

export interface Block {
  /** Global node indices per label; `dst[l]` is a prefix of `src[l]`. */
  dst: NodeSets;
  src: NodeSets;
  edges: BlockEdges[];
}

/** Both directions of every relation that has edges, among `relations`. */
export function edgeTypesOf(graph: HeteroGraph, relations: readonly RelationName[]): EdgeType[] {
  const types: EdgeType[] = [];
  for (const relation of relations) {
    if (graph.relations[relation].edgeCount === 0) continue;
    const { source, target } = RELATION_ENDS[relation];
    types.push({ key: `${relation}.out`, relation, dir: 'out', dst: source, src: target });
    types.push({ key: `${relation}.in`, relation, dir: 'in', dst: target, src: source });
  }
  return types;
}

/** Per edge, the running sum of weights within its row: a draw is a binary search in the row. */
export function cumulativeWeights(csr: Csr): Float64Array {
  const cum = new Float64Array(csr.weights.length);
  const rows = csr.offsets.length - 1;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = csr.offsets[r]; k < csr.offsets[r + 1]; k++) {
      s += Math.max(0, csr.weights[k]);
      cum[k] = s;
    }
  }
  return cum;
}

/** Position of one neighbour of `row`, drawn with probability ∝ weight (uniform when the row's weights are all 0). */
export function drawNeighbour(csr: Csr, cum: Float64Array, row: number, rng: Rng): number {
  const from = csr.offsets[row];
  const to = csr.offsets[row + 1];
  const total = cum[to - 1];
  if (!(total > 0)) return from + Math.floor(rng() * (to - from));
  const x = rng() * total;
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Walker's alias method: O(1) draws from a fixed discrete distribution (popularity-aware negatives). */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('AliasTable needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.max(0, weights[i]);
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = total > 0 ? (Math.max(0, weights[i]) * n) / total : 1;
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
    while (small.length && large.length) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] += scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) {
      this.prob[i] = 1;
      this.alias[i] = i;
    }
  }

  draw(rng: Rng): number {
    const i = Math.floor(rng() * this.prob.length);
    return rng() < this.prob[i] ? i : this.alias[i];
  }
}

/** Grows an Int32Array list without per-element objects. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 256) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * User–product pairs that must not appear in a block: the batch's own supervision edges. Without
 * this the model can read a positive from its anchor's neighbourhood (target leakage), learns to
 * score neighbours, and that shortcut is useless at test time, where the answers are not edges.
 */
export interface PairExclusion {
  /** User→Product relations the pairs are removed from (both directions). */
  relations: readonly RelationName[];
  /** Product count: a pair's key is user × products + product. */
  products: number;
  keys: ReadonlySet<number>;
}

/** Redraws of an excluded neighbour before a draw is given up (a node whose edges are all excluded). */
const MAX_REDRAWS = 8;

export class NeighbourSampler {
  private readonly cum = new Map<string, Float64Array>();
  /** Global → local index per label while a block is built; -1 elsewhere (reset after each block). */
  private readonly local: Record<ProjectedLabel, Int32Array>;

  /** Per edge type, the weighted degree of each source node (the reverse direction's row sums), for symmetric weights. */
  private readonly srcDegree = new Map<string, Float64Array>();

  constructor(
    private readonly graph: HeteroGraph,
    readonly edgeTypes: readonly EdgeType[],
    norm: NeighbourNorm = 'mean',
  ) {
    for (const t of edgeTypes) this.cum.set(t.key, cumulativeWeights(graph.relations[t.relation][t.dir]));
    if (norm === 'symmetric') {
      for (const t of edgeTypes) {
        const reverse = graph.relations[t.relation][t.dir === 'out' ? 'in' : 'out'];
        const deg = new Float64Array(reverse.offsets.length - 1);
        for (let r = 0; r < deg.length; r++) for (let k = reverse.offsets[r]; k < reverse.offsets[r + 1]; k++) deg[r] += Math.max(0, reverse.weights[k]);
        this.srcDegree.set(t.key, deg);
      }
    }
    this.local = { User: new Int32Array(0), Product: new Int32Array(0), Device: new Int32Array(0) };
    for (const l of PROJECTED_LABELS) this.local[l] = new Int32Array(graph.nodes[l].size).fill(-1);
  }

  /**
   * One block: `dst` as given, plus up to `fanout` neighbours per node and edge type. A node with
   * at most `fanout` neighbours keeps all of them, weighted by edge weight (the exact weighted
   * mean); otherwise `fanout` draws ∝ weight with replacement, each weighing 1/fanout (an unbiased
   * estimate of that mean). `Infinity` keeps every neighbour (inference).
   */
  block(dst: NodeSets, fanout: number, rng: Rng, exclude?: PairExclusion): Block {
    const src: Record<ProjectedLabel, IntList> = { User: new IntList(), Product: new IntList(), Device: new IntList() };
    for (const l of PROJECTED_LABELS) {
      const nodes = dst[l];
      if (!nodes) continue;
      for (let i = 0; i < nodes.length; i++) {
        if (this.local[l][nodes[i]] !== -1) throw new Error(`block: ${l} ${nodes[i]} appears twice among the destinations`);
        this.local[l][nodes[i]] = i;
        src[l].push(nodes[i]);
      }
    }
    const edges: BlockEdges[] = [];
    for (const type of this.edgeTypes) {
      const nodes = dst[type.dst];
      if (!nodes || nodes.length === 0) continue;
      const csr = this.graph.relations[type.relation][type.dir];
      const cum = this.cum.get(type.key) as Float64Array;
      const local = this.local[type.src];
      const list = src[type.src];
      const offsets = new Int32Array(nodes.length + 1);
      const targets = new IntList(nodes.length * Math.min(fanout, 16));
      const weights: number[] = [];
      const ex = exclude && exclude.keys.size > 0 && exclude.relations.includes(type.relation) ? exclude : undefined;
      const userDst = type.dir === 'out';
      const srcDeg = this.srcDegree.get(type.key);
      const excluded = (v: number, t: number) => (ex ? ex.keys.has(userDst ? v * ex.products + t : t * ex.products + v) : false);
      const add = (node: number, w: number) => {
        let j = local[node];
        if (j === -1) {
          j = list.length;
          local[node] = j;
          list.push(node);
        }
        targets.push(j);
        weights.push(w);
      };
      for (let i = 0; i < nodes.length; i++) {
        const v = nodes[i];
        const from = csr.offsets[v];
        const to = csr.offsets[v + 1];
        const deg = to - from;
        if (deg > 0 && deg <= fanout) {
          let total = 0;
          let kept = 0;
          for (let k = from; k < to; k++) {
            if (excluded(v, csr.targets[k])) continue;
            total += Math.max(0, csr.weights[k]);
            kept++;
          }
          for (let k = from; k < to; k++) {
            const t = csr.targets[k];
            if (excluded(v, t)) continue;
            if (srcDeg) add(t, Math.max(0, csr.weights[k]) / Math.sqrt(Math.max(cum[to - 1], 1e-12) * Math.max(srcDeg[t], 1e-12)));
            else add(t, total > 0 ? Math.max(0, csr.weights[k]) / total : 1 / kept);
          }
        } else if (deg > fanout) {
          const start = targets.length;
          for (let s = 0; s < fanout; s++) {
            let t = csr.targets[drawNeighbour(csr, cum, v, rng)];
            for (let r = 0; r < MAX_REDRAWS && ex && excluded(v, t); r++) t = csr.targets[drawNeighbour(csr, cum, v, rng)];
            if (!excluded(v, t)) add(t, 1);
          }
          const drawn = targets.length - start;
          // Draws ∝ w estimate Σ w·f(u) as D_v · mean f(u): f = 1/D_v (mean) or 1/√(D_v·D_u) (symmetric).
          const dv = Math.max(cum[to - 1], 1e-12);
          for (let k = start; k < targets.length; k++) weights[k] = srcDeg ? Math.sqrt(dv / Math.max(srcDeg[list.data[targets.data[k]]], 1e-12)) / drawn : 1 / drawn;
        }
        offsets[i + 1] = targets.length;
      }
      edges.push({ type, adj: { offsets, targets: targets.toArray(), weights: Float32Array.from(weights) } });
    }
    const out: Block = { dst, src: {}, edges };
    for (const l of PROJECTED_LABELS) {
      if (src[l].length === 0 && !dst[l]) continue;
      const nodes = src[l].toArray();
      out.src[l] = nodes;
      for (let i = 0; i < nodes.length; i++) this.local[l][nodes[i]] = -1;
    }
    return out;
  }

  /** Blocks for a K-layer model, input layer first; `fanouts[0]` is hop 1 (the seeds' neighbours). */
  blocks(seeds: NodeSets, fanouts: readonly number[], rng: Rng, exclude?: PairExclusion): Block[] {
    const blocks: Block[] = [];
    let dst = seeds;
    for (const fanout of fanouts) {
      const b = this.block(dst, fanout, rng, exclude);
      blocks.unshift(b);
      dst = b.src;
    }
    return blocks;
  }
}

/** Distinct values in first-seen order and, per input position, the index of its value. */
export function uniqueIndex(values: Int32Array, size: number): { unique: Int32Array; position: Int32Array } {
  const seen = new Int32Array(size).fill(-1);
  const unique = new IntList(Math.min(values.length, 1024));
  const position = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let p = seen[values[i]];
    if (p === -1) {
      p = unique.length;
      seen[values[i]] = p;
      unique.push(values[i]);
    }
    position[i] = p;
  }
  return { unique: unique.toArray(), position };
}
