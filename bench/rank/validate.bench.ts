/**
 * The ranker on a validation carve of ML-100K train only (the item-stratified 75/25 protocol applied
 * again inside train, inner seed = seed + 1000), beside EASE λ 500 on the same carve: where settings
 * are chosen. Leaner than movielens.bench.ts (no explanation timings, no union recall at other N).
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/validate.bench.ts [--seed 42 --path DIR --ratio 0.75] [--generators JSON] [--options JSON] [--baselines rp3beta,...]
 */
import { datasetDir, evaluateRanking, itemStratifiedSplit, readMovielensData } from '@graphrec/eval';
import { DEFAULT_GENERATORS, GENERATOR_KINDS, GeneratorSpec, RankerOptions, RankerRecommender, readMovielensSideInfo } from '@graphrec/rank';
import { trainDataFrom } from '@graphrec/recommend';
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
  for (const g of baselines) {
    const t = performance.now();
    const model = GENERATOR_KINDS[g.kind](g.options ?? {});
    await model.fit(trainData);
    out[g.name] = { ...metricsOf(Array.from({ length: users }, (_, u) => model.recommend(u, 10))), seconds: (performance.now() - t) / 1000 };
  }
  if (text('ranker', 'yes') === 'yes') {
    const side = readMovielensSideInfo(path, data.userIds, data.itemIds);
    const ranker = new RankerRecommender({ generators, side, events: train, ...extra });
    await ranker.fit(trainData);
    out.ranker = metricsOf(Array.from({ length: users }, (_, u) => ranker.recommend(u, 10)));
    const r = ranker.report;
    out.report = r && { bestIteration: r.bestIteration, validationNdcg: r.validationNdcg, generatorValidationNdcg: r.generatorValidationNdcg, meanCandidates: r.meanCandidates, candidateRecall: r.candidateRecall, seconds: r.seconds };
    ranker.free();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) void main();
