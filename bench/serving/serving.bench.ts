/**
 * Latency of the serving reads straight against Neo4j (no API in between), one request at a time
 * so that the figures are per-request latency, not queueing: related items, recommendations and
 * ranking from the current embeddings run of the database in NEO4J_* (the demo graph after
 * `npm start`). Target from issue 3: related items under 5 ms median.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/serving/serving.bench.ts [--seconds 5]
 */
import { GraphDb, resolveNeo4jConfig } from '@graphrec/neo4j';
import { rankForUser, recommendForUser, relatedItems } from '@graphrec/serving';

const at = process.argv.indexOf('--seconds');
const seconds = at >= 0 ? Number(process.argv[at + 1]) : 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(name: string, call: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 50; i++) await call(i); // warm the query plans and the JIT
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const t = performance.now();
    await call(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(2).padStart(6);
  console.log(`${name.padEnd(26)} n ${String(times.length).padStart(6)}  p50 ${f(percentile(times, 50))} ms  p95 ${f(percentile(times, 95))} ms  p99 ${f(percentile(times, 99))} ms`);
}

async function main(): Promise<void> {
  const db = new GraphDb(resolveNeo4jConfig());
  try {
    const products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id')).map((r) => r.id);
    const users = (await db.read<{ id: string }>('MATCH (u:User) RETURN u.id AS id ORDER BY id LIMIT 5000')).map((r) => r.id);
    if (!products.length || !users.length) throw new Error('empty graph: run `npm start` first');
    console.log(`serving reads, ${seconds} s each, one at a time; ${products.length} products, ${users.length} users rotated`);
    await measure('relatedItems(k 10)', (i) => relatedItems(db, products[i % products.length], 10));
    await measure('recommendForUser(k 10)', (i) => recommendForUser(db, users[i % users.length], 10));
    await measure('rankForUser(5 products)', (i) => rankForUser(db, users[i % users.length], products.slice(i % 20, (i % 20) + 5)));
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
