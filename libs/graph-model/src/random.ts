/**
 * A small seeded PRNG (mulberry32), shared by every algorithm whose result depends on a random
 * choice (Louvain's visiting order, evaluation splits, synthetic benchmark data): results must
 * come from a seed, never from Math.random, so that runs and published figures repeat.
 */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(values: Int32Array, rng: Rng): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
  return values;
}

/** murmur3's finaliser: spreads every input bit over the whole 32-bit word. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of (seed, i): a seeded pseudo-random order without a PRNG stream. */
export function mixSeed(seed: number, i: number): number {
  return mix32(Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
}

/**
 * FNV-1a over a string's UTF-16 code units: cheap and stable across runs, processes and machines,
 * so whatever routes by it (ingest lanes, export shards) sends a key to the same place on a resume
 * or on another worker.
 */
export function fnv1a32(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
