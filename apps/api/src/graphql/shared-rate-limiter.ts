/**
 * Rate limits shared by every API process through Redis (GRAPHREC_REDIS_URL): the same token
 * buckets as rate-limiter.ts, one Redis hash per key, updated by one Lua script so that a
 * read-refill-take by one process can never interleave with another's. The clock is Redis's own
 * (`TIME`), so API machines with skewed clocks still share one notion of "a minute".
 *
 * When Redis does not answer (down, unreachable, slower than `timeoutMs`), the request is admitted
 * against this process's own in-memory bucket for the key: the API keeps serving and a runaway
 * client is still limited, at worst N times the limit over N processes, until Redis is back. That
 * is fail-open to per-process limits, chosen because a rate-limit store outage must not become an
 * API outage; `fallbacks` counts the requests it decided (exported in /metrics).
 */
import Redis from 'ioredis';
import { Logger } from 'pino';
import { RateLimiter, RateLimitStore, tokensNeeded } from './rate-limiter';

/**
 * `takeFromBucket` (rate-limiter.ts) in Lua; keep the two in step (the integration test runs both
 * on the same clock and compares). ARGV: perMinute, need, now in ms ('' = Redis's clock).
 * Returns the wait in ms (0 = taken). The hash keeps 17 significant digits, which round-trips a
 * double exactly (tostring's 14 made waits differ by a millisecond from the in-memory limiter's).
 */
const TAKE_SCRIPT = `
local perMinute = tonumber(ARGV[1])
local need = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local perMs = perMinute / 60000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if not tokens or not at then tokens = perMinute; at = now end
tokens = math.min(perMinute, tokens + math.max(0, now - at) * perMs)
at = math.max(now, at)
local wait = 0
if tokens >= need then tokens = tokens - need else wait = math.ceil((need - tokens) / perMs) end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', at))
redis.call('PEXPIRE', KEYS[1], ${60_000 + 5_000})
return wait
`;

/** Keys of the buckets: the key id (a digest prefix, never the key itself) under one prefix. */
export const RATE_LIMIT_PREFIX = 'graphrec:ratelimit:';

export interface SharedRateLimiterOptions {
  /** How long a take may wait for Redis before this process decides alone (ms). */
  timeoutMs?: number;
  /** A fixed clock for tests (ms); default: Redis's. */
  now?: () => number;
  logger?: Pick<Logger, 'warn' | 'info'>;
}

interface TakeCommand {
  graphrecRateTake(key: string, perMinute: number, need: number, now: string): Promise<number>;
}

export class SharedRateLimiter implements RateLimitStore {
  private readonly redis: Redis & TakeCommand;
  private readonly local: RateLimiter;
  private fallbackCount = 0;
  private degraded = false;

  constructor(
    url: string,
    private readonly options: SharedRateLimiterOptions = {},
  ) {
    const timeoutMs = options.timeoutMs ?? 200;
    this.redis = new Redis(url, {
      // Fail at once while disconnected instead of queueing: a queued take would hold the request.
      enableOfflineQueue: false,
      commandTimeout: timeoutMs,
      connectTimeout: Math.max(1_000, timeoutMs),
      maxRetriesPerRequest: 0,
      lazyConnect: false,
    }) as Redis & TakeCommand;
    this.redis.defineCommand('graphrecRateTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
    this.redis.on('error', (error: Error) => this.markDegraded(error));
    this.redis.on('ready', () => {
      if (this.degraded) options.logger?.info('rate limits: Redis is back; limits are shared again');
      this.degraded = false;
    });
    this.local = new RateLimiter(options.now);
  }

  /**
   * Waits (at most `timeoutMs`) for the connection, so the first requests after a start are
   * limited in Redis; a Redis that is not there by then leaves the process on its own buckets,
   * and ioredis keeps reconnecting in the background. True when connected.
   */
  async ready(timeoutMs = 5_000): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.redis.on('ready', onReady);
    });
  }

  /** Requests admitted or refused by this process alone because Redis did not answer. */
  get fallbacks(): number {
    return this.fallbackCount;
  }

  async take(key: string, perMinute: number, tokens = 1): Promise<number> {
    if (perMinute <= 0) return 0;
    const need = tokensNeeded(perMinute, tokens);
    try {
      const now = this.options.now ? String(this.options.now()) : '';
      return Number(await this.redis.graphrecRateTake(RATE_LIMIT_PREFIX + key, perMinute, need, now));
    } catch (error) {
      this.markDegraded(error);
      this.fallbackCount++;
      return this.local.take(key, perMinute, tokens);
    }
  }

  private markDegraded(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.logger?.warn(`rate limits: Redis did not answer (${reason}); each process limits on its own until it is back`);
  }

  /** Disconnects and waits (at most a second) until the socket and any reconnect timer are gone. */
  async close(): Promise<void> {
    if (this.redis.status !== 'end') {
      const ended = new Promise<void>((resolve) => this.redis.once('end', () => resolve()));
      this.redis.disconnect();
      await Promise.race([ended, new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
    await this.local.close();
  }
}
