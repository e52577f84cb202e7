/**
 * The learned ranker against unpruned binary item-kNN (cosine) on the large heavy-tailed implicit
 * catalogue of bench/recommend (libs/eval generateSyntheticImplicit, ≥ 10,000 items), split
 * item-stratified 75/25 (seed 42). EASE is left out of the candidates here: its dense n³ inverse
 * takes minutes per fit at this size and the ranker fits its generators twice. The ranker's own
 * settings are its defaults (chosen on MovieLens validation) with item-kNN as the first generator.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/large-catalogue.bench.ts [--users 20000 --items 12000 --seed 42 --max-users 5000]
 */
import { evaluateRanking, generateSyntheticImplicit, itemStratifiedSplit, relevantByUser, SYNTHETIC_DEFAULTS } from '@graphrec/eval';
import { GeneratorSpec, RankerRecommender } from '@graphrec/rank';
import { ItemKnnRecommender, trainDataFrom } from '@graphrec/recommend';
import { arg } from '../support/args';

const K = 10;

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const users = arg('users', SYNTHETIC_DEFAULTS.users);
  const items = arg('items', SYNTHETIC_DEFAULTS.items);
  const seed = arg('seed', SYNTHETIC_DEFAULTS.seed);
  const data = generateSyntheticImplicit({ users, items, seed });
  const { train, test } = itemStratifiedSplit(data, { ratio: 0.75, seed: 42 });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, train);
  log(`${data.users.length} interactions, ${data.userIds.length} users, ${data.itemIds.length} items`);
  const n = data.userIds.length;

  let started = performance.now();
  const knn = new ItemKnnRecommender({ neighbours: 'all' });
  await knn.fit(trainData);
  const knnFit = (performance.now() - started) / 1000;
  const knnMetrics = evaluateRanking(Array.from({ length: n }, (_, u) => knn.recommend(u, K)), test, K, { train });
  log(`item-kNN (binary, unpruned): MAP ${knnMetrics.map.toFixed(4)} nDCG ${knnMetrics.ndcg.toFixed(4)}, fit ${knnFit.toFixed(1)} s`);

  const generators: GeneratorSpec[] = [
    { name: 'itemknn', kind: 'itemknn', n: 100, options: { neighbours: 'all', weighting: 'binary' } },
    { name: 'pop', kind: 'popularity', n: 50 },
  ];
  started = performance.now();
  const ranker = new RankerRecommender({ generators, events: train, maxUsers: arg('max-users', 5000) });
  await ranker.fit(trainData);
  const rankerFit = (performance.now() - started) / 1000;
  const recs = Array.from({ length: n }, (_, u) => ranker.recommend(u, K));
  const m = evaluateRanking(recs, test, K, { train });
  const relevant = relevantByUser(test);
  let found = 0;
  let total = 0;
  for (let u = 0; u < n; u++) {
    if (!relevant[u].size) continue;
    const cands = new Set(ranker.candidates(u));
    for (const i of relevant[u]) if (cands.has(i)) found++;
    total += relevant[u].size;
  }
  log(`ranker: MAP ${m.map.toFixed(4)} nDCG ${m.ndcg.toFixed(4)}, fit ${rankerFit.toFixed(1)} s`);
  const result = {
    users,
    items,
    seed,
    itemknn: { map: knnMetrics.map, ndcg: knnMetrics.ndcg, precision: knnMetrics.precision, recall: knnMetrics.recall, fitSeconds: knnFit },
    ranker: { map: m.map, ndcg: m.ndcg, precision: m.precision, recall: m.recall, fitSeconds: rankerFit, candidateRecallTest: found / total },
    gain: { map: m.map / knnMetrics.map - 1, ndcg: m.ndcg / knnMetrics.ndcg - 1 },
    report: ranker.report,
  };
  ranker.free();
  process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
}

void main();
