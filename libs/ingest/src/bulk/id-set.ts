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
    if (this.has(id)) return this;
    let last = this.sets[this.sets.length - 1];
    if (last.size >= this.perSet) this.sets.push((last = new Set()));
    last.add(id);
    return this;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const s of this.sets) yield* s;
  }
}
