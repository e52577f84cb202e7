/**
 * Per-key token buckets: a key's bucket holds a minute's allowance (its role's `perMinute`),
 * refilled continuously, so a key may burst up to that and then runs at the sustained rate. A
 * request takes as many tokens as it does units of work (one per GraphQL root field), so aliases
 * cannot multiply the work done for one token.
 *
 * Two stores with the same arithmetic (`takeFromBucket`): in memory, per process (`RateLimiter`,
 * the default), or shared by every API process through Redis (`SharedRateLimiter`,
 * shared-rate-limiter.ts, when GRAPHREC_REDIS_URL is set), whose Lua script mirrors it line by line.
 */

/** What admission needs from a limiter: ms to wait before `tokens` are available (0 = taken now). */
export interface RateLimitStore {
  take(key: string, perMinute: number, tokens?: number): number | Promise<number>;
  close(): Promise<void>;
}

export interface Bucket {
  tokens: number;
  /** When `tokens` was last computed (ms). */
  at: number;
}

/** Tokens one request asks for: at least one, at most a whole bucket (a larger request waits for a full one). */
export function tokensNeeded(perMinute: number, tokens: number): number {
  return Math.min(Math.max(1, tokens), perMinute);
}

/**
 * The bucket after refilling it to `now` and taking `need` tokens, all or none; `waitMs` is how
 * long until they would be there when they are not (0 = taken). A missing bucket is a full one. A
 * clock that goes back (another machine's, a Redis failover) refills nothing rather than draining.
 */
export function takeFromBucket(bucket: Bucket | undefined, now: number, perMinute: number, need: number): { bucket: Bucket; waitMs: number } {
  const perMs = perMinute / 60_000;
  const start = bucket ?? { tokens: perMinute, at: now };
  const tokens = Math.min(perMinute, start.tokens + Math.max(0, now - start.at) * perMs);
  const at = Math.max(now, start.at);
  if (tokens >= need) return { bucket: { tokens: tokens - need, at }, waitMs: 0 };
  return { bucket: { tokens, at }, waitMs: Math.ceil((need - tokens) / perMs) };
}

/** In memory, per process: N API processes behind a proxy allow N times the limit. */
export class RateLimiter implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes `tokens` from `key`'s bucket of `perMinute` (0 = unlimited), all or none; returns how many
   * ms until they are available when they are not (0 = allowed). A request larger than the whole
   * bucket waits for a full bucket and empties it, so it is slow but never refused for ever.
   */
  take(key: string, perMinute: number, tokens = 1): number {
    if (perMinute <= 0) return 0;
    const { bucket, waitMs } = takeFromBucket(this.buckets.get(key), this.now(), perMinute, tokensNeeded(perMinute, tokens));
    this.buckets.set(key, bucket);
    return waitMs;
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
