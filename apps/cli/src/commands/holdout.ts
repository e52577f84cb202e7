import { embedAll, initTf, trainGraphSage } from '@graphrec/gnn';
import { projectFromFiles } from '@graphrec/projection';
import {
  bySimilarProducts,
  coEngagement,
  CooccurrenceRecommender,
  HitRates,
  PopularityRecommender,
  productsHeld,
  rankBy,
  readHeldBackPurchases,
  RelatedHitRate,
  relatedHitRate,
  RelatedRanker,
  Scorer,
  scorerFromEmbeddings,
  scorerFromRecommender,
  hitRates,
  trainDataFromGraph,
} from '@graphrec/recommend';
import { Command } from 'commander';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePositiveInt } from './ingest';

/**
 * `graphrec evaluate-holdout`: trains each model on a generated world's files and scores it on the
 * held-back purchases (libs/recommend/src/holdout.ts, holdout-related.ts). Related items are scored
 * on the same purchases: GraphSAGE ranks as SIMILAR_TO serves (cosine plus the co-engagement share;
 * cosine alone reported beside it), co-occurrence by its item neighbours, popularity by holders.
 */
export interface HoldoutOptions {
  path: string;
  k: number;
  models: string;
  seed: number;
  epochs?: number;
  json?: string;
}

export interface HoldoutResult extends HitRates {
  /** Related items: share of (product the user had, held-back purchase) pairs with the purchase in the product's top k. */
  related: RelatedHitRate;
  /** GraphSAGE only: related items by embedding cosine alone (`related` is what SIMILAR_TO serves). */
  relatedCosineOnly?: RelatedHitRate;
  seconds: number;
}

export async function runHoldout(options: HoldoutOptions): Promise<number> {
  const truth = join(options.path, 'truth', 'holdout_purchases.csv');
  if (!existsSync(truth)) {
    process.stderr.write(`graphrec evaluate-holdout: ${truth} not found (a folder written by graphrec generate is expected)\n`);
    return 2;
  }
  const models = options.models.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = models.filter((m) => !['graphsage', 'popularity', 'cooccurrence'].includes(m));
  if (unknown.length || !models.length) {
    process.stderr.write(`graphrec evaluate-holdout: unknown model(s) ${unknown.join(', ') || '(none)'}; available: graphsage, popularity, cooccurrence\n`);
    return 2;
  }
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(options.path, f));
  const graph = await projectFromFiles(files, 'native');
  const pairs = readHeldBackPurchases(truth, (id) => graph.nodes.User.indexOf(id), (id) => graph.nodes.Product.indexOf(id));
  const heldCsr = productsHeld(graph);
  const held = (user: number) => new Set(heldCsr.targets.subarray(heldCsr.offsets[user], heldCsr.offsets[user + 1]));
  const co = coEngagement(heldCsr, graph.nodes.Product.size);
  const holders = co.holders;
  const results: Record<string, HoldoutResult> = {};
  for (const name of models) {
    const started = performance.now();
    let scorer: Scorer;
    let related: RelatedRanker;
    let extra: Partial<HoldoutResult> = {};
    if (name === 'graphsage') {
      await initTf();
      const model = await trainGraphSage(graph, { seed: options.seed, ...(options.epochs ? { epochs: options.epochs } : {}) });
      const e = embedAll(model, graph);
      scorer = scorerFromEmbeddings(e.User, e.Product, e.dimension, options.k);
      related = bySimilarProducts(e.Product, e.dimension, co);
      extra = { relatedCosineOnly: relatedHitRate(pairs, held, bySimilarProducts(e.Product, e.dimension, co, { cosineOnly: true }), options.k) };
    } else {
      const train = trainDataFromGraph(graph, 'interacted');
      if (name === 'popularity') {
        const model = new PopularityRecommender({ conversions: { successes: graph.relations.purchased.out, trials: graph.relations.interacted.out } });
        model.fit(train);
        scorer = scorerFromRecommender(model, options.k);
        related = rankBy(graph.nodes.Product.size, (_, other) => holders[other]);
      } else {
        const model = new CooccurrenceRecommender();
        model.fit(train);
        scorer = scorerFromRecommender(model, options.k);
        related = (anchor, k) => model.similarItems(anchor, k).map((c) => c.item);
      }
    }
    results[name] = { ...hitRates(pairs, scorer, held), related: relatedHitRate(pairs, held, related, options.k), ...extra, seconds: (performance.now() - started) / 1000 };
  }
  process.stdout.write(`held-back purchases: ${pairs.length} (${new Set(pairs.map((p) => p.user)).size} users), k ${options.k}\n`);
  process.stdout.write(`model          hit rate@${options.k}  user hit rate  related hit rate@${options.k}  seconds\n`);
  for (const [name, r] of Object.entries(results)) {
    const relatedCell = r.related.hitRate.toFixed(4).padStart(17 + String(options.k).length);
    process.stdout.write(`${name.padEnd(14)} ${r.hitRate.toFixed(4).padStart(11)}  ${r.userHitRate.toFixed(4).padStart(13)}  ${relatedCell}  ${r.seconds.toFixed(1).padStart(7)}\n`);
  }
  const anyResult = Object.values(results)[0];
  if (anyResult) process.stdout.write(`related items scored on ${anyResult.related.pairs} (product the user had, held-back purchase) pairs\n`);
  const cosineOnly = results.graphsage?.relatedCosineOnly;
  if (cosineOnly) process.stdout.write(`graphsage related items by embedding cosine alone: ${cosineOnly.hitRate.toFixed(4)} (served: cosine + co-engagement share)\n`);
  if (options.json) {
    const tmp = `${options.json}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ path: options.path, k: options.k, pairs: pairs.length, results }, null, 2) + '\n');
    renameSync(tmp, options.json);
  }
  return 0;
}

export function holdoutCommand(): Command {
  return new Command('evaluate-holdout')
    .description("hit rate@k on a generated world's held-back final period of purchases (models trained on the files only)")
    .requiredOption('--path <dir>', 'a folder written by graphrec generate')
    .option('--k <n>', 'list length', (v) => parsePositiveInt(v, '--k'), 10)
    .option('--models <list>', 'comma-separated: graphsage, popularity, cooccurrence', 'graphsage,popularity,cooccurrence')
    .option('--seed <n>', 'training seed', (v) => parsePositiveInt(v, '--seed'), 42)
    .option('--epochs <n>', 'GraphSAGE epochs at most', (v) => parsePositiveInt(v, '--epochs'))
    .option('--json <file>', 'also write the results as JSON')
    .action(async (options: HoldoutOptions) => {
      process.exitCode = await runHoldout(options);
    });
}
