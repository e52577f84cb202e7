/**
 * Batch recommendations export benchmark (issue 14 §3: 1M users < 5 minutes, memory flat):
 * `exportRecommendations` (what `graphrec export recommendations` runs) over every user of the
 * database the NEO4J_* variables select, which must hold a served run (`graphrec train`, and
 * `graphrec train-ranker` for the ranker path). Prints users/s, the time 1M users would take at
 * that rate, this process's RSS over the run (worker threads included) (sampled every 250 ms: flat means the same after the
 * first pages as at the end) and CPU seconds of this process and of the local Neo4j.
 *
 *   NEO4J_PORT=7713 NEO4J_DATA_DIR=.data/neo4j-7713 npm run bench:export-recommendations [-- --k 10 --page-size 500 --workers 2 --shard 1/2 --users FILE]
 */
import { exportRecommendations, parseShard, readUserIdsFile } from '@graphrec/crm';
import { GraphDb, localServerSettings, resolveNeo4jConfig } from '@graphrec/neo4j';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { arg } from '../support/args';
import { processCpuSeconds } from '../support/proc';

function serverPid(): number | undefined {
  if (process.env.NEO4J_URI) return undefined;
  const file = join(localServerSettings().dataDir, 'neo4j.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

async function main(): Promise<void> {
  const k = arg('k', 10);
  const pageSize = arg('page-size', 500);
  const workers = arg('workers', 1);
  const at = process.argv.indexOf('--shard');
  const shard = at > 0 ? parseShard(process.argv[at + 1]) : undefined;
  // --users FILE: a sample of the population (profiles of the scoring without walking every id, as a shard does).
  const usersAt = process.argv.indexOf('--users');
  const userIds = usersAt > 0 ? readUserIdsFile(process.argv[usersAt + 1]) : undefined;
  const db = new GraphDb(resolveNeo4jConfig());
  const out = join(tmpdir(), `graphrec-recs-bench-${process.pid}.csv`);
  const pid = serverPid();
  const samples: { t: number; rss: number }[] = [];
  const started = performance.now();
  const timer = setInterval(() => samples.push({ t: (performance.now() - started) / 1000, rss: process.memoryUsage().rss / 2 ** 20 }), 250);
  const load = loadavg()[0];
  const cpu0 = process.cpuUsage();
  const server0 = pid ? processCpuSeconds(pid) : 0;
  try {
    await db.verify();
    const r = await exportRecommendations(db, { k, format: 'csv', out, pageSize, shard, workers, userIds });
    clearInterval(timer);
    const cpu = process.cpuUsage(cpu0);
    const usersPerSecond = r.users / r.seconds;
    // "Flat": the RSS range once the first tenth of the run is over (the first pages warm the ranker and the driver).
    const steady = samples.filter((s) => s.t > r.seconds * 0.1).map((s) => s.rss);
    const result = {
      bench: 'export-recommendations',
      k,
      pageSize,
      workers,
      shard: shard ? `${shard.index}/${shard.count}` : null,
      users: r.users,
      rows: r.rows,
      megabytes: Math.round(r.bytes / 2 ** 20),
      seconds: Number(r.seconds.toFixed(1)),
      usersPerSecond: Math.round(usersPerSecond),
      extrapolatedSecondsFor1M: Math.round(1_000_000 / usersPerSecond),
      rssMiB: {
        steadyMin: Math.round(Math.min(...steady)),
        steadyMax: Math.round(Math.max(...steady)),
        peak: Math.round(process.resourceUsage().maxRSS / 1024),
        // The largest RSS in each tenth of the run: flat means no trend from the second tenth on.
        byTenth: Array.from({ length: 10 }, (_, i) => Math.round(Math.max(0, ...samples.filter((s) => s.t >= (r.seconds * i) / 10 && s.t < (r.seconds * (i + 1)) / 10).map((s) => s.rss)))),
      },
      cpuSeconds: { node: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)), neo4j: pid ? Number((processCpuSeconds(pid) - server0).toFixed(1)) : null },
      loadAverageAtStart: Number(load.toFixed(2)),
      loadAverageAtEnd: Number(loadavg()[0].toFixed(2)),
      cores: cpus().length,
      runId: r.runId,
    };
    console.log(JSON.stringify(result));
    console.log(
      `\nexport recommendations: ${r.users} users x top ${k} = ${r.rows} rows in ${r.seconds.toFixed(1)} s (${Math.round(usersPerSecond)} users/s); ` +
        `1M users at this rate: ${(1_000_000 / usersPerSecond / 60).toFixed(1)} min (target < 5 min); RSS ${result.rssMiB.steadyMin}-${result.rssMiB.steadyMax} MiB after the first tenth`,
    );
  } finally {
    clearInterval(timer);
    rmSync(out, { force: true });
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
