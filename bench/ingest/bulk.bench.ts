/**
 * Bulk first load benchmark (issue 14 §3): `graphrec ingest --bulk DIR` on a generated world, into
 * a missing database of a local Neo4j on its own port, once per importer thread count. The clock
 * runs from spawning the command until it exits (indexes online), validation included: that is
 * the end-to-end events/s the target (≥ 40,000/s) is about. CPU seconds are the command's own
 * (Node + the importer JVM it waits for) plus the server's, which starts during the run.
 *
 *   npm run bench:bulk [-- --users 200000 --threads 1,2 --validation-workers 2 --port 7713]
 *   npm run bench:bulk -- --world DIR --threads 2   (an existing world folder)
 *   npm run bench:bulk -- --users 200000 --validate-only --validation-workers 2 [--skip-single]   (JS side only, no database)
 */
import { planSources, prepareImport } from '@graphrec/ingest';
import { repoRoot } from '@graphrec/neo4j';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { arg } from '../support/args';
import { processCpuSeconds } from '../support/proc';

/** The user count a generated world's manifest records (undefined for a world without one). */
function worldUsers(world: string): number | undefined {
  const manifest = join(world, 'truth', 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  const users = (JSON.parse(readFileSync(manifest, 'utf8')) as { options?: { users?: unknown } }).options?.users;
  return typeof users === 'number' ? users : undefined;
}

async function main(): Promise<void> {
  const usersArg = arg('users', 200_000);
  const seed = arg('seed', 7);
  const port = arg('port', 7713);
  const at = process.argv.indexOf('--threads');
  const threadList = (at > 0 ? process.argv[at + 1] : '1,2')
    .split(',')
    .map(Number);
  const workers = arg('validation-workers', availableParallelism());
  const dataDir = `.data/neo4j-${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEO4J_URI: '',
    NEO4J_PORT: String(port),
    NEO4J_DATA_DIR: dataDir,
    NEO4J_HEAP: process.env.NEO4J_HEAP ?? '2g',
    NEO4J_PAGECACHE: process.env.NEO4J_PAGECACHE ?? '1g',
  };
  const cli = join(repoRoot(), 'apps/cli/bin/graphrec.js');
  // --world DIR: any generated (or exported) world; default .data/bench/world-<users>, generated when missing.
  const worldAt = process.argv.indexOf('--world');
  const world = worldAt > 0 ? process.argv[worldAt + 1] : join(repoRoot(), '.data', 'bench', `world-${usersArg}`);
  if (worldAt < 0 && !existsSync(join(world, 'truth', 'manifest.json'))) {
    execFileSync(process.execPath, [cli, 'generate', '--users', String(usersArg), '--seed', String(seed), '--out', world], { stdio: 'inherit' });
  }
  if (process.argv.includes('--validate-only')) return validateOnly(world, workers);
  // The users a report names are the world's (its manifest), not --users: --world may hold any size.
  const users = worldUsers(world) ?? usersArg;
  const script = join(repoRoot(), 'scripts', 'neo4j.mjs');
  const results = [];
  for (const threads of threadList) {
    execFileSync(process.execPath, [script, 'stop'], { env, stdio: 'inherit' });
    rmSync(join(repoRoot(), dataDir, 'data'), { recursive: true, force: true });
    const load = loadavg()[0];
    const cpuBefore = processCpuSeconds('self', true);
    const t0 = Date.now();
    const child = spawn(process.execPath, [cli, 'ingest', '--bulk', world, '--threads', String(threads), '--validation-workers', String(workers), '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    const seconds = (Date.now() - t0) / 1000;
    if (code !== 0) throw new Error(`graphrec ingest --bulk exited ${code}`);
    const summary = JSON.parse(out);
    const serverPid = Number(readFileSync(join(repoRoot(), dataDir, 'neo4j.pid'), 'utf8').trim());
    const commandCpu = processCpuSeconds('self', true) - cpuBefore;
    const serverCpu = processCpuSeconds(serverPid);
    results.push({
      bench: 'bulk-ingest',
      users,
      events: summary.events,
      nodes: summary.nodes,
      relationships: summary.relationships,
      threads,
      validationWorkers: workers,
      parallelFiles: summary.parallelFiles,
      seconds,
      eventsPerSecond: Math.round(summary.events / seconds),
      phases: summary.phases,
      commandCpuSeconds: Math.round(commandCpu),
      serverCpuSeconds: Math.round(serverCpu),
      importerPeakMemory: summary.importerPeakMemory,
      validatorPeakRssMiB: summary.peakRssMiB,
      loadAverageAtStart: Number(load.toFixed(2)),
      loadAverageAtEnd: Number(loadavg()[0].toFixed(2)),
      cores: cpus().length,
    });
    console.log(JSON.stringify(results[results.length - 1]));
  }
  if (!process.argv.includes('--keep')) execFileSync(process.execPath, [script, 'stop'], { env, stdio: 'inherit' });
  console.log(`\nbulk first load, ${users} users, end to end (command start to indexes online), target >= 40,000 events/s`);
  console.log('threads'.padEnd(8), 'events'.padStart(9), 'seconds'.padStart(8), 'events/s'.padStart(9), 'validate'.padStart(9), 'import'.padStart(7), 'start'.padStart(6), 'schema'.padStart(7), 'cpu s'.padStart(6), 'node+importer'.padStart(14), 'server'.padStart(7), 'load'.padStart(11));
  for (const r of results) {
    console.log(
      String(r.threads).padEnd(8),
      String(r.events).padStart(9),
      r.seconds.toFixed(1).padStart(8),
      String(r.eventsPerSecond).padStart(9),
      r.phases.validate.toFixed(1).padStart(9),
      r.phases.import.toFixed(1).padStart(7),
      r.phases.start.toFixed(1).padStart(6),
      r.phases.schema.toFixed(1).padStart(7),
      String(r.commandCpuSeconds + r.serverCpuSeconds).padStart(6),
      String(r.commandCpuSeconds).padStart(14),
      String(r.serverCpuSeconds).padStart(7),
      `${r.loadAverageAtStart}-${r.loadAverageAtEnd}`.padStart(11),
    );
  }
}

/**
 * The JS side alone (`--validate-only`): validation and the importer's files, no database, with 1
 * and `workers` worker threads; wall and CPU seconds of this process (every thread) show what the
 * workers buy on this machine and what they cost in total CPU.
 */
async function validateOnly(world: string, workers: number): Promise<void> {
  // --skip-single: only `workers` (a 1M world's one-thread pass alone takes minutes).
  for (const n of process.argv.includes('--skip-single') ? [workers] : [...new Set([1, workers])]) {
    const dir = mkdtempSync(join(tmpdir(), 'graphrec-bulk-validate-'));
    const sources = await planSources([world]);
    const load = loadavg()[0];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const prepared = await prepareImport(sources, dir, { stamp: Date.now(), workers: n, quarantinePathOf: (s) => join(dir, `${basename(s.path)}.rejected.jsonl`) });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    rmSync(dir, { recursive: true, force: true });
    console.log(
      JSON.stringify({
        bench: 'bulk-validate',
        world,
        workers: n,
        parallelFiles: prepared.parallelFiles,
        events: prepared.events,
        seconds: Number(seconds.toFixed(1)),
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
        eventsPerSecond: Math.round(prepared.events / seconds),
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        loadAverageAtStart: Number(load.toFixed(2)),
        loadAverageAtEnd: Number(loadavg()[0].toFixed(2)),
      }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
