/**
 * Choosing options for generated worlds on a world kept for choosing (generator seed 7, not the
 * seed-42 demo world that is reported): hit rate@k on its held-back purchases, scored as
 * `graphrec evaluate-holdout` scores them (held products excluded; GraphSAGE by cosine, plus τ·b_i
 * when the model has an item bias), beside co-occurrence.
 *
 *   npx graphrec generate --users 5000 --seed 7 --out /tmp/demo5k-s7
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/holdout-tune.ts /tmp/demo5k-s7 '{"learningRate":0.005}' [cooccurrence]
 */
import { embedAll, initTf, productScoreBias, trainGraphSage } from '@graphrec/gnn';
import { projectFromFiles } from '@graphrec/projection';
import { CooccurrenceRecommender, productsHeld, trainDataFromGraph } from '@graphrec/recommend';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const dir = process.argv[2] ?? '/tmp/demo5k-s7';
  const options = JSON.parse(process.argv[3] ?? '{}');
  const k = 10;
  await initTf();
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(dir, f));
  const graph = await projectFromFiles(files, 'native');
  const lines = readFileSync(join(dir, 'truth', 'holdout_purchases.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(',');
  const [ui, pi] = [header.indexOf('user_id'), header.indexOf('product_id')];
  const pairs = lines.slice(1).map((l) => l.split(',')).map((c) => ({ user: graph.nodes.User.indexOf(c[ui]), product: graph.nodes.Product.indexOf(c[pi]) })).filter((p): p is { user: number; product: number } => p.user !== undefined && p.product !== undefined);
  const held = productsHeld(graph);
  const products = graph.nodes.Product.size;
  const hitRate = (score: (user: number) => Float32Array): number => {
    let hits = 0;
    for (const { user, product } of pairs) {
      const excluded = new Set(held.targets.subarray(held.offsets[user], held.offsets[user + 1]));
      const s = score(user);
      const ranked = Array.from({ length: products }, (_, i) => i).filter((i) => !excluded.has(i)).sort((a, b) => s[b] - s[a]).slice(0, k);
      if (ranked.includes(product)) hits++;
    }
    return hits / pairs.length;
  };
  if (process.argv[4] === 'cooccurrence') {
    const co = new CooccurrenceRecommender();
    co.fit(trainDataFromGraph(graph, 'interacted'));
    console.log(JSON.stringify({ model: 'cooccurrence', pairs: pairs.length, hitRate: +hitRate((u) => co.score(u, Int32Array.from({ length: products }, (_, i) => i))).toFixed(4) }));
    return;
  }
  const cpu0 = process.cpuUsage();
  const model = await trainGraphSage(graph, options, {
    onEpoch: (e) => process.stderr.write(`epoch ${e.epoch} loss ${e.loss.toFixed(4)} val ${e.validation.toFixed(4)} ${e.seconds.toFixed(1)}s\n`),
  });
  const cpu = process.cpuUsage(cpu0);
  const e = embedAll(model, graph);
  const d = e.dimension;
  const bias = productScoreBias(model, products);
  const score = (u: number) => Float32Array.from({ length: products }, (_, p) => {
    let s = bias ? bias[p] : 0;
    for (let c = 0; c < d; c++) s += e.User[u * d + c] * e.Product[p * d + c];
    return s;
  });
  const m = model.metrics;
  console.log(JSON.stringify({ options, pairs: pairs.length, hitRate: +hitRate(score).toFixed(4), seconds: +m.seconds.toFixed(1), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), bestEpoch: m.bestEpoch, epochs: m.epochs, bestValidation: +m.bestValidation.toFixed(4) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
