/**
 * The ranker on a validation carve of ML-100K train only (the item-stratified 75/25 protocol applied
 * again inside train, inner seed = seed + 1000), beside EASE λ 500 on the same carve: where settings
 * are chosen. Leaner than movielens.bench.ts (no explanation timings, no union recall at other N).
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/validate.bench.ts [--seed 42 --path DIR --ratio 0.75] [--generators JSON] [--options JSON] [--baselines JSON] [--blend JSON] [--ranker no] [--side no] [--times no]
 *
 * --blend '[[2,0,2],[1,1,0],…]': besides each baseline alone, the blends Σ w_g × (baseline g's score /
 * the user's best unseen score) over every unseen item, one weight per baseline in --baselines order
 * (what the ranker's base margin starts from, without the candidate union or the trees).
 */
import { datasetDir, evaluateRanking, itemStratifiedSplit, readMovielensData } from '@graphrec/eval';
import { DEFAULT_GENERATORS, entryTimes, GENERATOR_KINDS, GeneratorSpec, RankerOptions, RankerRecommender, RankTrain, readMovielensSideInfo } from '@graphrec/rank';
import { hasEntry } from '@graphrec/graph-model';
import { TopK, trainDataFrom } from '@graphrec/recommend';
import { join } from 'node:path';
import { arg } from '../support/args';

function text(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const path = text('path', '') || datasetDir('movielens-100k');
  const seed = arg('seed', 42);
  const generators = JSON.parse(text('generators', JSON.stringify(DEFAULT_GENERATORS))) as GeneratorSpec[];
  const extra = JSON.parse(text('options', '{}')) as RankerOptions;
  const data = readMovielensData(join(path, 'u.data'));
  const outer = itemStratifiedSplit(data, { ratio: 0.75, seed });
  // --ratio: the carve's train share (default 0.75, the test protocol's; 0.9 leaves the generators
  // closer to the amount of data they get on the test split).
  const { train, test } = itemStratifiedSplit(outer.train, { ratio: arg('ratio', 0.75), seed: seed + 1000 });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, train);
  const users = data.userIds.length;
  const out: Record<string, unknown> = { seed, on: 'validation', generators, options: extra };
  const metricsOf = (recs: Int32Array[]): Record<string, number> => {
    const m = evaluateRanking(recs, test, 10, { train });
    return { map: m.map, ndcg: m.ndcg, precision: m.precision, recall: m.recall };
  };
  // Each generator alone on the carve (JSON specs from --baselines, default the ranker's own).
  const baselines = JSON.parse(text('baselines', JSON.stringify(generators.filter((g) => g.kind !== 'popularity')))) as GeneratorSpec[];
  const blends = JSON.parse(text('blend', '[]')) as number[][];
  const relative: Float32Array[][] = [];
  const everyItem = Int32Array.from({ length: trainData.items }, (_, i) => i);
  for (const g of baselines) {
    const t = performance.now();
    const model = GENERATOR_KINDS[g.kind](g.options ?? {});
    // With the carve's timestamps, as the ranker's generators get them (time-popularity reads them).
    const timed: RankTrain = { ...trainData, times: entryTimes(trainData.matrix, train) };
    await model.fit(timed);
    out[g.name] = { ...metricsOf(Array.from({ length: users }, (_, u) => model.recommend(u, 10))), seconds: (performance.now() - t) / 1000 };
    if (blends.length) {
      relative.push(
        Array.from({ length: users }, (_, u) => {
          const s = model.score(u, everyItem);
          let best = 0;
          for (let i = 0; i < s.length; i++) if (!hasEntry(trainData.matrix, u, i)) best = Math.max(best, Math.abs(s[i]));
          return best > 0 ? s.map((v) => v / best) : s;
        }),
      );
    }
  }
  for (const w of blends) {
    const recs = Array.from({ length: users }, (_, u) => {
      const heap = new TopK(10);
      for (let i = 0; i < trainData.items; i++) {
        if (hasEntry(trainData.matrix, u, i)) continue;
        let s = 0;
        for (let g = 0; g < w.length; g++) s += w[g] * relative[g][u][i];
        heap.push(i, s);
      }
      return heap.result().items;
    });
    out[`blend ${w.join(',')}`] = metricsOf(recs);
  }
  if (text('ranker', 'yes') === 'yes') {
    // --side no / --times no: the ranker without u.user and u.item, or without timestamps (a bare log).
    const side = text('side', 'yes') === 'yes' ? readMovielensSideInfo(path, data.userIds, data.itemIds) : undefined;
    const events = text('times', 'yes') === 'yes' ? train : undefined;
    const ranker = new RankerRecommender({ generators, side, events, ...extra });
    await ranker.fit(trainData);
    out.ranker = metricsOf(Array.from({ length: users }, (_, u) => ranker.recommend(u, 10)));
    const r = ranker.report;
    out.report = r && { bestIteration: r.bestIteration, validationNdcg: r.validationNdcg, generatorValidationNdcg: r.generatorValidationNdcg, meanCandidates: r.meanCandidates, candidateRecall: r.candidateRecall, seconds: r.seconds };
    ranker.free();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) void main();
