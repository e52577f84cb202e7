/**
 * The answer cache on the database in NEO4J_* (the demo graph after `npm start`, with a ranker):
 * warm-up time and heap per held user (to size GRAPHREC_ANSWER_CACHE_USERS), then the cost of a
 * held answer and of a miss, keys drawn from every user in a seeded order.
 *
 *   node --expose-gc -r tsx/cjs bench/serving/answer-cache.bench.ts [--users N]
 *   (TSX_TSCONFIG_PATH=tsconfig.base.json), or through npm run bench:answer-cache
 */
import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import { GraphDb, resolveNeo4jConfig } from '@graphrec/neo4j';
import { AnswerCache, ChangeFeed, recommendCached, recommendForUser, warmUpAnswers } from '@graphrec/serving';

const at = process.argv.indexOf('--users');
const maxUsers = at >= 0 ? Number(process.argv[at + 1]) : 1_000_000;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: () => void }).gc) console.warn('run with node --expose-gc for a clean heap figure');
  const db = new GraphDb(resolveNeo4jConfig());
  try {
    const cache = new AnswerCache({ maxUsers });
    await new ChangeFeed(db, cache, { pollMs: 60_000, overlapMs: 30_000 }).poll();
    const before = heapMb();
    const cpu = process.cpuUsage();
    const warm = await warmUpAnswers(db, cache, { k: 10 });
    const cpuS = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
    const after = heapMb();
    const held = cache.stats().users;
    console.log(`warm-up: ${held} users in ${warm.seconds.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU of this process (${warm.ended}); ` +
      `heap +${(after - before).toFixed(1)} MB = ${(((after - before) * 1024) / Math.max(1, held)).toFixed(2)} KB per user`);
    if (!held) throw new Error('nothing warmed: does the served run have a ranker (`graphrec train-ranker`)?');

    const ids = (await db.read<{ id: string }>('MATCH (u:User) WHERE u.stub IS NULL RETURN u.id AS id')).map((r) => r.id);
    const order = shuffleInPlace(Int32Array.from(ids, (_, i) => i), createRng(42));
    const timed = async (name: string, n: number, call: (id: string) => Promise<unknown>): Promise<void> => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await call(ids[order[i % order.length]]);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(`${name.padEnd(34)} n ${n}  p50 ${percentile(times, 50).toFixed(3)} ms  p99 ${percentile(times, 99).toFixed(3)} ms`);
    };
    await timed('held answer (recommendCached, hit)', Math.min(20_000, ids.length), (id) => recommendCached(db, cache, id, 10));
    await timed('fresh answer (recommendForUser, read)', 2_000, (id) => recommendForUser(db, id, 10));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
