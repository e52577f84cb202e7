/**
 * The cost of a rate-limit decision: in memory (per process) against Redis (shared, one Lua script
 * per request), sequential (latency) and 32 in flight (throughput), keys drawn from 10,000.
 *
 *   GRAPHREC_REDIS_URL=$(node scripts/redis.mjs url) npx tsx --tsconfig tsconfig.base.json bench/api/rate-limits.bench.ts [--n 20000]
 */
import { loadavg } from 'node:os';
import { RateLimiter, RateLimitStore } from '../../apps/api/src/graphql/rate-limiter';
import { SharedRateLimiter } from '../../apps/api/src/graphql/shared-rate-limiter';
import { arg } from '../support/args';

const n = arg('n', 20_000);

async function measure(name: string, store: RateLimitStore): Promise<void> {
  const key = (i: number) => `bench-${(i * 7919) % 10_000}`;
  const cpu0 = process.cpuUsage();
  let t = performance.now();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await store.take(key(i), 600_000, 1);
    times.push(performance.now() - s);
  }
  const sequential = (performance.now() - t) / 1000;
  times.sort((a, b) => a - b);
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < n) await store.take(key(next++), 600_000, 1);
    }),
  );
  const parallel = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${name.padEnd(10)} sequential p50 ${times[Math.floor(n / 2)].toFixed(3)} ms, p99 ${times[Math.floor(n * 0.99)].toFixed(3)} ms (${(n / sequential).toFixed(0)}/s); ` +
      `32 in flight ${(n / parallel).toFixed(0)}/s; this process's CPU ${(((cpu.user + cpu.system) / 1000) / (2 * n)).toFixed(4)} ms per decision`,
  );
}

async function main(): Promise<void> {
  console.log(`${n} decisions each; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await measure('in memory', new RateLimiter());
  const url = process.env.GRAPHREC_REDIS_URL;
  if (!url) {
    console.log('GRAPHREC_REDIS_URL unset: Redis not measured');
    return;
  }
  const shared = new SharedRateLimiter(url, { timeoutMs: 1_000 });
  if (!(await shared.ready())) throw new Error('Redis did not answer');
  try {
    await measure('Redis', shared);
    if (shared.fallbacks) console.log(`(${shared.fallbacks} decisions fell back to the process: Redis too slow or away)`);
  } finally {
    await shared.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
