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

/**
 * A 64-bit hash of an id, written as two 32-bit halves at `out[2i]` (low) and `out[2i + 1]` (high),
 * so that a BigUint64Array over the same buffer holds it without a BigInt per id (little-endian, as
 * every platform Node runs on). Two independent 32-bit mixes (FNV-1a and a multiply-xorshift).
 */
export function hashIdInto(id: string, out: Uint32Array, i: number): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ id.length;
  for (let k = 0; k < id.length; k++) {
    const c = id.charCodeAt(k);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  out[2 * i] = a >>> 0;
  out[2 * i + 1] = (b ^ (b >>> 13)) >>> 0;
}

/** The hashes of `ids` (hashIdInto), as the buffer of a BigUint64Array. */
export function hashIds(ids: Iterable<string>, count: number): ArrayBuffer {
  const buffer = new ArrayBuffer(count * 8);
  const halves = new Uint32Array(buffer);
  let i = 0;
  for (const id of ids) hashIdInto(id, halves, i++);
  return buffer;
}

/**
 * Whether any hash occurs twice among the parts (each part's ids are distinct already): sorts one
 * array of every hash. Equal hashes mean a repeated id or, about once in 10^5 loads of 20M ids, a
 * collision; callers treat both as a repeat and take the exact path.
 */
export function anyRepeatedHash(parts: ArrayBuffer[]): boolean {
  const total = parts.reduce((n, p) => n + p.byteLength / 8, 0);
  const all = new BigUint64Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(new BigUint64Array(p), at);
    at += p.byteLength / 8;
  }
  all.sort();
  for (let i = 1; i < total; i++) if (all[i] === all[i - 1]) return true;
  return false;
}
