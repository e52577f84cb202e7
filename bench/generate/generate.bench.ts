/**
 * Generator benchmark: the synthetic world for N users (default 1,000,000), written to a
 * scratch folder that is deleted afterwards. Prints seconds, bytes, rows and peak RSS.
 *
 *   npm run bench:generate [-- --users 1000000 --keep]
 */
import { generateWorld } from '@graphrec/datagen';
import { repoRoot } from '@graphrec/neo4j';
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { peakRssMiB } from '../support/local-neo4j';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--users');
  const users = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  const out = join(repoRoot(), '.data', 'bench', `generate-${users}`);
  rmSync(out, { recursive: true, force: true });
  try {
    const summary = await generateWorld({ users, seed: 1, outDir: out });
    console.log(`generate benchmark: ${users} users, ${cpus().length} cores`);
    console.log(`  ${summary.seconds.toFixed(1)} s, ${(summary.bytes / 1e6).toFixed(0)} MB written, peak RSS ${peakRssMiB().toFixed(0)} MiB`);
    console.log(`  ${Object.entries(summary.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(JSON.stringify({ bench: 'generate', seconds: summary.seconds, bytes: summary.bytes, peakRssMiB: Math.round(peakRssMiB()), ...summary.counts }));
  } finally {
    if (!process.argv.includes('--keep')) rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
