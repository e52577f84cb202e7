/**
 * Per-key token buckets: a key's bucket holds a minute's allowance (its role's `perMinute`),
 * refilled continuously, so a key may burst up to that and then runs at the sustained rate. A
 * request takes as many tokens as it does units of work (one per GraphQL root field), so aliases
 * cannot multiply the work done for one token. In memory, per process.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes `tokens` from `key`'s bucket of `perMinute` (0 = unlimited), all or none; returns how many
   * ms until they are available when they are not (0 = allowed). A request larger than the whole
   * bucket waits for a full bucket and empties it, so it is slow but never refused for ever.
   */
  take(key: string, perMinute: number, tokens = 1): number {
    if (perMinute <= 0) return 0;
    const need = Math.min(Math.max(1, tokens), perMinute);
    const now = this.now();
    const perMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= need) {
      bucket.tokens -= need;
      return 0;
    }
    return Math.ceil((need - bucket.tokens) / perMs);
  }
}
