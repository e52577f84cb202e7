/**
 * Bounded top-k selection on typed arrays: a binary heap of size k whose root is the *worst* kept
 * entry, so each candidate costs O(log k) and no per-item objects are allocated. Order: higher score
 * first, ties broken by lower item index, so results never depend on the order items are pushed.
 */
export class TopK {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    this.items = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** True when (scoreA, itemA) ranks strictly before (scoreB, itemB). */
  private static better(scoreA: number, itemA: number, scoreB: number, itemB: number): boolean {
    return scoreA > scoreB || (scoreA === scoreB && itemA < itemB);
  }

  /** NaN scores are ignored: they cannot be ordered and would poison the heap. */
  push(item: number, score: number): void {
    if (this.k === 0 || Number.isNaN(score)) return;
    if (this.size < this.k) {
      let i = this.size++;
      // Sift up: move the new entry toward the root while it is worse than its parent.
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!TopK.better(this.scores[p], this.items[p], score, item)) break;
        this.items[i] = this.items[p];
        this.scores[i] = this.scores[p];
        i = p;
      }
      this.items[i] = item;
      this.scores[i] = score;
      return;
    }
    if (!TopK.better(score, item, this.scores[0], this.items[0])) return;
    this.siftDown(item, score);
  }

  /** Replace the root (worst) with a new entry and restore the heap. */
  private siftDown(item: number, score: number): void {
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      // Pick the worse child: it must become the parent.
      let c = l;
      if (r < n && TopK.better(this.scores[l], this.items[l], this.scores[r], this.items[r])) c = r;
      if (!TopK.better(score, item, this.scores[c], this.items[c])) break;
      this.items[i] = this.items[c];
      this.scores[i] = this.scores[c];
      i = c;
    }
    this.items[i] = item;
    this.scores[i] = score;
  }

  /** Kept entries, best first. Does not consume the heap. */
  result(): { items: Int32Array; scores: Float32Array } {
    const order = Array.from({ length: this.size }, (_, i) => i);
    order.sort((a, b) => (TopK.better(this.scores[a], this.items[a], this.scores[b], this.items[b]) ? -1 : 1));
    const items = new Int32Array(this.size);
    const scores = new Float32Array(this.size);
    order.forEach((h, i) => {
      items[i] = this.items[h];
      scores[i] = this.scores[h];
    });
    return { items, scores };
  }
}
