/** Training batches: supervision edges in a seeded order, shared negatives, and what the sampler must leave out. */
import type { Csr, Rng } from '@graphrec/graph-model';
import type { ProjectedLabel } from '@graphrec/projection';
import type { GraphSageOptions } from './options';
import { AliasTable, uniqueIndex } from './sampler';

/** For each edge of `csr`, its row (so a uniformly drawn edge gives its user in O(1)). */
function edgeRows(csr: Csr): Int32Array {
  const rows = new Int32Array(csr.targets.length);
  for (let r = 0; r < csr.offsets.length - 1; r++) rows.fill(r, csr.offsets[r], csr.offsets[r + 1]);
  return rows;
}

export interface Batch {
  seeds: Partial<Record<ProjectedLabel, Int32Array>>;
  /** Row of each anchor / positive / negative in the seeds' output. */
  user: Int32Array;
  pos: Int32Array;
  neg: Int32Array;
  /** Co-engagement pairs (product anchor, product positive), may be empty. */
  coA: Int32Array;
  coB: Int32Array;
  /** [B, N], 0 where a negative is the row's own positive. */
  mask: Float32Array;
  /** The batch's (user, product) pairs as user × products + product. */
  keys: Set<number>;
}

/**
 * Batches of supervision edges: each epoch visits every edge once in a seeded random order (a
 * permutation, not draws with replacement, so no edge is skipped in an epoch).
 */
export class BatchSampler {
  private readonly edgeUser: Int32Array;
  private readonly alias?: AliasTable;
  private order: Int32Array;
  private cursor = 0;
  constructor(
    private readonly positives: Csr,
    private readonly products: number,
    private readonly options: GraphSageOptions,
    private readonly rng: Rng,
  ) {
    this.edgeUser = edgeRows(positives);
    this.order = Int32Array.from({ length: this.edges }, (_, i) => i);
    if (options.negativeSampling === 'popularity') {
      const deg = new Float64Array(products);
      for (let k = 0; k < positives.targets.length; k++) deg[positives.targets[k]]++;
      this.alias = new AliasTable(Array.from(deg, (x) => x ** 0.75));
    }
  }

  get edges(): number {
    return this.positives.targets.length;
  }

  /** Starts an epoch: a fresh permutation of the edges. */
  shuffle(): void {
    const o = this.order;
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      const t = o[i];
      o[i] = o[j];
      o[j] = t;
    }
    this.cursor = 0;
  }

  /** Negatives: every product when there are no more products than asked for (an exact softmax), else seeded draws. */
  private negativeItems(): Int32Array {
    const { negatives } = this.options;
    if (negatives >= this.products) return Int32Array.from({ length: this.products }, (_, i) => i);
    const out = new Int32Array(negatives);
    for (let j = 0; j < negatives; j++) out[j] = this.alias ? this.alias.draw(this.rng) : Math.floor(this.rng() * this.products);
    return out;
  }

  next(): Batch {
    const { batchSize, coEngagementWeight } = this.options;
    const rng = this.rng;
    if (this.cursor >= this.edges) this.shuffle();
    const b = Math.min(batchSize, this.edges - this.cursor);
    const users = new Int32Array(b);
    const items: number[] = [];
    const keys = new Set<number>();
    for (let i = 0; i < b; i++) {
      const e = this.order[this.cursor++];
      users[i] = this.edgeUser[e];
      items.push(this.positives.targets[e]);
      keys.add(users[i] * this.products + items[i]);
    }
    const negItems = this.negativeItems();
    for (const x of negItems) items.push(x);
    const coA: number[] = [];
    const coB: number[] = [];
    if (coEngagementWeight > 0) {
      for (let i = 0; i < b; i++) {
        const u = users[i];
        const from = this.positives.offsets[u];
        const deg = this.positives.offsets[u + 1] - from;
        if (deg < 2) continue;
        const other = this.positives.targets[from + Math.floor(rng() * deg)];
        if (other === items[i]) continue;
        coA.push(i);
        coB.push(items.length);
        items.push(other);
      }
    }
    const u = uniqueIndex(users, this.edgeUser.length === 0 ? 0 : this.positives.offsets.length - 1);
    const p = uniqueIndex(Int32Array.from(items), this.products);
    const pos = p.position.subarray(0, b);
    const n = negItems.length;
    const neg = p.position.subarray(b, b + n);
    const mask = new Float32Array(b * n).fill(1);
    for (let i = 0; i < b; i++) for (let j = 0; j < n; j++) if (neg[j] === pos[i]) mask[i * n + j] = 0;
    return {
      seeds: { User: u.unique, Product: p.unique },
      user: u.position,
      pos,
      neg,
      coA: Int32Array.from(coA, (i) => pos[i]),
      coB: Int32Array.from(coB, (k) => p.position[k]),
      mask,
      keys,
    };
  }
}

