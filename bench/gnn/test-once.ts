/**
 * One test-split figure for GraphSAGE with given options, computed exactly as `graphrec evaluate`
 * computes it (item-stratified 75/25 of MovieLens 100K, seed 42, k 10), for an option set chosen on
 * the validation carve (`tune.ts`) that is not the default. Run it once per chosen set: choosing
 * among sets by this figure would be tuning on the test data.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/test-once.ts '{"itemBias":true}' [path] [seeds] [first]
 * `seeds` (default 1): split seeds 42, 43, … as `graphrec evaluate --seeds`, one line each;
 * `first` (default 42) starts there instead, so seeds can run as parallel processes.
 */
import { datasetDir, evaluateRanking, itemStratifiedSplit, readMovielensData } from '@graphrec/eval';
import { GraphSageRecommender, initTf } from '@graphrec/gnn';
import type { GraphSageOptions } from '@graphrec/gnn';
import { trainDataFrom } from '@graphrec/recommend';
import { join } from 'node:path';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}');
  const path = process.argv[3] ?? datasetDir('movielens-100k');
  const seeds = Number(process.argv[4] ?? 1);
  const first = Number(process.argv[5] ?? 42);
  const { backend } = await initTf();
  const data = readMovielensData(join(path, 'u.data'));
  for (let seed = first; seed < first + seeds; seed++) await once(options, backend, data, seed);
}

async function once(options: Partial<GraphSageOptions>, backend: string, data: ReturnType<typeof readMovielensData>, seed: number): Promise<void> {
  const { train, test } = itemStratifiedSplit(data, { ratio: 0.75, seed });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, { users: train.users, items: train.items, weights: train.weights });
  const model = new GraphSageRecommender(options);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await model.fit(trainData);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const recs = Array.from({ length: data.userIds.length }, (_, u) => model.recommend(u, 10));
  const m = evaluateRanking(recs, test, 10, { train });
  const r = (x: number) => +x.toFixed(4);
  console.log(JSON.stringify({ options, seed, backend, trainSeconds: +seconds.toFixed(1), trainCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), bestEpoch: model.model.metrics.bestEpoch, epochs: model.model.metrics.epochs, map: r(m.map), ndcg: r(m.ndcg), precision: r(m.precision), recall: r(m.recall) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
