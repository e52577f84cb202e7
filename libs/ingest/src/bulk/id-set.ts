/**
 * A set of strings without V8's limit of 2^24 (16,777,216) entries per Set: the bulk load keeps every
 * event id to refuse repeats, and a 1M-user world has 20.4M events ("Set maximum size exceeded" at
 * the first run on it). Ids go into the newest of a chain of Sets, each below the limit; `has` asks
 * each (one Set below 16.7M ids, as before).
 */
export const SET_LIMIT = 2 ** 24 - 1;

export class IdSet implements Iterable<string> {
  private readonly sets: Set<string>[] = [new Set()];

  /** `perSet` below V8's limit (tests use small ones to exercise the chain). */
  constructor(private readonly perSet = SET_LIMIT) {}

  get size(): number {
    let n = 0;
    for (const s of this.sets) n += s.size;
    return n;
  }

  has(id: string): boolean {
    for (const s of this.sets) if (s.has(id)) return true;
    return false;
  }

  add(id: string): this {
    this.addNew(id);
    return this;
  }

  /**
   * Adds `id` and says whether it was new: one hash lookup in the usual single-Set case (has then
   * add cost three per event id, 13% of the events validation's CPU in a profile).
   */
  addNew(id: string): boolean {
    const n = this.sets.length;
    for (let i = 0; i < n - 1; i++) if (this.sets[i].has(id)) return false;
    let last = this.sets[n - 1];
    if (last.size >= this.perSet) {
      if (last.has(id)) return false;
      this.sets.push((last = new Set()));
    }
    const before = last.size;
    last.add(id);
    return last.size !== before;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const s of this.sets) yield* s;
  }
}
