/**
 * The embeddings write-back alone at scale (issue 14's daily flow at 1M users): writes the served
 * run's vectors again, as a new `writing` run (so into the other slot, as `graphrec train` would),
 * and reports wall seconds, this process's CPU and the Neo4j server's CPU (from /proc). The run is
 * then marked failed, never served, and pruned by the next `graphrec train`. Needs a served
 * embeddings run and the local server of NEO4J_PORT / NEO4J_DATA_DIR.
 *
 *   NEO4J_PORT=7792 NEO4J_DATA_DIR=.data/neo4j-1m npx tsx --tsconfig tsconfig.base.json bench/flows/writeback.bench.ts
 */
import { GraphDb, localServerSettings, resolveNeo4jConfig } from '@graphrec/neo4j';
import { currentEmbeddings, failRun, readUserEmbeddings, startRun, writeEmbeddings } from '@graphrec/writeback';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { CLOCK_TICKS_PER_SECOND, processCpuTicks } from '../support/proc';

async function main(): Promise<void> {
  const db = new GraphDb(resolveNeo4jConfig());
  const neo4jPid = Number(readFileSync(join(localServerSettings().dataDir, 'neo4j.pid'), 'utf8').trim());
  try {
    const current = await currentEmbeddings(db);
    if (!current) throw new Error('no served embeddings run: run graphrec train first');
    const ids = (await db.read<{ id: string }>('MATCH (u:User) RETURN u.id AS id')).map((r) => r.id);
    const { vectors } = await readUserEmbeddings(db, current, ids);
    const products = await db.read<{ id: string; v: number[] }>('MATCH (p:Product) WHERE p[$prop] IS NOT NULL RETURN p.id AS id, p[$prop] AS v', { prop: `embedding_${current.slot}` });
    const productVectors = Float32Array.from(products.flatMap((p) => p.v));
    const runId = await startRun(db, 'embeddings', { bench: 'writeback' });
    const load0 = loadavg()[0];
    const cpu0 = process.cpuUsage();
    const neo0 = processCpuTicks(neo4jPid);
    const started = performance.now();
    const zeros = new Float64Array(products.length);
    const result = await writeEmbeddings(db, runId, {
      dimension: current.dimension,
      vectors: { User: { ids, vectors }, Product: { ids: products.map((p) => p.id), vectors: productVectors } },
      productStats: { ids: products.map((p) => p.id), rate: zeros, buyers: zeros, engaged: zeros, holders: zeros },
      similar: [],
    });
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const neo = (processCpuTicks(neo4jPid) - neo0) / CLOCK_TICKS_PER_SECOND;
    await failRun(db, runId, 'write-back bench: never served');
    process.stdout.write(
      `write-back of ${result.written.User} user and ${result.written.Product} product vectors (${current.dimension}-d, slot ${result.slot}): ` +
        `${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s graphrec, ${neo.toFixed(1)} CPU s Neo4j; load ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench writeback: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
