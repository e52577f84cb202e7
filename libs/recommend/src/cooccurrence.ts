import type { Csr } from '@graphrec/graph-model';
import { fitted, ScoreAllRecommender, TrainData } from './recommender';
import { reverseCsr } from '@graphrec/graph-model';
import { TopK } from './topk';

export type ItemSimilarity = 'cosine' | 'jaccard';

export interface CooccurrenceOptions {
  /** Neighbours kept per item (default 50): bounds memory at items × neighbours. */
  neighbours?: number;
  /** Normalisation of the co-occurrence count c_ij on the binary matrix (default cosine). */
  similarity?: ItemSimilarity;
}

export interface Contribution {
  item: number;
  similarity: number;
}

/**
 * Similarity of two items from their co-occurrence count c and user counts d_i, d_j (binary
 * matrix): cosine c / √(d_i d_j), Jaccard c / (d_i + d_j − c). Both are symmetric in i and j.
 */
export function normalise(similarity: ItemSimilarity, c: number, di: number, dj: number): number {
  if (c <= 0) return 0;
  return similarity === 'cosine' ? c / Math.sqrt(di * dj) : c / (di + dj - c);
}

/**
 * Item-kNN ("people who bought X also bought Y"). Co-occurrence is computed one item at a time by
 * walking item → its users → their items with a reusable dense accumulator of length `items`, so
 * memory is O(items + edges + items × neighbours), never items × items. Cost is Σ_users degree²,
 * fine for catalogue-scale data. Weights in the matrix are ignored (binary), because counts of
 * users are what the normalisations above assume.
 */
export class CooccurrenceRecommender extends ScoreAllRecommender {
  readonly name: string;
  private readonly neighbours: number;
  private readonly similarity: ItemSimilarity;
  private itemUsers?: Csr;
  /** Per item its kept neighbours, best first, with their similarity as weight. */
  private neighbourhoods?: Csr;

  constructor(options: CooccurrenceOptions = {}) {
    super();
    this.neighbours = options.neighbours ?? 50;
    this.similarity = options.similarity ?? 'cosine';
    if (!Number.isInteger(this.neighbours) || this.neighbours < 1) throw new RangeError(`neighbours must be a positive integer`);
    this.name = `cooccurrence-${this.similarity}`;
  }

  fit(train: TrainData): void {
    const userItems = train.matrix;
    const itemUsers = reverseCsr(userItems, train.items).csr;
    const n = train.items;
    const degree = (i: number) => itemUsers.offsets[i + 1] - itemUsers.offsets[i];
    const counts = new Int32Array(n);
    const touched = new Int32Array(n);
    const offsets = new Int32Array(n + 1);
    const lists: { items: Int32Array; scores: Float32Array }[] = [];
    for (let i = 0; i < n; i++) {
      let nTouched = 0;
      for (let a = itemUsers.offsets[i]; a < itemUsers.offsets[i + 1]; a++) {
        const u = itemUsers.targets[a];
        for (let b = userItems.offsets[u]; b < userItems.offsets[u + 1]; b++) {
          const j = userItems.targets[b];
          if (j === i) continue;
          if (counts[j]++ === 0) touched[nTouched++] = j;
        }
      }
      const heap = new TopK(this.neighbours);
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t];
        heap.push(j, normalise(this.similarity, counts[j], degree(i), degree(j)));
        counts[j] = 0; // reset for the next item: cheaper than clearing the whole array
      }
      const kept = heap.result();
      lists.push(kept);
      offsets[i + 1] = offsets[i] + kept.items.length;
    }
    const targets = new Int32Array(offsets[n]);
    const weights = new Float32Array(offsets[n]);
    lists.forEach((l, i) => {
      targets.set(l.items, offsets[i]);
      weights.set(l.scores, offsets[i]);
    });
    this.neighbourhoods = { offsets, targets, weights };
    this.itemUsers = itemUsers;
    this.train = train;
  }

  /**
   * Exact similarity of two items (intersection of their sorted user lists), independent of the
   * neighbour cut-off, hence symmetric: similarity(i, j) === similarity(j, i).
   */
  itemSimilarity(i: number, j: number): number {
    const iu = fitted(this.itemUsers, this.name);
    let a = iu.offsets[i];
    let b = iu.offsets[j];
    const aEnd = iu.offsets[i + 1];
    const bEnd = iu.offsets[j + 1];
    const di = aEnd - a;
    const dj = bEnd - b;
    let c = 0;
    while (a < aEnd && b < bEnd) {
      const x = iu.targets[a];
      const y = iu.targets[b];
      if (x === y) {
        c++;
        a++;
        b++;
      } else if (x < y) a++;
      else b++;
    }
    return normalise(this.similarity, c, di, dj);
  }

  /** Up to k related items of `item` from its kept neighbours, best first ("related products"). */
  similarItems(item: number, k: number): Contribution[] {
    const nb = fitted(this.neighbourhoods, this.name);
    const out: Contribution[] = [];
    for (let p = nb.offsets[item]; p < nb.offsets[item + 1] && out.length < k; p++) {
      out.push({ item: nb.targets[p], similarity: nb.weights[p] });
    }
    return out;
  }

  /**
   * Score of every item for `user`: Σ over the user's items u of sim(u, j) over u's kept
   * neighbours j. Scattering from the user's items costs O(|items of user| × neighbours).
   */
  scoreAll(user: number): Float32Array {
    const train = fitted(this.train, this.name);
    const nb = fitted(this.neighbourhoods, this.name);
    const scores = new Float32Array(train.items);
    for (let a = train.matrix.offsets[user]; a < train.matrix.offsets[user + 1]; a++) {
      const u = train.matrix.targets[a];
      for (let p = nb.offsets[u]; p < nb.offsets[u + 1]; p++) scores[nb.targets[p]] += nb.weights[p];
    }
    return scores;
  }



  /**
   * Why `item` scores for `user` ("because you bought X"): the user's items whose kept neighbours
   * include `item`, with that similarity, best first. Their similarities sum to the item's score.
   */
  explain(user: number, item: number, k = 3): Contribution[] {
    const train = fitted(this.train, this.name);
    const nb = fitted(this.neighbourhoods, this.name);
    const heap = new TopK(k);
    for (let a = train.matrix.offsets[user]; a < train.matrix.offsets[user + 1]; a++) {
      const u = train.matrix.targets[a];
      for (let p = nb.offsets[u]; p < nb.offsets[u + 1]; p++) {
        if (nb.targets[p] === item) {
          heap.push(u, nb.weights[p]);
          break;
        }
      }
    }
    const { items, scores } = heap.result();
    return Array.from(items, (u, i) => ({ item: u, similarity: scores[i] }));
  }
}
