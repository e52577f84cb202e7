/**
 * The graph ranker's training cost on a generated world: projection from files (with the event
 * log), training (carve, features for the sampled users, the parameter grid, the served state),
 * time and peak RSS of the whole process; then the per-request cost of scoring a user (all
 * products) and of explaining a top-10 with exact TreeSHAP against the approximate attribution.
 * Generates the world when the folder has none.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/graph-train.bench.ts --path /tmp/rg1m [--users 1000000] [--max-users 50000] [--threads 1]
 */
import { generateWorld } from '@graphrec/datagen';
import { projectFromFiles } from '@graphrec/projection';
import { GraphRanker, readCatalogFile, trainGraphRanker, userAttributes, userInputFromView, viewAt } from '@graphrec/rank';
import { reasonGroups } from '@graphrec/serving';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { arg } from '../support/args';

function text(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function main(): Promise<void> {
  const path = text('path', '/tmp/rg1m');
  const users = arg('users', 1_000_000);
  if (!existsSync(join(path, 'events.csv'))) {
    const t = performance.now();
    await generateWorld({ users, seed: 42, outDir: path });
    process.stdout.write(`generated ${users} users in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const started = performance.now();
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(path, f));
  const graph = await projectFromFiles(files, 'native', { keepEvents: true });
  const catalog = await readCatalogFile(join(path, 'products.csv'));
  const projected = performance.now();
  process.stdout.write(`projection: ${graph.nodes.User.size} users, ${graph.events?.user.length} events in ${((projected - started) / 1000).toFixed(1)} s (peak RSS so far ${rssMb()} MB)\n`);
  const model = await trainGraphRanker(graph, { catalog }, { seed: 42, maxUsers: arg('max-users', 50_000), threads: arg('threads', 1) });
  const trained = performance.now();
  const r = model.report;
  process.stdout.write(
    `ranker: ${r.sampledUsers} of ${r.labelledUsers} labelled users, ${r.trainRows} + ${r.validationRows} rows, validation nDCG@10 ${r.validationNdcg.toFixed(4)}\n` +
      `  seconds ${JSON.stringify(r.seconds)}; training alone ${((trained - projected) / 1000).toFixed(1)} s; projection + training ${((trained - started) / 1000).toFixed(1)} s; peak RSS ${rssMb()} MB\n`,
  );

  // Per request, as serving does it: one user's features and every product's score; then the top-10 explained.
  const ranker = GraphRanker.fromModel(model);
  const view = viewAt(graph);
  const attributes = userAttributes(view);
  const sample = Array.from({ length: 300 }, (_, i) => Math.floor((i * graph.nodes.User.size) / 300));
  const inputs = sample.map((u) => userInputFromView(view, ranker.state, attributes, u));
  const time = (f: (i: number) => void): number => {
    const t = performance.now();
    inputs.forEach((_, i) => f(i));
    return (performance.now() - t) / inputs.length;
  };
  const tops = inputs.map((input) => Array.from(ranker.scoreAll(input)).map((s, p) => [s, p]).sort((a, b) => b[0] - a[0]).slice(0, 10).map(([, p]) => p));
  const score = time((i) => ranker.scoreAll(inputs[i]));
  const exact = time((i) => ranker.explain(inputs[i], tops[i]));
  const approx = time((i) => ranker.explain(inputs[i], tops[i], { approximate: true }));
  // Do the two attributions name the same strongest reason? (what the served sentence starts with)
  const strongest = (approximate: boolean, i: number): string[] =>
    ranker.explain(inputs[i], tops[i], { approximate }).map((e) => reasonGroups(e.contributions)[0]?.key ?? 'none');
  let same = 0;
  let items = 0;
  inputs.forEach((_, i) => {
    const a = strongest(false, i);
    const b = strongest(true, i);
    a.forEach((key, j) => ((same += key === b[j] ? 1 : 0), items++));
  });
  process.stdout.write(`first reason the same, exact vs approximate: ${((100 * same) / items).toFixed(1)}% of ${items} items\n`);
  process.stdout.write(`per request (${inputs.length} users, ${model.state.products.ids.length} products): score all ${score.toFixed(3)} ms; explain top-10 exact TreeSHAP ${exact.toFixed(3)} ms, approximate ${approx.toFixed(3)} ms\n`);
  ranker.free();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
