/**
 * Incremental updates on the database in NEO4J_* (a graph with a served embeddings run whose
 * model files are in --model-dir, e.g. the demo world after `npm start`): N brand-new users arrive
 * through trackEvent (3 events each, products drawn over the whole catalogue, seeded), then the
 * updater (apps/cli/src/incremental/updater.ts) runs micro-batches until none wait. Prints each
 * step's time by phase, the users embedded per second, the time from the last trackEvent until
 * every new user had a vector (what the 60 s contract is about), CPU seconds of this process and
 * the load average. The bench users are deleted at the end, so runs compare.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/incremental/incremental.bench.ts [--new-users 500] [--batch 2000] [--model-dir .data/models]
 *   (npm run bench:incremental -- …)
 */
import { createRng } from '@graphrec/graph-model';
import { initTf } from '@graphrec/gnn';
import { trackEvent } from '@graphrec/ingest';
import { GraphDb, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { IncrementalUpdater } from '../../apps/cli/src/incremental/updater';
import { arg } from '../support/args';

const EVENT_TYPES = ['product_view', 'add_to_cart', 'purchase'] as const;
const PREFIX = 'bench-inc-';

async function main(): Promise<void> {
  const newUsers = arg('new-users', 500);
  const batch = arg('batch', 2_000);
  const at = process.argv.indexOf('--model-dir');
  const modelDir = resolve(repoRoot(), at > 0 ? process.argv[at + 1] : '.data/models');
  const db = new GraphDb(resolveNeo4jConfig());
  try {
    const backend = await initTf();
    const products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id')).map((r) => r.id);
    const [{ users }] = await db.read<{ users: number }>('MATCH (u:User) RETURN count(u) AS users');
    if (!products.length) throw new Error('no products: load a world first (npm start, or graphrec ingest)');
    const rng = createRng(42);
    // A first step loads the model and the segment profiles (once per run), outside the timing.
    const updater = new IncrementalUpdater(db, { modelDir, batchSize: batch, overlapMs: 30_000 });
    // It also drains what changed since the run's projection (e.g. the end of the load it trained on).
    let warm = await updater.step();
    if (warm.idle === 'no-run' || warm.idle === 'no-model') throw new Error(`updater idle: ${warm.idle} (is there a served run with model files in ${modelDir}?)`);
    let drainedBefore = warm.embedded;
    while (!(warm = await updater.step()).idle) drainedBefore += warm.embedded;
    if (drainedBefore) console.log(`before timing: drained ${drainedBefore} users changed since the run's projection`);
    const cpu0 = process.cpuUsage();
    console.log(`graph: ${users} users, ${products.length} products; backend ${backend.backend}; ${newUsers} new users, micro-batch ${batch}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    const runTag = Date.now().toString(36);
    const tracked0 = performance.now();
    for (let u = 0; u < newUsers; u++) {
      for (let e = 0; e < 3; e++) {
        const outcome = await trackEvent(db, {
          id: `${PREFIX}${runTag}-${u}-${e}`,
          user_id: `${PREFIX}${runTag}-${u}`,
          type: EVENT_TYPES[e],
          product_id: products[Math.floor(rng() * products.length)],
          timestamp: new Date(Date.now() - 1_000).toISOString(),
        });
        if (!outcome.ok) throw new Error(`trackEvent refused: ${JSON.stringify(outcome)}`);
      }
    }
    const lastTracked = performance.now();
    console.log(`trackEvent: ${newUsers * 3} events in ${((lastTracked - tracked0) / 1000).toFixed(1)} s`);

    let embedded = 0;
    const totals = { poll: 0, project: 0, embed: 0, write: 0 };
    for (let step = 1; ; step++) {
      const r = await updater.step();
      if (r.idle) break;
      embedded += r.embedded;
      for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r.seconds[k];
      console.log(`step ${step}: ${r.embedded}/${r.polled} users, ${r.segmented} segmented; poll ${r.seconds.poll.toFixed(2)} s, project ${r.seconds.project.toFixed(2)} s, embed ${r.seconds.embed.toFixed(2)} s, write ${r.seconds.write.toFixed(2)} s`);
    }
    const drained = (performance.now() - lastTracked) / 1000;
    const [{ pending }] = await db.read<{ pending: number }>(
      'MATCH (u:User) WHERE u.id STARTS WITH $prefix AND (u.incrementalAt IS NULL OR u.incrementalAt < u.changedAt) RETURN count(u) AS pending',
      { prefix: `${PREFIX}${runTag}-` },
    );
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `embedded ${embedded} new users (${pending} left) in ${drained.toFixed(1)} s after the last trackEvent (${(embedded / Math.max(drained, 1e-9)).toFixed(0)} users/s); ` +
        `project ${totals.project.toFixed(1)} s, embed ${totals.embed.toFixed(1)} s, write ${totals.write.toFixed(1)} s, poll ${totals.poll.toFixed(2)} s; ` +
        `CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    );
  } finally {
    await db.write((tx) => tx.run('MATCH (u:User) WHERE u.id STARTS WITH $prefix OPTIONAL MATCH (u)-[:PERFORMED]->(e:Event) DETACH DELETE u, e', { prefix: PREFIX }));
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
