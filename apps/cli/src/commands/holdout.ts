import { embedAll, initTf, trainGraphSage } from '@graphrec/gnn';
import { HeteroGraph, projectFromFiles } from '@graphrec/projection';
import { coEngagement, CooccurrenceRecommender, PopularityRecommender, productsHeld, Recommender, TopK, trainDataFromGraph } from '@graphrec/recommend';
import { Command } from 'commander';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bySimilarProducts, rankBy, RelatedHitRate, relatedHitRate, RelatedRanker } from './holdout-related';
import { parsePositiveInt } from './ingest';

/**
 * Hit rate on a generated world's held-back final period: the generator keeps the purchases of
 * the last weeks out of the files (truth/holdout_purchases.csv); models train on the files only
 * and each held-back purchase counts as a hit when the product is in that user's top k. Products
 * the user already owns or bought are excluded (as serving does); viewed ones are not, since
 * people buy what they looked at.
 *
 * Related items are scored on the same purchases (holdout-related.ts): for each product the user
 * already had, is the held-back purchase among its k related items? GraphSAGE ranks as SIMILAR_TO
 * serves (cosine plus the co-engagement share; cosine alone reported beside it), co-occurrence by
 * its item neighbours, popularity by holders.
 */
export interface HoldoutOptions {
  path: string;
  k: number;
  models: string;
  seed: number;
  epochs?: number;
  json?: string;
}

export interface HoldoutResult {
  hitRate: number;
  /** Share of held-out users with at least one hit. */
  userHitRate: number;
  /** Related items: share of (product the user had, held-back purchase) pairs with the purchase in the product's top k. */
  related: RelatedHitRate;
  /** GraphSAGE only: related items by embedding cosine alone (`related` is what SIMILAR_TO serves). */
  relatedCosineOnly?: RelatedHitRate;
  seconds: number;
}

type Scorer = (user: number, exclude: Set<number>) => Int32Array;

function fromRecommender(model: Recommender, k: number): Scorer {
  return (user, exclude) => model.recommend(user, k, { exclude, includeSeen: true });
}

function fromEmbeddings(users: Float32Array, products: Float32Array, dimension: number, k: number): Scorer {
  const count = products.length / dimension;
  return (user, exclude) => {
    const heap = new TopK(k);
    for (let p = 0; p < count; p++) {
      if (exclude.has(p)) continue;
      let dot = 0;
      for (let d = 0; d < dimension; d++) dot += users[user * dimension + d] * products[p * dimension + d];
      heap.push(p, dot);
    }
    return heap.result().items;
  };
}

// The generator writes this file with plain ids (no quoting needed), so a split is a full parser here.
const parseCsvLine = (line: string): string[] => line.split(',');

function readHoldout(path: string, graph: HeteroGraph): { user: number; product: number }[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = parseCsvLine(lines[0]);
  const [ui, pi] = [header.indexOf('user_id'), header.indexOf('product_id')];
  if (ui < 0 || pi < 0) throw new Error(`${path}: needs user_id and product_id columns`);
  const pairs: { user: number; product: number }[] = [];
  for (const line of lines.slice(1)) {
    const cells = parseCsvLine(line);
    const user = graph.nodes.User.indexOf(cells[ui]);
    const product = graph.nodes.Product.indexOf(cells[pi]);
    if (user !== undefined && product !== undefined) pairs.push({ user, product });
  }
  return pairs;
}

export function hitRates(pairs: { user: number; product: number }[], scorer: Scorer, held: (user: number) => Set<number>): Omit<HoldoutResult, 'seconds' | 'related'> {
  const byUser = new Map<number, number[]>();
  for (const { user, product } of pairs) {
    const products = byUser.get(user);
    if (products) products.push(product);
    else byUser.set(user, [product]);
  }
  let hits = 0;
  let usersHit = 0;
  for (const [user, products] of byUser) {
    const top = new Set(scorer(user, held(user)));
    const h = products.filter((p) => top.has(p)).length;
    hits += h;
    if (h > 0) usersHit++;
  }
  return { hitRate: pairs.length ? hits / pairs.length : 0, userHitRate: byUser.size ? usersHit / byUser.size : 0 };
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
  const pairs = readHoldout(truth, graph);
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
      scorer = fromEmbeddings(e.User, e.Product, e.dimension, options.k);
      related = bySimilarProducts(e.Product, e.dimension, co);
      extra = { relatedCosineOnly: relatedHitRate(pairs, held, bySimilarProducts(e.Product, e.dimension, co, { cosineOnly: true }), options.k) };
    } else {
      const train = trainDataFromGraph(graph, 'interacted');
      if (name === 'popularity') {
        const model = new PopularityRecommender({ conversions: { successes: graph.relations.purchased.out, trials: graph.relations.interacted.out } });
        model.fit(train);
        scorer = fromRecommender(model, options.k);
        related = rankBy(graph.nodes.Product.size, (_, other) => holders[other]);
      } else {
        const model = new CooccurrenceRecommender();
        model.fit(train);
        scorer = fromRecommender(model, options.k);
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
