/**
 * Export benchmark: 1,000,000 synthetic users, each in one of 12 segments of a completed run, in a
 * fresh local Neo4j on its own port; then a CSV export of the current run. Prints the write and
 * export times and the Node process's peak RSS (the export must stream: flat memory).
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/export/export.bench.ts [-- --users 1000000 --keep]
 */
import { cypher, migrate, repoRoot } from '@graphrec/neo4j';
import { completeRun, MembershipInput, startRun, writeSegments } from '@graphrec/writeback';
import { exportSegments } from '@graphrec/crm';
import { mkdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { peakRssMiB, rssMiB, startFreshNeo4j, stopNeo4j } from '../support/local-neo4j';
import { arg } from '../support/args';

const PORT = 7692;
const DATA_DIR = '.data/neo4j-bench-export';
const SEGMENTS = 12;

const userId = (i: number) => `u${String(i).padStart(7, '0')}`;

function* members(users: number): Iterable<MembershipInput> {
  for (let i = 0; i < users; i++) yield { userId: userId(i), segmentId: `S${String(i % SEGMENTS).padStart(2, '0')}`, confidence: ((i * 7919) % 1000) / 1000 };
}

async function main(): Promise<void> {
  const users = arg('users', 1_000_000);
  const db = startFreshNeo4j(PORT, DATA_DIR);
  try {
    await db.verify();
    await migrate(db);
    let t = performance.now();
    // Users straight from Cypher (not through ingest): this benchmark is about write-back and export.
    for (let from = 0; from < users; from += 50_000) {
      await db.run("UNWIND range($from, $to) AS i CREATE (:User {id: 'u' + right('000000' + toString(i), 7), region: CASE i % 3 WHEN 0 THEN 'Zürich, Nord' ELSE 'Oslo' END})", {
        from,
        to: Math.min(users, from + 50_000) - 1,
      });
    }
    const createSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const runId = await startRun(db, 'segments', { bench: true });
    const segments = Array.from({ length: SEGMENTS }, (_, s) => ({ segmentId: `S${String(s).padStart(2, '0')}`, label: `Segment ${s}, "bench"`, size: Math.ceil(users / SEGMENTS), profile: { s } }));
    const written = await writeSegments(db, runId, { segments, members: members(users) }, { batchSize: 10_000 });
    await completeRun(db, runId, {});
    const writeSeconds = (performance.now() - t) / 1000;
    const plan = await db.run(`EXPLAIN ${cypher('writeback/export-rows')}`, { runId, attrs: [], after: '', limit: 1 });
    const operators: string[] = [];
    const walk = (p: { operatorType: string; children: unknown[] }) => (operators.push(p.operatorType), p.children.forEach((c) => walk(c as typeof p)));
    if (plan.summary.plan) walk(plan.summary.plan as unknown as { operatorType: string; children: unknown[] });

    const outDir = join(repoRoot(), '.data', 'bench', 'export');
    mkdirSync(outDir, { recursive: true });
    const out = join(outDir, 'segments.csv');
    const rssBefore = rssMiB();
    const exported = await exportSegments(db, { format: 'csv', out });
    console.log(`\nexport benchmark: ${users} users, ${SEGMENTS} segments, ${cpus().length} cores, Neo4j local (same machine)`);
    console.log(`create users ${createSeconds.toFixed(1)} s; writeSegments ${written.memberships} memberships in ${written.seconds.toFixed(1)} s (${Math.round(written.memberships / written.seconds)}/s), with completeRun ${writeSeconds.toFixed(1)} s`);
    console.log(`export plan: ${operators.join(' <- ')}`);
    console.log(`exportSegments csv: ${exported.rows} rows, ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB in ${exported.seconds.toFixed(1)} s (${Math.round(exported.rows / exported.seconds)} rows/s)`);
    console.log(`RSS before export ${rssBefore.toFixed(0)} MiB; peak RSS of this process ${peakRssMiB().toFixed(0)} MiB`);
    console.log(JSON.stringify({ bench: 'export', users, writeSeconds: written.seconds, exportSeconds: exported.seconds, rows: exported.rows, peakRssMiB: Math.round(peakRssMiB()) }));
  } finally {
    await db.close();
    if (!process.argv.includes('--keep')) stopNeo4j(PORT, DATA_DIR);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
