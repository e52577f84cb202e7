import type { Csr } from '@graphrec/graph-model';
import { reverseCsr } from '@graphrec/graph-model';
import { defaultMaxBytes, MemoryBudgetError } from './budget';
import { fitted, ScoreAllRecommender, TrainData } from './recommender';
import { TopK } from './topk';
import { applyWeighting, BINARY, ImplicitWeighting, weightingLabel } from './weighting';

export interface ItemKnnOptions {
  /**
   * Neighbours kept per item: 'all' (default) keeps every co-occurring item, i.e. exact item-kNN;
   * a number keeps the top ones. Pruning to a fixed 50 cost about 20% of accuracy on a public
   * ~17,000-item implicit dataset and measurably on the synthetic large catalogue
   * (docs/benchmarks.md), because an item's useful neighbourhood grows with the catalogue.
   */
  neighbours?: 'all' | number;
  /** Transform of raw weights before the cosine (default binary). */
  weighting?: ImplicitWeighting;
  /** Memory the neighbour lists may take (default half the machine's memory). */
  maxBytes?: number;
}

/** Bytes per stored neighbour: int32 item + float32 similarity. */
const BYTES_PER_NEIGHBOUR = 8;

/**
 * Item-kNN with cosine similarity on the (weighted) user×item matrix:
 * sim(i, j) = Σ_u x_ui x_uj / (‖x_i‖ ‖x_j‖); a user's score for j is Σ over the user's items i of
 * x_ui · sim(i, j). Unlike `CooccurrenceRecommender` (binary, top 50 by default) it keeps every
 * neighbour unless told otherwise, and it uses the weights. Memory is 8 bytes per co-occurring
 * item pair (checked against `maxBytes` while building), time Σ_users degree².
 */
export class ItemKnnRecommender extends ScoreAllRecommender {
  readonly name: string;
  readonly neighbours: 'all' | number;
  readonly weighting: ImplicitWeighting;
  /** Per item its neighbours with their similarity (unsorted when unpruned, best first when pruned). */
  private neighbourhoods?: Csr;

  constructor(private readonly options: ItemKnnOptions = {}) {
    super();
    this.neighbours = options.neighbours ?? 'all';
    this.weighting = options.weighting ?? BINARY;
    if (this.neighbours !== 'all' && !(Number.isInteger(this.neighbours) && this.neighbours >= 1)) {
      throw new RangeError(`neighbours must be 'all' or a positive integer, got ${this.neighbours}`);
    }
    this.name = `itemknn(k=${this.neighbours},${weightingLabel(this.weighting)})`;
  }

  fit(train: TrainData): void {
    const weighted = applyWeighting(train, this.weighting);
    const userItems = weighted.matrix;
    const n = train.items;
    const itemUsers = reverseCsr(userItems, n).csr;
    const norm = new Float64Array(n);
    for (let k = 0; k < userItems.targets.length; k++) norm[userItems.targets[k]] += userItems.weights[k] ** 2;
    for (let i = 0; i < n; i++) norm[i] = Math.sqrt(norm[i]);
    const allowed = this.options.maxBytes ?? defaultMaxBytes();
    const dot = new Float64Array(n);
    const touched = new Int32Array(n);
    const seen = new Uint8Array(n);
    const offsets = new Int32Array(n + 1);
    let targets = new Int32Array(1024);
    let weights = new Float32Array(1024);
    for (let i = 0; i < n; i++) {
      let nTouched = 0;
      for (let a = itemUsers.offsets[i]; a < itemUsers.offsets[i + 1]; a++) {
        const u = itemUsers.targets[a];
        const xi = itemUsers.weights[a];
        for (let b = userItems.offsets[u]; b < userItems.offsets[u + 1]; b++) {
          const j = userItems.targets[b];
          if (j === i) continue;
          if (!seen[j]) {
            seen[j] = 1;
            touched[nTouched++] = j;
          }
          dot[j] += xi * userItems.weights[b];
        }
      }
      // An item whose weights are all 0 has no direction: similarity 0 rather than NaN.
      const cos = (j: number): number => (norm[i] > 0 && norm[j] > 0 ? dot[j] / (norm[i] * norm[j]) : 0);
      let kept: { items: Int32Array; scores: Float32Array };
      if (this.neighbours === 'all') {
        kept = { items: touched.slice(0, nTouched), scores: new Float32Array(nTouched) };
        for (let t = 0; t < nTouched; t++) kept.scores[t] = cos(touched[t]);
      } else {
        const heap = new TopK(this.neighbours);
        for (let t = 0; t < nTouched; t++) heap.push(touched[t], cos(touched[t]));
        kept = heap.result();
      }
      for (let t = 0; t < nTouched; t++) {
        dot[touched[t]] = 0; // reset: cheaper than clearing all n
        seen[touched[t]] = 0;
      }
      const end = offsets[i] + kept.items.length;
      if (end > targets.length) {
        // Project the final size from the items done so far before growing, to refuse early.
        const projected = (end / (i + 1)) * n * BYTES_PER_NEIGHBOUR;
        if (projected > allowed) throw new MemoryBudgetError('itemknn', n, projected, allowed, `about ${Math.round(end / (i + 1))} neighbours per item, projected from ${i + 1} items`);
        const size = Math.max(end, Math.min(Math.ceil(projected / BYTES_PER_NEIGHBOUR), targets.length * 2));
        targets = grow(targets, size);
        weights = grow(weights, size);
      }
      targets.set(kept.items, offsets[i]);
      weights.set(kept.scores, offsets[i]);
      offsets[i + 1] = end;
    }
    this.neighbourhoods = { offsets, targets: targets.slice(0, offsets[n]), weights: weights.slice(0, offsets[n]) };
    this.train = weighted;
  }

  /** Stored neighbour pairs (for memory reports). */
  get pairs(): number {
    return fitted(this.neighbourhoods, this.name).targets.length;
  }

  /** Up to k most similar items to `item`, best first. */
  similarItems(item: number, k: number): { item: number; similarity: number }[] {
    const nb = fitted(this.neighbourhoods, this.name);
    const heap = new TopK(k);
    for (let p = nb.offsets[item]; p < nb.offsets[item + 1]; p++) heap.push(nb.targets[p], nb.weights[p]);
    const { items, scores } = heap.result();
    return Array.from(items, (j, r) => ({ item: j, similarity: scores[r] }));
  }

  /** Scores of every item for `user`, scattering from the user's items over their neighbours. */
  scoreAll(user: number): Float32Array {
    const train = fitted(this.train, this.name);
    const nb = fitted(this.neighbourhoods, this.name);
    const scores = new Float32Array(train.items);
    const m = train.matrix;
    for (let a = m.offsets[user]; a < m.offsets[user + 1]; a++) {
      const i = m.targets[a];
      const x = m.weights[a];
      for (let p = nb.offsets[i]; p < nb.offsets[i + 1]; p++) scores[nb.targets[p]] += x * nb.weights[p];
    }
    return scores;
  }


}

function grow<T extends Int32Array | Float32Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a);
  return out;
}
