/**
 * Hyper-parameter tuning on MovieLens 100K WITHOUT the test data: the item-stratified test split
 * (seed 42) is made and thrown away; a validation split is carved from its train part with the same
 * protocol, the model is fitted on the rest and scored on validation.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/tune.ts '{"layers":1}' [path]
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/tune.ts cooccurrence [path]   (the bar on the same split)
 *   a fourth argument changes the validation carve's seed (default 7): a second carve to check a choice on
 */
import { datasetDir, evaluateRanking, itemStratifiedSplit, readMovielensData, validationSplit } from '@graphrec/eval';
import { GraphSageRecommender, initTf } from '@graphrec/gnn';
import { CooccurrenceRecommender, Recommender, trainDataFrom } from '@graphrec/recommend';
import { join } from 'node:path';

async function main(): Promise<void> {
  const baseline = process.argv[2] === 'cooccurrence';
  const options = baseline ? {} : JSON.parse(process.argv[2] ?? '{}');
  const path = process.argv[3] ?? datasetDir('movielens-100k');
  const { backend } = await initTf();
  const data = readMovielensData(join(path, 'u.data'));
  const { train } = itemStratifiedSplit(data, { ratio: 0.75, seed: 42 });
  const { train: fitPart, validation } = validationSplit(train, { method: 'item-stratified', ratio: 0.75, seed: Number(process.argv[4] ?? 7) });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, { users: fitPart.users, items: fitPart.items, weights: fitPart.weights });
  const sage = new GraphSageRecommender(options, {
    onEpoch: (e) => process.stderr.write(`epoch ${e.epoch} loss ${e.loss.toFixed(4)} val ${e.validation.toFixed(4)} ${e.seconds.toFixed(1)}s\n`),
  });
  const model: Recommender = baseline ? new CooccurrenceRecommender() : sage;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await model.fit(trainData);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const recs = Array.from({ length: data.userIds.length }, (_, u) => model.recommend(u, 10));
  const m = evaluateRanking(recs, validation, 10, { train: fitPart });
  console.log(JSON.stringify({ options, backend, seconds: +seconds.toFixed(1), cpuSeconds: +cpuSeconds.toFixed(1), model: model.name, ...(baseline ? {} : { bestEpoch: sage.model.metrics.bestEpoch, epochs: sage.model.metrics.epochs }), map: +m.map.toFixed(4), ndcg: +m.ndcg.toFixed(4), precision: +m.precision.toFixed(4), recall: +m.recall.toFixed(4) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
