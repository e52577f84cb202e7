/**
 * Validation curves on MovieLens 100K WITHOUT the test data, for choosing early stopping and epoch
 * budgets on more than one noisy figure. As `tune.ts`: the seed-42 item-stratified test split is
 * made and thrown away, and a 75/25 item-stratified validation split is carved from its train part
 * (carve seed below). The model is fitted on the rest and, after EVERY epoch, its current weights
 * are scored on that outer validation (MAP / nDCG@10, as `graphrec evaluate` computes them); the
 * trainer's own inner-validation figure (what early stopping sees) is printed beside it. One
 * training per carve gives what patience 3, 5, … would have kept (`bench/gnn/rules.ts`) and what a
 * fixed epoch budget would give.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/curve.ts '<options json>' <carve seed> [path]
 * Prints one JSON line: { options, carve, inner[], outer[] (nDCG), outerMap[], loss[], cpuSeconds }.
 * Use `"patience": 0` and an `epochs` cap so every epoch runs.
 */
import { datasetDir, evaluateRanking, itemStratifiedSplit, readMovielensData, validationSplit } from '@graphrec/eval';
import { GraphSageRecommender, embedAll, graphFromTrainData, initTf, productScoreBias } from '@graphrec/gnn';
import type { TrainedModel } from '@graphrec/gnn';
import { selectTopK, trainDataFrom } from '@graphrec/recommend';
import type { TrainData } from '@graphrec/recommend';
import { join } from 'node:path';

/** Top-10 for every user from a model snapshot, scored as GraphSageRecommender scores (cosine + τ·b_i). */
function recommendAll(model: TrainedModel, train: TrainData): Int32Array[] {
  const e = embedAll(model, graphFromTrainData(train));
  const bias = productScoreBias(model, train.items);
  const d = e.dimension;
  const score = (u: number, items: ArrayLike<number>): Float32Array => {
    const out = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += e.User[u * d + c] * e.Product[items[j] * d + c];
      out[j] = bias ? s + bias[items[j]] : s;
    }
    return out;
  };
  const all = Int32Array.from({ length: train.items }, (_, i) => i);
  return Array.from({ length: train.users }, (_, u) => selectTopK(train, u, 10, undefined, () => score(u, all), (items) => score(u, items)));
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}');
  const carve = Number(process.argv[3] ?? 7);
  const path = process.argv[4] ?? datasetDir('movielens-100k');
  await initTf();
  const data = readMovielensData(join(path, 'u.data'));
  const { train } = itemStratifiedSplit(data, { ratio: 0.75, seed: 42 });
  const { train: fitPart, validation } = validationSplit(train, { method: 'item-stratified', ratio: 0.75, seed: carve });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, { users: fitPart.users, items: fitPart.items, weights: fitPart.weights });
  const inner: number[] = [];
  const outer: number[] = [];
  const outerMap: number[] = [];
  const loss: number[] = [];
  let scoringCpu = 0;
  const sage = new GraphSageRecommender(options, {
    onEpoch: (e) => {
      const c0 = process.cpuUsage();
      const m = evaluateRanking(recommendAll(e.current(), trainData), validation, 10, { train: fitPart });
      const c = process.cpuUsage(c0);
      scoringCpu += (c.user + c.system) / 1e6;
      inner.push(+e.validation.toFixed(4));
      outer.push(+m.ndcg.toFixed(4));
      outerMap.push(+m.map.toFixed(4));
      loss.push(+e.loss.toFixed(4));
      process.stderr.write(`carve ${carve} epoch ${e.epoch} loss ${e.loss.toFixed(4)} inner ${e.validation.toFixed(4)} outer nDCG ${m.ndcg.toFixed(4)} ${e.seconds.toFixed(1)}s\n`);
    },
  });
  const cpu0 = process.cpuUsage();
  await sage.fit(trainData);
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 - scoringCpu;
  console.log(JSON.stringify({ options, carve, inner, outer, outerMap, loss, cpuSeconds: +cpuSeconds.toFixed(1) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
