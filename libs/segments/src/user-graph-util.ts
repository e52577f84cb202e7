/** Small helpers of the user-graph build, kept apart so user-graph.ts reads as the algorithm. */
import { mixSeed } from '@graphrec/graph-model';

/**
 * 0..n-1 ordered by (mixSeed(seed, u), u): the seeded pseudo-random order of the users. Any
 * subset listed in this order is the subset sorted by the same key, so product lists need no sort
 * of their own. A stable LSD radix sort (two 16-bit passes), O(n).
 */
export function seededOrder(n: number, seed: number): Int32Array {
  const key = new Uint32Array(n);
  for (let u = 0; u < n; u++) key[u] = mixSeed(seed, u);
  let from = new Int32Array(n);
  for (let u = 0; u < n; u++) from[u] = u;
  let to = new Int32Array(n);
  const count = new Int32Array(65537);
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((key[from[i]] >>> shift) & 0xffff) + 1]++;
    for (let b = 0; b < 65536; b++) count[b + 1] += count[b];
    for (let i = 0; i < n; i++) {
      const u = from[i];
      to[count[(key[u] >>> shift) & 0xffff]++] = u;
    }
    const t = from;
    from = to;
    to = t;
  }
  return from;
}

/**
 * Reusable scratch for choosing a user's k neighbours among its candidates without per-user JS
 * arrays: candidates go into typed buffers, a bounded heap (worst on top) keeps the k best.
 */
export class NeighbourSelector {
  ids: Int32Array;
  scores: Float64Array;
  count = 0;
  private keys: Float64Array;
  private heap: Int32Array;

  constructor(private readonly k: number, capacity = 1024) {
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.keys = new Float64Array(capacity);
    this.heap = new Int32Array(k);
  }

  push(id: number, score: number): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      const scores = new Float64Array(this.ids.length * 2);
      scores.set(this.scores);
      this.ids = ids;
      this.scores = scores;
      this.keys = new Float64Array(this.ids.length);
    }
    this.ids[this.count] = id;
    this.scores[this.count++] = score;
  }

  /**
   * Writes the k best (highest score; ties to the lower id) into `out`/`outW` from `at`, best
   * first; unused slots keep -1. Clears the candidates.
   */
  topK(out: Int32Array, outW: Float32Array, at: number): void {
    this.keys.set(this.scores.subarray(0, this.count));
    this.select(out, outW, at);
  }

  /**
   * Draws k of the candidates without replacement, with probability ∝ score^sharpness
   * (Efraimidis–Spirakis: the k largest keys u^(1/w), u uniform from a seeded hash), and writes
   * them like `topK`. Identical users would otherwise fill every slot of `topK` (all cosine 1),
   * cutting the graph into cliques of clones; sampling keeps edges to the near-similar too.
   */
  sampleK(sharpness: number, seed: number, out: Int32Array, outW: Float32Array, at: number): void {
    const { ids, scores, keys } = this;
    for (let i = 0; i < this.count; i++) {
      const r = (mixSeed(seed, ids[i]) + 0.5) / 4294967296;
      keys[i] = Math.log(r) / Math.pow(scores[i], sharpness);
    }
    this.select(out, outW, at);
  }

  /** Candidate a ranks before b: larger key, ties to the lower id (ids are distinct: a total order). */
  private before(a: number, b: number): boolean {
    const ka = this.keys[a];
    const kb = this.keys[b];
    return ka > kb || (!(ka < kb) && this.ids[a] < this.ids[b]);
  }

  private select(out: Int32Array, outW: Float32Array, at: number): void {
    const { k, heap } = this;
    let size = 0;
    for (let c = 0; c < this.count; c++) {
      if (size < k) {
        // Sift up: parents rank after (are worse than) their children.
        let i = size++;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (!this.before(heap[parent], c)) break;
          heap[i] = heap[parent];
          i = parent;
        }
        heap[i] = c;
      } else if (this.before(c, heap[0])) {
        let i = 0;
        for (;;) {
          let child = 2 * i + 1;
          if (child >= size) break;
          if (child + 1 < size && this.before(heap[child], heap[child + 1])) child++;
          if (!this.before(c, heap[child])) break;
          heap[i] = heap[child];
          i = child;
        }
        heap[i] = c;
      }
    }
    // Best first: insertion sort of the ≤ k kept.
    for (let i = 1; i < size; i++) {
      const c = heap[i];
      let j = i - 1;
      while (j >= 0 && this.before(c, heap[j])) {
        heap[j + 1] = heap[j];
        j--;
      }
      heap[j + 1] = c;
    }
    for (let r = 0; r < size; r++) {
      out[at + r] = this.ids[heap[r]];
      outW[at + r] = this.scores[heap[r]];
    }
    this.count = 0;
  }
}
