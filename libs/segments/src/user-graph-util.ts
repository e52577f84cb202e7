/** Small helpers of the user-graph build, kept apart so user-graph.ts reads as the algorithm. */

/** A 32-bit hash of (seed, i) (murmur3 finaliser): a seeded pseudo-random order without a PRNG stream. */
export function mixSeed(seed: number, i: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Writes the k best (highest score; ties to the lower index) of `ids`/`scores` into
 * `out`/`outW` from `at`, best first; unused slots keep -1. A sort of the candidates: they are
 * a few hundred per user at most, so a heap would not pay for itself.
 */
export function topK(ids: number[], scores: number[], k: number, out: Int32Array, outW: Float32Array, at: number): void {
  const order = ids.map((_, i) => i);
  order.sort((a, b) => scores[b] - scores[a] || ids[a] - ids[b]);
  const n = Math.min(k, order.length);
  for (let r = 0; r < n; r++) {
    out[at + r] = ids[order[r]];
    outW[at + r] = scores[order[r]];
  }
}

/**
 * Draws k of the candidates without replacement, with probability ∝ score^sharpness
 * (Efraimidis–Spirakis: the k largest keys u^(1/w), u uniform from a seeded hash), and writes
 * them like `topK`. Identical users would otherwise fill every slot of `topK` (all cosine 1),
 * cutting the graph into cliques of clones; sampling keeps edges to the near-similar too.
 */
export function sampleK(ids: number[], scores: number[], k: number, sharpness: number, seed: number, out: Int32Array, outW: Float32Array, at: number): void {
  const keys = ids.map((v, i) => {
    const r = (mixSeed(seed, v) + 0.5) / 4294967296;
    return Math.log(r) / Math.pow(scores[i], sharpness);
  });
  const order = ids.map((_, i) => i);
  order.sort((a, b) => keys[b] - keys[a] || ids[a] - ids[b]);
  const n = Math.min(k, order.length);
  for (let r = 0; r < n; r++) {
    out[at + r] = ids[order[r]];
    outW[at + r] = scores[order[r]];
  }
}
