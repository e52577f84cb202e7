import type { Csr } from '@graphrec/graph-model';
import { reverseCsr } from '@graphrec/graph-model';
import { fitted, ScoreAllRecommender, TrainData } from './recommender';
import { TopK } from './topk';

export interface Rp3betaOptions {
  /** Exponent on the transition probabilities (default 1: the plain 3-step walk). */
  alpha?: number;
  /** Popularity penalty: similarities to item j are divided by deg(j)^beta (default 0.6). */
  beta?: number;
  /** Neighbours kept per item, best first (default 'all'). */
  neighbours?: 'all' | number;
}

/**
 * RP3beta (Paudel, Christoffel, Newell, Bernstein 2016): a random walk user → item → user → item on
 * the binary interaction graph, p(i→j) = Σ_u (1/deg i)^α (1/deg u)^α, with the arrival at j divided
 * by deg(j)^β so that popular items, which every walk reaches, do not dominate. A user's score for j
 * is Σ over the user's items i of W_ij. It weighs co-occurrence by the rarity of the users and items
 * involved, which cosine item-kNN and EASE do not, and is strong on MovieLens-like data.
 */
export class Rp3betaRecommender extends ScoreAllRecommender {
  readonly name: string;
  readonly alpha: number;
  readonly beta: number;
  readonly neighbours: 'all' | number;
  private similarities?: Csr;

  constructor(options: Rp3betaOptions = {}) {
    super();
    this.alpha = options.alpha ?? 1;
    this.beta = options.beta ?? 0.6;
    this.neighbours = options.neighbours ?? 'all';
    if (this.neighbours !== 'all' && !(Number.isInteger(this.neighbours) && this.neighbours >= 1)) {
      throw new RangeError(`neighbours must be 'all' or a positive integer, got ${this.neighbours}`);
    }
    this.name = `rp3beta(a=${this.alpha},b=${this.beta},k=${this.neighbours})`;
  }

  fit(train: TrainData): void {
    const m = train.matrix;
    const n = train.items;
    const itemUsers = reverseCsr(m, n).csr;
    const userStep = new Float64Array(train.users);
    for (let u = 0; u < train.users; u++) {
      const d = m.offsets[u + 1] - m.offsets[u];
      userStep[u] = d ? (1 / d) ** this.alpha : 0;
    }
    const itemDegree = new Float64Array(n);
    for (let i = 0; i < n; i++) itemDegree[i] = itemUsers.offsets[i + 1] - itemUsers.offsets[i];
    const acc = new Float64Array(n);
    const touched = new Int32Array(n);
    const seen = new Uint8Array(n);
    const rows: { items: Int32Array; scores: Float32Array }[] = [];
    for (let i = 0; i < n; i++) {
      let nTouched = 0;
      const itemStep = itemDegree[i] ? (1 / itemDegree[i]) ** this.alpha : 0;
      for (let a = itemUsers.offsets[i]; a < itemUsers.offsets[i + 1]; a++) {
        const u = itemUsers.targets[a];
        const w = itemStep * userStep[u];
        for (let b = m.offsets[u]; b < m.offsets[u + 1]; b++) {
          const j = m.targets[b];
          if (j === i) continue;
          if (!seen[j]) {
            seen[j] = 1;
            touched[nTouched++] = j;
          }
          acc[j] += w;
        }
      }
      const value = (j: number): number => acc[j] / itemDegree[j] ** this.beta;
      const heap = new TopK(this.neighbours === 'all' ? Math.max(1, nTouched) : this.neighbours);
      for (let t = 0; t < nTouched; t++) heap.push(touched[t], value(touched[t]));
      rows.push(nTouched ? heap.result() : { items: new Int32Array(0), scores: new Float32Array(0) });
      for (let t = 0; t < nTouched; t++) {
        acc[touched[t]] = 0; // reset: cheaper than clearing all n
        seen[touched[t]] = 0;
      }
    }
    const offsets = new Int32Array(n + 1);
    rows.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.items.length));
    const targets = new Int32Array(offsets[n]);
    const weights = new Float32Array(offsets[n]);
    rows.forEach((r, i) => {
      targets.set(r.items, offsets[i]);
      weights.set(r.scores, offsets[i]);
    });
    this.similarities = { offsets, targets, weights };
    this.train = train;
  }

  /** Scores of every item for `user`: the user's items' walk weights, binary (the walk ignores weights). */
  scoreAll(user: number): Float32Array {
    const train = fitted(this.train, this.name);
    const w = fitted(this.similarities, this.name);
    const scores = new Float32Array(train.items);
    const m = train.matrix;
    for (let a = m.offsets[user]; a < m.offsets[user + 1]; a++) {
      const i = m.targets[a];
      for (let p = w.offsets[i]; p < w.offsets[i + 1]; p++) scores[w.targets[p]] += w.weights[p];
    }
    return scores;
  }


}
