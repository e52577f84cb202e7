/**
 * Hit rate on a generated world's held-back final period: the generator keeps the purchases of
 * the last weeks out of the files (truth/holdout_purchases.csv); models train on the files only
 * and each held-back purchase counts as a hit when the product is in that user's top k. Products
 * the user already owns or bought are excluded (as serving does); viewed ones are not, since
 * people buy what they looked at. Pure: the caller projects the world and trains the models.
 */
import { readFileSync } from 'node:fs';
import type { Recommender } from './recommender';
import { TopK } from './topk';

export interface HeldBackPurchase {
  user: number;
  product: number;
}

/** A user's top k, never an excluded product. */
export type Scorer = (user: number, exclude: Set<number>) => Int32Array;

export interface HitRates {
  hitRate: number;
  /** Share of held-out users with at least one hit. */
  userHitRate: number;
}

export function scorerFromRecommender(model: Recommender, k: number): Scorer {
  return (user, exclude) => model.recommend(user, k, { exclude, includeSeen: true });
}

/** Dot product of row-major user and product vectors (GraphSAGE's embeddings are L2-normalised). */
export function scorerFromEmbeddings(users: Float32Array, products: Float32Array, dimension: number, k: number): Scorer {
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

/**
 * The generator's truth/holdout_purchases.csv as index pairs; rows whose user or product the
 * projection does not know are skipped (a model cannot be asked about them).
 */
export function readHeldBackPurchases(path: string, userIndex: (id: string) => number | undefined, productIndex: (id: string) => number | undefined): HeldBackPurchase[] {
  // The generator writes this file with plain ids (no quoting needed), so a split is a full parser here.
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(',');
  const [ui, pi] = [header.indexOf('user_id'), header.indexOf('product_id')];
  if (ui < 0 || pi < 0) throw new Error(`${path}: needs user_id and product_id columns`);
  const pairs: HeldBackPurchase[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const user = userIndex(cells[ui]);
    const product = productIndex(cells[pi]);
    if (user !== undefined && product !== undefined) pairs.push({ user, product });
  }
  return pairs;
}

export function hitRates(pairs: readonly HeldBackPurchase[], scorer: Scorer, held: (user: number) => Set<number>): HitRates {
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
