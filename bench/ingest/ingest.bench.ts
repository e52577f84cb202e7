/**
 * Ingest benchmark: a generated world with about 1,000,000 events, loaded into a fresh local
 * Neo4j on its own port. Prints rows/s per file and the Node process's peak RSS.
 *
 *   npm run bench:ingest [-- --users 50000 --batch-size 10000 --lanes 2 --keep]
 */
import { ingest } from '@graphrec/ingest';
import { migrate, repoRoot } from '@graphrec/neo4j';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { peakRssMiB, startFreshNeo4j, stopNeo4j } from '../support/local-neo4j';
import { arg } from '../support/args';

const PORT = 7689;
const DATA_DIR = '.data/neo4j-bench';

async function main(): Promise<void> {
  const users = arg('users', 50_000);
  const batchSize = arg('batch-size', 10_000);
  const lanes = arg('lanes', 2);
  const world = join(repoRoot(), '.data', 'bench', `world-${users}`);
  if (!existsSync(join(world, 'truth', 'manifest.json'))) {
    // A child process, so that generating does not count in this process's peak RSS.
    execFileSync(process.execPath, [join(repoRoot(), 'apps/cli/bin/graphrec.js'), 'generate', '--users', String(users), '--seed', '7', '--out', world], {
      stdio: 'inherit',
    });
  }
  const db = startFreshNeo4j(PORT, DATA_DIR);
  try {
    await db.verify();
    await migrate(db);
    const rssBefore = peakRssMiB();
    const summary = await ingest(db, [world], { batchSize, lanes });
    console.log(`\ningest benchmark: ${users} users, batch ${batchSize}, ${lanes} lanes, ${cpus().length} cores, Neo4j local (same machine)`);
    console.log('file'.padEnd(16), 'rows'.padStart(10), 'seconds'.padStart(9), 'rows/s'.padStart(9));
    for (const f of summary.files) {
      const rows = f.loaded + f.unchanged + f.rejected;
      console.log(f.kind.padEnd(16), String(rows).padStart(10), f.seconds.toFixed(1).padStart(9), String(Math.round(rows / f.seconds)).padStart(9));
    }
    const events = summary.files.find((f) => f.kind === 'events');
    console.log(`total ${summary.seconds.toFixed(1)} s; peak RSS of this process ${peakRssMiB().toFixed(0)} MiB (before ingest ${rssBefore.toFixed(0)} MiB)`);
    console.log(
      JSON.stringify({
        bench: 'ingest',
        users,
        batchSize,
        lanes,
        events: events ? events.loaded : 0,
        eventsPerSecond: events ? Math.round(events.loaded / events.seconds) : 0,
        totalSeconds: summary.seconds,
        peakRssMiB: Math.round(peakRssMiB()),
      }),
    );
  } finally {
    await db.close();
    if (!process.argv.includes('--keep')) stopNeo4j(PORT, DATA_DIR);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
