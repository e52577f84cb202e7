/**
 * Hit rate on a generated world's held-back final period: the generator keeps the purchases of
 * the last weeks out of the files (truth/holdout_purchases.csv); models train on the files only
 * and each held-back purchase counts as a hit when the product is in that user's top k. Products
 * the user already owns or bought are excluded (as serving does); viewed ones are not, since
 * people buy what they looked at. Pure: the caller projects the world and trains the models.
 *
 * The generator draws those purchases from a written purchase model and gives each held-out user's
 * true probabilities (truth/holdout_probabilities.csv): ranking by them is the oracle, the best
 * list in expectation, which every model's hit rate is compared with. Substitute shares say how
 * often a list (or the real purchases) offers a second product of a category the user already has
 * a main device or plan of, which real customers rarely buy.
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

/** The first k of another scorer's lists (scorers are best first), so one scorer serves several list lengths. */
export function truncated(scorer: Scorer, k: number): Scorer {
  return (user, exclude) => scorer(user, exclude).subarray(0, k);
}

/** Each held-out user's true purchase probability per product (absent: 0). */
export type PurchaseProbabilities = Map<number, Map<number, number>>;

/**
 * The generator's truth/holdout_probabilities.csv (`user_id,product_id,state,probability`) as
 * indices; rows of users or products the projection does not know are skipped.
 */
export function readPurchaseProbabilities(path: string, userIndex: (id: string) => number | undefined, productIndex: (id: string) => number | undefined): PurchaseProbabilities {
  // Written by the generator with plain ids and numbers: a split is a full parser here.
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(',');
  const [ui, pi, qi] = [header.indexOf('user_id'), header.indexOf('product_id'), header.indexOf('probability')];
  if (ui < 0 || pi < 0 || qi < 0) throw new Error(`${path}: needs user_id, product_id and probability columns`);
  const out: PurchaseProbabilities = new Map();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const user = userIndex(cells[ui]);
    const product = productIndex(cells[pi]);
    const probability = Number(cells[qi]);
    if (user === undefined || product === undefined) continue;
    if (!(probability >= 0 && probability <= 1)) throw new Error(`${path}: probability must be in [0, 1], got "${cells[qi]}"`);
    let row = out.get(user);
    if (!row) out.set(user, (row = new Map()));
    row.set(product, probability);
  }
  return out;
}

/**
 * The oracle: a user's products by true purchase probability, best first, with the models'
 * exclusions; ties to the lower index (as TopK). Products the user cannot buy (probability 0) are
 * never listed, so a list may be shorter than k.
 */
export function oracleScorer(probabilities: PurchaseProbabilities, k: number): Scorer {
  return (user, exclude) => {
    const heap = new TopK(k);
    for (const [product, p] of probabilities.get(user) ?? []) if (p > 0 && !exclude.has(product)) heap.push(product, p);
    return heap.result().items;
  };
}

/** Share of listed (or bought) products that substitute a main device or plan the user holds. */
export interface SubstituteShare {
  share: number;
  substitutes: number;
  /** Products looked at: list entries, or held-back purchases. */
  items: number;
}

/**
 * Whether `product` is a substitute for the user: not held itself, of a substitutable category
 * (main devices, plan tiers), and another held product has that category.
 */
export function isSubstitute(product: number, held: ReadonlySet<number>, category: (product: number) => string | undefined, substitutable: ReadonlySet<string>): boolean {
  const c = category(product);
  if (c === undefined || !substitutable.has(c) || held.has(product)) return false;
  for (const h of held) if (h !== product && category(h) === c) return true;
  return false;
}

/** Substitute share of each held-out user's list (the scorer's, with the usual exclusions). */
export function listSubstituteShare(
  users: Iterable<number>,
  scorer: Scorer,
  held: (user: number) => Set<number>,
  category: (product: number) => string | undefined,
  substitutable: ReadonlySet<string>,
): SubstituteShare {
  let items = 0;
  let substitutes = 0;
  for (const user of users) {
    const h = held(user);
    for (const p of scorer(user, h)) {
      items++;
      if (isSubstitute(p, h, category, substitutable)) substitutes++;
    }
  }
  return { share: items ? substitutes / items : 0, substitutes, items };
}

/** Substitute share of the held-back purchases themselves: how often customers really buy one. */
export function purchaseSubstituteShare(
  pairs: readonly HeldBackPurchase[],
  held: (user: number) => Set<number>,
  category: (product: number) => string | undefined,
  substitutable: ReadonlySet<string>,
): SubstituteShare {
  let substitutes = 0;
  for (const { user, product } of pairs) if (isSubstitute(product, held(user), category, substitutable)) substitutes++;
  return { share: pairs.length ? substitutes / pairs.length : 0, substitutes, items: pairs.length };
}

/** Held-out users, in order of first appearance. */
export function heldOutUsers(pairs: readonly HeldBackPurchase[]): number[] {
  return [...new Set(pairs.map((p) => p.user))];
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
