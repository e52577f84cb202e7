/**
 * Training curve on a generated world (`graphrec generate`), validation only: the world's files are
 * projected as `evaluate-holdout` does, GraphSAGE trains with the given options and prints the loss
 * and the early-stopping figure (its own 10 % carve of the files' edges) per epoch. The held-back
 * purchases (truth/) are not read; score them once with `graphrec evaluate-holdout`.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/demo-train.ts /tmp/demo20k '{"learningRate":0.005}'
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/demo-train.ts /tmp/demo20k baselines
 * `baselines`: popularity and co-occurrence scored on the same carve (the trainer's first rng draws)
 * with the same nDCG@10 as early stopping, to tell where the validation figure's ceiling is.
 */
import { holdOutEdges, initTf, trainGraphSage } from '@graphrec/gnn';
import { createRng, hasEntry } from '@graphrec/graph-model';
import { CooccurrenceRecommender, PopularityRecommender, Recommender, trainDataFromGraph } from '@graphrec/recommend';
import { projectFromFiles } from '@graphrec/projection';
import { join } from 'node:path';

async function main(): Promise<void> {
  const dir = process.argv[2] ?? '/tmp/demo20k';
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(dir, f));
  const graph = await projectFromFiles(files, 'native');
  if (process.argv[3] === 'baselines') {
    // The trainer's carve: holdOutEdges is the first use of createRng(seed) in trainGraphSage.
    const carved = holdOutEdges(graph, 'interacted', 0.1, createRng(42));
    const train = trainDataFromGraph(carved.graph, 'interacted');
    const held = carved.heldOut;
    const k = 10;
    for (const model of [new PopularityRecommender(), new CooccurrenceRecommender()] as Recommender[]) {
      model.fit(train);
      let ndcg = 0;
      let users = 0;
      for (let u = 0; u < held.offsets.length - 1; u++) {
        const relevant = held.offsets[u + 1] - held.offsets[u];
        if (relevant === 0) continue;
        const top = model.recommend(u, k);
        let dcg = 0;
        top.forEach((item, r) => (dcg += hasEntry(held, u, item) ? 1 / Math.log2(r + 2) : 0));
        let ideal = 0;
        for (let r = 0; r < Math.min(relevant, k); r++) ideal += 1 / Math.log2(r + 2);
        ndcg += dcg / ideal;
        users++;
      }
      console.log(JSON.stringify({ model: model.name, ndcg: +(ndcg / users).toFixed(4), users }));
    }
    return;
  }
  const options = JSON.parse(process.argv[3] ?? '{}');
  await initTf();
  const cpu0 = process.cpuUsage();
  const model = await trainGraphSage(graph, options, {
    onEpoch: (e) => process.stderr.write(`epoch ${e.epoch} loss ${e.loss.toFixed(4)} val ${e.validation.toFixed(4)} ${e.seconds.toFixed(1)}s\n`),
  });
  const cpu = process.cpuUsage(cpu0);
  const m = model.metrics;
  console.log(JSON.stringify({ options, seconds: +m.seconds.toFixed(1), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), bestEpoch: m.bestEpoch, bestStep: m.bestStep, steps: m.steps, epochs: m.epochs, bestValidation: +m.bestValidation.toFixed(4), metric: m.validationMetric, validationHistory: m.validationHistory.map((v) => +v.toFixed(4)) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
