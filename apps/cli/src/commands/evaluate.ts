import {
  Interactions,
  InteractionsFormatError,
  ModelResult,
  ResultSummary,
  evaluateRanking,
  formatTable,
  itemStratifiedSplit,
  readInteractionsCsv,
  readMovielensData,
  summarise,
  temporalSplit,
} from '@graphrec/eval';
import { GraphSageRecommender } from '@graphrec/gnn';
import { RankerRecommender, readMovielensSideInfo } from '@graphrec/rank';
import { CooccurrenceRecommender, EaseRecommender, ItemKnnRecommender, PopularityRecommender, Recommender, trainDataFrom } from '@graphrec/recommend';
import { Command, Option } from 'commander';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePositiveInt } from './ingest';

/** What a model may use beyond the train matrix: the train split's events and the input's side files. */
interface ModelContext {
  train: Interactions;
  options: EvaluateOptions;
}

/** Models `--models` can name. GraphSAGE trains with its own seed fixed, so only the split varies between seeds. */
const MODELS: Record<string, (context: ModelContext) => Recommender> = {
  popularity: () => new PopularityRecommender(),
  cooccurrence: () => new CooccurrenceRecommender(),
  graphsage: () => new GraphSageRecommender(),
  ease: () => new EaseRecommender(),
  itemknn: () => new ItemKnnRecommender(),
  // The learned ranker (libs/rank, XGBoost LambdaMART): its labels come out of train, never test;
  // MovieLens' u.user / u.item give it demographics and genres when present.
  ranker: ({ train, options }) =>
    new RankerRecommender({
      events: train,
      side: options.format === 'movielens' ? readMovielensSideInfo(options.path, train.userIds, train.itemIds) : undefined,
    }),
};

interface EvaluateOptions {
  format: 'movielens' | 'interactions';
  path: string;
  protocol: 'item-stratified' | 'temporal';
  seed: number;
  seeds: number;
  k: number;
  models: string;
  json?: string;
}

class UsageError extends Error {}

function load(options: EvaluateOptions): Interactions {
  if (!existsSync(options.path)) throw new UsageError(`${options.path}: no such file or folder`);
  return options.format === 'movielens' ? readMovielensData(join(options.path, 'u.data')) : readInteractionsCsv(options.path);
}

/** One split, every model trained on train only and scored once on test. */
async function evaluateOnce(data: Interactions, options: EvaluateOptions, seed: number, models: string[]): Promise<Record<string, ModelResult>> {
  const { train, test } =
    options.protocol === 'item-stratified' ? itemStratifiedSplit(data, { ratio: 0.75, seed }) : temporalSplit(data, { testShare: 0.2 });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, { users: train.users, items: train.items, weights: train.weights });
  const results: Record<string, ModelResult> = {};
  for (const name of models) {
    const model = MODELS[name]({ train, options });
    const started = performance.now();
    // GraphSAGE's fit is async (the TensorFlow.js backend starts asynchronously); the baselines' is not.
    await model.fit(trainData);
    const trainSeconds = (performance.now() - started) / 1000;
    const recs = Array.from({ length: data.userIds.length }, (_, user) => model.recommend(user, options.k));
    const m = evaluateRanking(recs, test, options.k, { train });
    results[name] = { map: m.map, ndcg: m.ndcg, precision: m.precision, recall: m.recall, coverage: m.coverage, train_seconds: trainSeconds };
  }
  return results;
}

export async function runEvaluate(options: EvaluateOptions): Promise<number> {
  const models = options.models.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = models.filter((m) => !(m in MODELS));
  try {
    if (!models.length || unknown.length) {
      throw new UsageError(`unknown model(s) ${unknown.join(', ') || '(none given)'}; available: ${Object.keys(MODELS).join(', ')}`);
    }
    const data = load(options);
    const seeds = Array.from({ length: options.seeds }, (_, i) => options.seed + i);
    const runs: Record<string, ModelResult>[] = [];
    for (const seed of seeds) runs.push(await evaluateOnce(data, options, seed, models));
    const results: Record<string, ModelResult | ResultSummary> = {};
    for (const name of models) results[name] = runs.length === 1 ? runs[0][name] : summarise(runs.map((r) => r[name]));
    process.stdout.write(
      `${options.protocol} split of ${data.users.length} interactions (${data.userIds.length} users, ${data.itemIds.length} items), k ${options.k}, ` +
        `seed${seeds.length > 1 ? `s ${seeds.join(', ')}` : ` ${options.seed}`}\n${formatTable(results)}\n`,
    );
    if (options.json) {
      const report = { protocol: options.protocol, seed: options.seed, seeds: seeds.length, k: options.k, results };
      const tmp = `${options.json}.tmp-${process.pid}`;
      writeFileSync(tmp, JSON.stringify(report, null, 2) + '\n');
      renameSync(tmp, options.json);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InteractionsFormatError) {
      process.stderr.write(`graphrec evaluate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description('offline evaluation on held-out data: split, train on train only, score top-k once on test')
    .addOption(new Option('--format <format>', 'input format').choices(['movielens', 'interactions']).default('movielens'))
    .requiredOption('--path <path>', 'MovieLens 100K folder, or an interactions CSV (user_id,item_id[,weight][,timestamp])')
    .addOption(new Option('--protocol <protocol>', 'split').choices(['item-stratified', 'temporal']).default('item-stratified'))
    .option('--seed <n>', 'split seed', (v) => parsePositiveInt(v, '--seed'), 42)
    .option('--seeds <n>', 'repeat over this many split seeds (seed, seed+1, ...) and report mean ± std', (v) => parsePositiveInt(v, '--seeds'), 1)
    .option('--k <n>', 'list length', (v) => parsePositiveInt(v, '--k'), 10)
    .option('--models <list>', `comma-separated: ${Object.keys(MODELS).join(', ')}`, 'popularity,cooccurrence')
    .option('--json <file>', 'also write the results as JSON')
    .action(async (options: EvaluateOptions) => {
      process.exitCode = await runEvaluate(options);
    });
}
