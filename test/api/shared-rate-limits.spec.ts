/**
 * Rate limits shared through a real Redis (GRAPHREC_TEST_REDIS_URL, started by `npm test`): the Lua
 * script keeps the in-memory limiter's arithmetic, several limiters (processes) share one bucket
 * per key, takes are atomic under concurrency, and when Redis is gone each process falls back to
 * its own bucket (fail-open to per-process limits) and goes back to sharing when Redis returns.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimiter } from '../../apps/api/src/graphql/rate-limiter';
import { RATE_LIMIT_PREFIX, SharedRateLimiter } from '../../apps/api/src/graphql/shared-rate-limiter';
import { freePort } from '../support/ports';
import { scratchRedis } from '../support/scratch-redis';
import { testRedisUrl } from '../support/flow-processes';

jest.setTimeout(60_000);

const redisUrl = testRedisUrl;

/** A seeded PRNG (mulberry32), so the sequence is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('shared rate limits (real Redis)', () => {
  const limiters: SharedRateLimiter[] = [];
  const shared = (options: ConstructorParameters<typeof SharedRateLimiter>[1] = {}, url = redisUrl()) => {
    const limiter = new SharedRateLimiter(url, options);
    limiters.push(limiter);
    return limiter;
  };
  afterAll(async () => {
    for (const limiter of limiters) await limiter.close();
  });

  it('computes what the in-memory limiter computes, step by step, on the same clock', async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const local = new RateLimiter(clock);
    const remote = shared({ now: clock });
    expect(await remote.ready()).toBe(true);
    const random = prng(7);
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    const waits: [number, number][] = [];
    for (let i = 0; i < 400; i++) {
      now += Math.floor(random() * 400);
      const key = keys[Math.floor(random() * keys.length)];
      const perMinute = [60, 600, 6_000][keys.indexOf(key)];
      const tokens = Math.floor(random() * 30);
      waits.push([local.take(key, perMinute, tokens), await remote.take(key, perMinute, tokens)]);
    }
    expect(waits.map(([, r]) => r)).toEqual(waits.map(([l]) => l));
    // The sequence did refuse some requests, so the comparison covered both outcomes.
    expect(waits.filter(([l]) => l > 0).length).toBeGreaterThan(20);
    expect(remote.fallbacks).toBe(0);
  });

  it('shares one bucket per key between processes, expiring it once it would be full again', async () => {
    const [a, b] = [shared(), shared()];
    expect(await Promise.all([a.ready(), b.ready()])).toEqual([true, true]);
    const key = randomUUID();
    const admitted: number[] = [];
    for (let i = 0; i < 12; i++) admitted.push(await (i % 2 ? a : b).take(key, 10, 1));
    // 10 tokens between both: the 11th and 12th wait about 6 s each (a minute / 10), whoever asks.
    expect(admitted.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(admitted[10]).toBeGreaterThan(5_000);
    expect(admitted[11]).toBeGreaterThan(5_000);
    const raw = new Redis(redisUrl());
    try {
      const ttl = await raw.pttl(RATE_LIMIT_PREFIX + key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(65_000);
    } finally {
      raw.disconnect();
    }
  });

  it('takes atomically: 400 concurrent requests from 4 processes against a bucket of 50', async () => {
    const processes = [shared(), shared(), shared(), shared()];
    await Promise.all(processes.map((p) => p.ready()));
    const key = randomUUID();
    const started = Date.now();
    const waits = await Promise.all(Array.from({ length: 400 }, (_, i) => processes[i % 4].take(key, 50, 1)));
    const elapsed = Date.now() - started;
    const admitted = waits.filter((w) => w === 0).length;
    // Exactly the bucket, plus what refilled meanwhile (one token per 1.2 s): never more.
    expect(admitted).toBeGreaterThanOrEqual(50);
    expect(admitted).toBeLessThanOrEqual(50 + Math.floor(elapsed / 1_200));
    expect(processes.reduce((n, p) => n + p.fallbacks, 0)).toBe(0);
  });

  it('limits per process when Redis cannot be reached, without holding requests', async () => {
    const nowhere = `redis://default:pw@127.0.0.1:${await freePort()}/0`;
    const limiter = shared({ timeoutMs: 100 }, nowhere);
    expect(await limiter.ready(300)).toBe(false);
    const key = randomUUID();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) waits.push(await limiter.take(key, 5, 1));
    expect(waits.slice(0, 5)).toEqual(Array(5).fill(0));
    expect(waits[5]).toBeGreaterThan(0);
    expect(limiter.fallbacks).toBe(6);
  });

  it('falls back while Redis is down and shares again once it is back', async () => {
    const redis = await scratchRedis();
    redis.start();
    try {
      const [a, b] = [shared({ timeoutMs: 100 }, redis.url), shared({ timeoutMs: 100 }, redis.url)];
      expect(await a.ready()).toBe(true);
      expect(await b.ready()).toBe(true);
      const key = randomUUID();
      expect(await a.take(key, 4, 3)).toBe(0);
      expect(await b.take(key, 4, 2)).toBeGreaterThan(0); // shared: only 1 left
      redis.stop();
      // Down: each process has its own full bucket of 4.
      expect(await a.take(key, 4, 4)).toBe(0);
      expect(await b.take(key, 4, 4)).toBe(0);
      expect(await a.take(key, 4, 1)).toBeGreaterThan(0);
      expect(a.fallbacks).toBeGreaterThanOrEqual(2);
      redis.start();
      expect(await a.ready(15_000)).toBe(true);
      expect(await b.ready(15_000)).toBe(true);
      const before = a.fallbacks + b.fallbacks;
      // Back: Redis's bucket again (appendonly kept it: 1 token, plus a little refill).
      expect(await a.take(key, 4, 1)).toBe(0);
      expect(await b.take(key, 4, 2)).toBeGreaterThan(0);
      expect(a.fallbacks + b.fallbacks).toBe(before);
    } finally {
      redis.stop();
    }
  });
});
