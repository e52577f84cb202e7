import { embedAll, initTf, trainGraphSage } from '@graphrec/gnn';
import { HeteroGraph, projectFromFiles } from '@graphrec/projection';
import { graphRankerHoldoutScorer } from '@graphrec/rank';
import {
  bySimilarProducts,
  coEngagement,
  CooccurrenceRecommender,
  EaseRecommender,
  scaledEaseLambda,
  HeldBackPurchase,
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
  heldOutUsers,
  listSubstituteShare,
  oracleScorer,
  purchaseSubstituteShare,
  readPurchaseProbabilities,
  SubstituteShare,
  trainDataFromGraph,
  truncated,
} from '@graphrec/recommend';
import { Command } from 'commander';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEED, parsePositiveInt, parseSeed } from '../options';

/**
 * `graphrec evaluate-holdout`: trains each model on a generated world's files and scores it on the
 * held-back purchases (libs/recommend/src/holdout.ts, holdout-related.ts). Related items are scored
 * on the same purchases: GraphSAGE ranks as SIMILAR_TO serves (cosine plus the co-engagement share;
 * cosine alone reported beside it), co-occurrence by its item neighbours, popularity by holders.
 *
 * Worlds written with the purchase model (truth/purchase_model.json) also get the oracle — each
 * held-out user's products ranked by the true probabilities, same exclusions — beside the models,
 * each model's hit rate as a share of the oracle's, and the share of each top 5 that substitutes a
 * main device or plan the user holds, beside that share among the real held-back purchases.
 */
/** What `--models` can name; `ranker` is the learned ranker trained on the files' graph (libs/rank/src/graph). */
const HOLDOUT_MODELS = ['graphsage', 'popularity', 'cooccurrence', 'ease', 'ranker'];

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
  /** hitRate / the oracle's (worlds with a purchase model only). */
  shareOfOracle?: number;
  /** Share of the top SUBSTITUTE_LIST that substitutes a held main device or plan (worlds with a purchase model only). */
  substituteShareTop5?: SubstituteShare;
  seconds: number;
}

/** The oracle's figures: hit rates of the true probabilities' ranking. */
export interface OracleResult extends HitRates {
  substituteShareTop5: SubstituteShare;
}

/** Substitute shares are read off each list's first five: what a page or an email shows. */
const SUBSTITUTE_LIST = 5;

/** What evaluate-holdout needs from truth/purchase_model.json (the generator documents the rest). */
interface PurchaseModelFile {
  products: { id: string; category: string }[];
  substituteCategories: string[];
}

function readPurchaseModelFile(path: string): PurchaseModelFile {
  const doc: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const ok =
    typeof doc === 'object' &&
    doc !== null &&
    'products' in doc &&
    Array.isArray(doc.products) &&
    doc.products.every((p: unknown) => typeof p === 'object' && p !== null && 'id' in p && typeof p.id === 'string' && 'category' in p && typeof p.category === 'string') &&
    'substituteCategories' in doc &&
    Array.isArray(doc.substituteCategories) &&
    doc.substituteCategories.every((c: unknown) => typeof c === 'string');
  if (!ok) throw new Error(`${path}: expected products [{id, category}] and substituteCategories [string]`);
  return doc as PurchaseModelFile;
}

/** What the world's purchase model adds to the hit rates: the oracle and substitute shares. */
interface PurchaseModelScoring {
  oracle: OracleResult;
  heldBackSubstitutes: SubstituteShare;
  /** The share of substitutes in a scorer's top SUBSTITUTE_LIST for the held-out users. */
  substituteShare: (scorer: Scorer) => SubstituteShare;
}

/** Undefined for a world generated before the purchase model (no truth files to read). */
function againstPurchaseModel(
  path: string,
  graph: HeteroGraph,
  pairs: readonly HeldBackPurchase[],
  held: (user: number) => Set<number>,
  k: number,
  listLength: number,
): PurchaseModelScoring | undefined {
  const modelPath = join(path, 'truth', 'purchase_model.json');
  const probabilityPath = join(path, 'truth', 'holdout_probabilities.csv');
  if (!existsSync(modelPath) || !existsSync(probabilityPath)) return undefined;
  const file = readPurchaseModelFile(modelPath);
  const categoryOf: (string | undefined)[] = new Array(graph.nodes.Product.size);
  for (const p of file.products) {
    const index = graph.nodes.Product.indexOf(p.id);
    if (index !== undefined) categoryOf[index] = p.category;
  }
  const category = (p: number) => categoryOf[p];
  const substitutable = new Set(file.substituteCategories);
  const users = heldOutUsers(pairs);
  const substituteShare = (scorer: Scorer) => listSubstituteShare(users, truncated(scorer, SUBSTITUTE_LIST), held, category, substitutable);
  const probabilities = readPurchaseProbabilities(probabilityPath, (id) => graph.nodes.User.indexOf(id), (id) => graph.nodes.Product.indexOf(id));
  const truth = oracleScorer(probabilities, listLength);
  return {
    oracle: { ...hitRates(pairs, truncated(truth, k), held), substituteShareTop5: substituteShare(truth) },
    heldBackSubstitutes: purchaseSubstituteShare(pairs, held, category, substitutable),
    substituteShare,
  };
}

export async function runHoldout(options: HoldoutOptions): Promise<number> {
  const truth = join(options.path, 'truth', 'holdout_purchases.csv');
  if (!existsSync(truth)) {
    process.stderr.write(`graphrec evaluate-holdout: ${truth} not found (a folder written by graphrec generate is expected)\n`);
    return 2;
  }
  const models = options.models.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = models.filter((m) => !HOLDOUT_MODELS.includes(m));
  if (unknown.length || !models.length) {
    process.stderr.write(`graphrec evaluate-holdout: unknown model(s) ${unknown.join(', ') || '(none)'}; available: ${HOLDOUT_MODELS.join(', ')}\n`);
    return 2;
  }
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(options.path, f));
  const graph = await projectFromFiles(files, 'native');
  const pairs = readHeldBackPurchases(truth, (id) => graph.nodes.User.indexOf(id), (id) => graph.nodes.Product.indexOf(id));
  const heldCsr = productsHeld(graph);
  const held = (user: number) => new Set(heldCsr.targets.subarray(heldCsr.offsets[user], heldCsr.offsets[user + 1]));
  const co = coEngagement(heldCsr, graph.nodes.Product.size);
  const holders = co.holders;
  const users = heldOutUsers(pairs);
  // Lists are scored at k for hits and at their first five for substitutes: one scorer serves both.
  const listLength = Math.max(options.k, SUBSTITUTE_LIST);

  const truthScoring = againstPurchaseModel(options.path, graph, pairs, held, options.k, listLength);
  if (!truthScoring) {
    process.stdout.write(`no truth/purchase_model.json or truth/holdout_probabilities.csv (a world generated before the purchase model): oracle and substitute shares skipped\n`);
  }
  const oracle = truthScoring?.oracle;
  const heldBackSubstitutes = truthScoring?.heldBackSubstitutes;
  const substituteShare = truthScoring?.substituteShare;

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
      scorer = scorerFromEmbeddings(e.User, e.Product, e.dimension, listLength);
      related = bySimilarProducts(e.Product, e.dimension, co);
      extra = { relatedCosineOnly: relatedHitRate(pairs, held, bySimilarProducts(e.Product, e.dimension, co, { cosineOnly: true }), options.k) };
    } else {
      const train = trainDataFromGraph(graph, 'interacted');
      if (name === 'ease') {
        // Binary EASE with the ridge rule the ranker's EASE generator uses, so this row is that generator alone.
        const users = new Float64Array(graph.nodes.Product.size);
        for (let j = 0; j < train.matrix.targets.length; j++) users[train.matrix.targets[j]]++;
        const model = new EaseRecommender({ lambda: scaledEaseLambda(users) });
        await model.fit(train);
        scorer = scorerFromRecommender(model, listLength);
        related = (anchor, k) => rankBy(graph.nodes.Product.size, (a, other) => model.weight(a, other))(anchor, k);
      } else if (name === 'popularity') {
        const model = new PopularityRecommender({ conversions: { successes: graph.relations.purchased.out, trials: graph.relations.interacted.out } });
        model.fit(train);
        scorer = scorerFromRecommender(model, listLength);
        related = rankBy(graph.nodes.Product.size, (_, other) => holders[other]);
      } else {
        const model = new CooccurrenceRecommender();
        model.fit(train);
        related = (anchor, k) => model.similarItems(anchor, k).map((c) => c.item);
        // The ranker serves user lists only; its related items are co-occurrence's, as served.
        scorer = name === 'ranker' ? await graphRankerHoldoutScorer(options.path, graph, listLength, options.seed) : scorerFromRecommender(model, listLength);
      }
    }
    const rates = hitRates(pairs, truncated(scorer, options.k), held);
    if (oracle && substituteShare) {
      extra = { ...extra, shareOfOracle: oracle.hitRate > 0 ? rates.hitRate / oracle.hitRate : 0, substituteShareTop5: substituteShare(scorer) };
    }
    results[name] = { ...rates, related: relatedHitRate(pairs, held, related, options.k), ...extra, seconds: (performance.now() - started) / 1000 };
  }
  process.stdout.write(`held-back purchases: ${pairs.length} (${users.length} users), k ${options.k}\n`);
  const k = String(options.k);
  process.stdout.write(`model          hit rate@${k}  of oracle  user hit rate  related hit rate@${k}  substitutes in top ${SUBSTITUTE_LIST}  seconds\n`);
  const row = (name: string, r: HitRates, ofOracle: number | undefined, related: number | undefined, substitutes: SubstituteShare | undefined, seconds: number | undefined): void => {
    const cell = (v: number | undefined, width: number, digits = 4) => (v === undefined ? '-' : v.toFixed(digits)).padStart(width);
    process.stdout.write(
      `${name.padEnd(14)} ${cell(r.hitRate, 10 + k.length)}  ${cell(ofOracle, 9)}  ${cell(r.userHitRate, 13)}  ${cell(related, 17 + k.length)}  ${cell(substitutes?.share, 20)}  ${cell(seconds, 7, 1)}\n`,
    );
  };
  if (oracle) row('oracle', oracle, 1, undefined, oracle.substituteShareTop5, undefined);
  for (const [name, r] of Object.entries(results)) row(name, r, r.shareOfOracle, r.related.hitRate, r.substituteShareTop5, r.seconds);
  if (heldBackSubstitutes) {
    process.stdout.write(`held-back purchases that substitute a held main device or plan: ${heldBackSubstitutes.share.toFixed(4)} (${heldBackSubstitutes.substitutes} of ${heldBackSubstitutes.items})\n`);
  }
  const anyResult = Object.values(results)[0];
  if (anyResult) process.stdout.write(`related items scored on ${anyResult.related.pairs} (product the user had, held-back purchase) pairs\n`);
  const cosineOnly = results.graphsage?.relatedCosineOnly;
  if (cosineOnly) process.stdout.write(`graphsage related items by embedding cosine alone: ${cosineOnly.hitRate.toFixed(4)} (served: cosine + co-engagement share)\n`);
  if (options.json) {
    const tmp = `${options.json}.tmp-${process.pid}`;
    const heldBack = { purchases: pairs.length, users: users.length, ...(heldBackSubstitutes ? { substituteShare: heldBackSubstitutes } : {}) };
    writeFileSync(tmp, JSON.stringify({ path: options.path, k: options.k, pairs: pairs.length, results, ...(oracle ? { oracle } : {}), heldBack }, null, 2) + '\n');
    renameSync(tmp, options.json);
  }
  return 0;
}

export function holdoutCommand(): Command {
  return new Command('evaluate-holdout')
    .description("hit rate@k on a generated world's held-back final period of purchases (models trained on the files only)")
    .requiredOption('--path <dir>', 'a folder written by graphrec generate')
    .option('--k <n>', 'list length', (v) => parsePositiveInt(v, '--k'), 10)
    .option('--models <list>', `comma-separated: ${HOLDOUT_MODELS.join(', ')}`, 'graphsage,popularity,cooccurrence')
    .option('--seed <n>', 'training seed', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--epochs <n>', 'GraphSAGE epochs at most', (v) => parsePositiveInt(v, '--epochs'))
    .option('--json <file>', 'also write the results as JSON')
    .action(async (options: HoldoutOptions) => {
      process.exitCode = await runHoldout(options);
    });
}
