/**
 * Baselines that the literature shows are hard to beat (Ludewig and Jannach, "Evaluation of
 * session-based recommendation algorithms", 2018). Every score vector is over the train vocabulary;
 * ties break towards the more popular item (smaller index, see protocol.ts).
 */
import type { EncodedSession } from './types';
import type { ScoreVisitor, SessionRecommender, SessionTrainData } from './recommender';

/** Scores items after each prefix of each test session; the prefix is passed without copying. */
abstract class PrefixModel implements SessionRecommender {
  abstract readonly name: string;
  protected nItems = 0;
  protected popularity: Float64Array = new Float64Array(0);

  async fit(data: SessionTrainData): Promise<void> {
    this.nItems = data.nItems;
    this.popularity = data.popularity;
    this.build(data.train);
  }

  protected abstract build(train: readonly EncodedSession[]): void;
  protected abstract scorePrefix(items: Int32Array, length: number, out: Float32Array): void;

  async score(_history: readonly EncodedSession[], test: readonly EncodedSession[], visit: ScoreVisitor): Promise<void> {
    const out = new Float32Array(this.nItems);
    test.forEach((s, i) => {
      for (let pos = 1; pos < s.items.length; pos++) {
        out.fill(0);
        this.scorePrefix(s.items, pos, out);
        visit(i, pos, out);
      }
    });
  }
}

/** S-POP: items by how often they occur in the current session, ties by train popularity. */
export class SessionPopularity extends PrefixModel {
  readonly name = 'spop';
  private tieBreak = new Float32Array(0);

  protected build(): void {
    const max = this.popularity.reduce((m, v) => Math.max(m, v), 0);
    this.tieBreak = Float32Array.from(this.popularity, (p) => p / (max + 1));
  }

  protected scorePrefix(items: Int32Array, length: number, out: Float32Array): void {
    out.set(this.tieBreak);
    for (let i = 0; i < length; i++) out[items[i]] += 1;
  }
}

/** Distinct items of a session, sorted. */
function distinct(items: Int32Array): Int32Array {
  return Int32Array.from(new Set(items)).sort();
}

/**
 * Last-item item-kNN: sim(i, j) = sessions holding both / sqrt(sessions holding i × holding j)
 * (cosine on binary session vectors); the next item is scored by its similarity to the prefix's
 * last item.
 */
export class LastItemKnn extends PrefixModel {
  readonly name = 'lastitem';
  private neighbours: Map<number, number>[] = [];
  private count = new Float64Array(0);

  protected build(train: readonly EncodedSession[]): void {
    this.neighbours = Array.from({ length: this.nItems }, () => new Map<number, number>());
    this.count = new Float64Array(this.nItems);
    for (const s of train) {
      const d = distinct(s.items);
      for (let a = 0; a < d.length; a++) {
        this.count[d[a]]++;
        const row = this.neighbours[d[a]];
        for (let b = 0; b < d.length; b++) if (a !== b) row.set(d[b], (row.get(d[b]) ?? 0) + 1);
      }
    }
    this.neighbours.forEach((row, i) => {
      for (const [j, c] of row) row.set(j, c / Math.sqrt(this.count[i] * this.count[j]));
    });
  }

  protected scorePrefix(items: Int32Array, length: number, out: Float32Array): void {
    for (const [j, sim] of this.neighbours[items[length - 1]]) out[j] = sim;
  }
}

export interface SessionKnnOptions {
  /** Neighbour sessions kept (k); default 100. */
  k?: number;
  /** Only the most recent sessions sharing an item with the prefix are compared; default 1000. */
  sampleSize?: number;
}

export const SESSION_KNN_DEFAULTS = { k: 100, sampleSize: 1000 } as const;

/**
 * SKNN and V-SKNN as Ludewig and Jannach define them. Candidates: the `sampleSize` most recent train
 * sessions sharing at least one item with the current prefix; the `k` most similar of them are the
 * neighbours; an item's score is the summed similarity of the neighbours that hold it.
 *  - SKNN: cosine on binary item sets, |s ∩ n| / sqrt(|s| |n|).
 *  - V-SKNN: the prefix as a vector whose item at position p of L (1-based, its last occurrence)
 *    weighs p / L (linear decay: recent items count more), similarity = its dot product with the
 *    neighbour's binary vector.
 */
export class SessionKnn extends PrefixModel {
  readonly name: string;
  private sessions: Int32Array[] = [];
  private postings: Int32Array[] = [];
  private readonly k: number;
  private readonly sampleSize: number;

  constructor(
    private readonly vector: boolean,
    options: SessionKnnOptions = {},
  ) {
    super();
    this.name = vector ? 'vsknn' : 'sknn';
    this.k = options.k ?? SESSION_KNN_DEFAULTS.k;
    this.sampleSize = options.sampleSize ?? SESSION_KNN_DEFAULTS.sampleSize;
  }

  protected build(train: readonly EncodedSession[]): void {
    this.sessions = train.map((s) => distinct(s.items));
    const lists: number[][] = Array.from({ length: this.nItems }, () => []);
    // Train is in start order, so each posting list is in recency order (oldest first).
    this.sessions.forEach((d, si) => d.forEach((it) => lists[it].push(si)));
    this.postings = lists.map((l) => Int32Array.from(l));
  }

  protected scorePrefix(items: Int32Array, length: number, out: Float32Array): void {
    const weight = new Map<number, number>();
    for (let p = 0; p < length; p++) weight.set(items[p], this.vector ? (p + 1) / length : 1);
    // Overlap per candidate; a session among the union's most recent `sampleSize` is among the
    // most recent `sampleSize` of each of its items' lists, so reading only those is exact.
    const overlap = new Map<number, number>();
    for (const [it, w] of weight) {
      const list = this.postings[it];
      for (let i = Math.max(0, list.length - this.sampleSize); i < list.length; i++) overlap.set(list[i], (overlap.get(list[i]) ?? 0) + w);
    }
    let candidates = [...overlap.keys()];
    if (candidates.length > this.sampleSize) candidates = candidates.sort((a, b) => b - a).slice(0, this.sampleSize);
    const norm = Math.sqrt(weight.size);
    const sims = candidates.map((si) => ({ si, sim: this.vector ? (overlap.get(si) as number) : (overlap.get(si) as number) / (norm * Math.sqrt(this.sessions[si].length)) }));
    sims.sort((a, b) => b.sim - a.sim || b.si - a.si);
    for (let n = 0; n < Math.min(this.k, sims.length); n++) {
      const { si, sim } = sims[n];
      for (const it of this.sessions[si]) out[it] += sim;
    }
  }
}
