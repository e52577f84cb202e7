/**
 * Seeded randomness. Output must be byte-identical for the same options, so nothing here may touch
 * Math.random or the clock. sfc32 is small, fast in V8 (pure 32-bit integer ops) and passes PractRand.
 *
 * Every user gets its own stream, derived from (seed, user index) by hashing. That keeps a user's
 * behaviour independent of how many users came before it, so `--users 1000` is a prefix of `--users 2000`.
 */

import { mix32 } from '@graphrec/graph-model';

/** Splits any safe integer seed into two 32-bit halves so that large seeds stay distinct. */
export function seedWords(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return [lo, hi];
}

export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  constructor(k1: number, k2 = 0, k3 = 0) {
    this.reseed(k1, k2, k3);
  }

  /** Re-keys the generator in place; reused per user so the hot loop allocates no generator objects. */
  reseed(k1: number, k2: number, k3: number): void {
    this.a = mix32(k1 ^ 0x9e3779b9);
    this.b = mix32((k2 + 0x7f4a7c15) ^ mix32(k1));
    this.c = mix32((k3 + 0x2545f491) ^ mix32(k2 ^ 0x68e31da4));
    this.d = 1;
    // Discard the first outputs: sfc32 needs a few rounds before nearby keys decorrelate.
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Index drawn proportionally to non-negative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Exponential with the given mean: gaps between a customer's shopping trips. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /**
   * Poisson count. Knuth's product method for small means (exact and cheap), a rounded normal
   * approximation above 30 where the product method would loop too long.
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) {
      const u = 1 - this.next();
      const v = this.next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
}
