/**
 * Serving reads over the current embeddings run: related items (SIMILAR_TO of the run), user
 * recommendations (the user's vector against the slot's vector index) and ranking of given
 * products, each item with an explanation from the graph. They read the current run's slot only,
 * so a run being written never shows, and they keep answering while one is written.
 *
 * Cold start (documented in the README): a user without an embedding in the run — one who arrived
 * after training — is embedded as the normalised mean of the embeddings of the products it owns,
 * bought or recently touched (`history`); with no usable history at all, products are ranked by
 * Beta-smoothed conversion rate (`popularity`).
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { assertSlot, EmbeddingSlot, slotProperties, vectorIndexName, WritebackError } from '@graphrec/writeback';
import { Link, Near, relatedEvidence, sentence, userEvidence } from './explain';
import { rankerRank, rankerRecommend, RankerServingOptions, readRankerUser } from './ranker-serving';
import type { RelatedAnswer, RelatedFilter, ScoredItem, ServingStrategy, UserAnswer, UserFilter } from './serving-types';

type EmbeddingStrategy = Exclude<ServingStrategy, 'ranker'>;

export const MAX_K = 100;
/** Most ids one batched call accepts (a page of products, a ranking request). */
export const MAX_IDS = 1_000;
/** How many of a user's latest events count as "recent" for explanations and cold start. */
const RECENT_EVENTS = 20;

/** BAD_INPUT unless k is in 1..MAX_K (the cached paths check before looking in the cache, too). */
export function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new WritebackError('BAD_INPUT', `k must be an integer in 1..${MAX_K}, got ${k}`);
}

/** The ids without repeats; BAD_INPUT beyond MAX_IDS. */
export function checkIds(ids: readonly string[], what: string): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_IDS) throw new WritebackError('BAD_INPUT', `at most ${MAX_IDS} ${what} per request, got ${unique.length}`);
  return unique;
}

const categoriesParam = (categories: readonly string[] | undefined): string[] | null => (categories && categories.length ? [...categories] : null);

interface RelatedRow {
  productId: string;
  name: string;
  runId: string | null;
  holders: number | null;
  /** `cosine` is null on runs written before it was stored (their score was the cosine). */
  items: { productId: string; name: string; category: string | null; score: number; cosine: number | null; coUsers: number | null; share: number | null }[];
}

/** Related items for many products in one query (for DataLoader); unknown ids are absent from the map. */
export async function relatedItemsMany(db: GraphDb, productIds: readonly string[], k: number, filter: RelatedFilter = {}): Promise<Map<string, RelatedAnswer>> {
  checkK(k);
  const ids = checkIds(productIds, 'product ids');
  const rows = await db.read<RelatedRow>(cypher('serving/related'), {
    productIds: ids,
    k: neo4j.int(k),
    categories: categoriesParam(filter.categories),
    exclude: [...(filter.excludeProductIds ?? [])],
  });
  const answers = new Map<string, RelatedAnswer>();
  for (const row of rows) {
    const items: ScoredItem[] = row.items.map((item, i) => {
      const evidence = relatedEvidence(row.name, item.name, item.share, item.coUsers, row.holders, item.cosine ?? item.score);
      return { productId: item.productId, name: item.name, category: item.category, score: item.score, rank: i + 1, explanation: sentence(evidence), evidence, owned: false };
    });
    answers.set(row.productId, { productId: row.productId, runId: row.runId, items });
  }
  return answers;
}

/** Related items of one product; NOT_FOUND for an unknown product, BAD_INPUT for k outside 1..100. */
export async function relatedItems(db: GraphDb, productId: string, k: number, filter?: RelatedFilter): Promise<RelatedAnswer> {
  const answer = (await relatedItemsMany(db, [productId], k, filter)).get(productId);
  if (!answer) throw new WritebackError('NOT_FOUND', `no product with id "${productId}"`);
  return answer;
}

interface UserContext {
  userId: string;
  runId: string | null;
  slot: EmbeddingSlot | null;
  embedding: number[] | null;
  owned: Set<string>;
  purchased: Set<string>;
  recent: string[];
}

interface ProductRow {
  productId: string;
  name: string;
  category: string | null;
  embedding: number[] | null;
  popularity: number | null;
  buyers: number | null;
  engaged: number | null;
  links: Link[];
  score?: number;
  near?: Near[];
}

function productParams(ctx: UserContext) {
  const props = ctx.slot ? slotProperties(ctx.slot) : null;
  return {
    runId: ctx.runId,
    prop: props?.embedding ?? null,
    popularity: props?.popularity ?? null,
    buyers: props?.buyers ?? null,
    engaged: props?.engaged ?? null,
    mine: [...new Set([...ctx.owned, ...ctx.purchased])],
  };
}

async function productsById(db: GraphDb, ctx: UserContext, productIds: string[] | null, exclude: string[], categories: string[] | null): Promise<ProductRow[]> {
  return db.read<ProductRow>(cypher('serving/products-by-id'), { ...productParams(ctx), productIds, exclude, categories });
}

/** The normalised mean of the given products' embeddings, or null when none has one. */
function meanVector(rows: ProductRow[]): number[] | null {
  const vectors = rows.map((r) => r.embedding).filter((v): v is number[] => v !== null && v.length > 0);
  if (!vectors.length) return null;
  const mean = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) v.forEach((x, d) => (mean[d] += x));
  const norm = Math.hypot(...mean);
  return norm > 0 ? mean.map((x) => x / norm) : null;
}

/** Cosine, as Cypher's vector.similarity.cosine computes it for recommendations ((1 + cos) / 2 there). */
const cosine = (a: readonly number[], b: readonly number[]): number => {
  const dot = a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
  const norms = Math.hypot(...a) * Math.hypot(...b);
  return norms > 0 ? dot / norms : 0;
};

/** The user's vector and how it was obtained (see the module comment for the cold-start strategy). */
async function userVector(db: GraphDb, ctx: UserContext): Promise<{ strategy: EmbeddingStrategy; vector: number[] | null }> {
  if (!ctx.slot) return { strategy: 'popularity', vector: null };
  if (ctx.embedding && ctx.embedding.length) return { strategy: 'embeddings', vector: ctx.embedding };
  const touched = [...new Set([...ctx.owned, ...ctx.purchased, ...ctx.recent])];
  if (!touched.length) return { strategy: 'popularity', vector: null };
  const vector = meanVector(await productsById(db, ctx, touched, [], null));
  return vector ? { strategy: 'history', vector } : { strategy: 'popularity', vector: null };
}

function toItems(ctx: UserContext, strategy: EmbeddingStrategy, rows: ProductRow[]): ScoredItem[] {
  const history = { owned: ctx.owned, purchased: ctx.purchased };
  return rows.map((row, i) => {
    const evidence = userEvidence(row.name, history, row.links, row.near ?? [], { strategy, popularity: row.popularity, buyers: row.buyers, engaged: row.engaged });
    const owned = ctx.owned.has(row.productId) || ctx.purchased.has(row.productId);
    return { productId: row.productId, name: row.name, category: row.category, score: row.score ?? 0, rank: i + 1, explanation: sentence(evidence), evidence, owned };
  });
}

const byScore = (a: ProductRow, b: ProductRow): number => (b.score ?? 0) - (a.score ?? 0) || a.productId.localeCompare(b.productId);

interface RecommendRow {
  userId: string;
  runId: string | null;
  slot: string | null;
  embedding: number[] | null;
  owned: string[];
  purchased: string[];
  recent: { productId: string }[];
  /** Empty, not null, when the query did not search (no run, no vector, or `search: false`). */
  items: ProductRow[];
}

interface UserQuery {
  k: number;
  margin: number;
  excludeOwned: boolean;
  excludePurchased: boolean;
  categories: string[] | null;
  /** false: read the user's context and vector only (ranking given products). */
  search: boolean;
}

/** The user's context and, when `search` and the user has a vector in the served run, its nearest products; one round trip. */
async function readUser(db: GraphDb, userId: string, q: UserQuery): Promise<{ ctx: UserContext; items: ProductRow[] | null }> {
  const [row] = await db.read<RecommendRow>(cypher('serving/user-recommend'), {
    userId,
    k: neo4j.int(q.k),
    margin: neo4j.int(q.margin),
    excludeOwned: q.excludeOwned,
    excludePurchased: q.excludePurchased,
    categories: q.categories,
    search: q.search,
    recentEvents: neo4j.int(RECENT_EVENTS),
  });
  if (!row) throw new WritebackError('NOT_FOUND', `no user with id "${userId}"`);
  const ctx: UserContext = {
    userId: row.userId,
    runId: row.slot === null ? null : row.runId,
    slot: row.slot === null ? null : assertSlot(row.slot),
    embedding: row.embedding,
    owned: new Set(row.owned),
    purchased: new Set(row.purchased),
    recent: [...new Set(row.recent.map((r) => r.productId))],
  };
  return { ctx, items: q.search && row.embedding !== null ? row.items : null };
}

/**
 * Top-k products for a user with explanations; NOT_FOUND for an unknown user, BAD_INPUT for k
 * outside 1..100. With a ranker trained for the served run (`graphrec train-ranker`), the ranker
 * answers (`strategy: 'ranker'`, one read); otherwise the embeddings path below.
 */
export async function recommendForUser(db: GraphDb, userId: string, k: number, filter: UserFilter = {}, options: RankerServingOptions = {}): Promise<UserAnswer> {
  checkK(k);
  const rankerRow = await readRankerUser(db, userId);
  if (!rankerRow) throw new WritebackError('NOT_FOUND', `no user with id "${userId}"`);
  const ranked = rankerRecommend(rankerRow, k, filter, options);
  if (ranked) return ranked;
  const excludeOwned = filter.excludeOwned ?? true;
  const excludePurchased = filter.excludePurchased ?? true;
  const categories = categoriesParam(filter.categories);
  // The common case, a user with a vector in the served run, is one round trip.
  // Over-fetch so that category filters still leave k; exclusions are added in the query.
  const { ctx, items } = await readUser(db, userId, { k, margin: categories ? 200 : 20, excludeOwned, excludePurchased, categories, search: true });
  // Sorted here too: Cypher keeps the ORDER BY through collect() in practice, but does not promise it.
  if (items) return { userId: ctx.userId, runId: ctx.runId, strategy: 'embeddings', items: toItems(ctx, 'embeddings', [...items].sort(byScore)) };

  const exclude = [...new Set([...(excludeOwned ? ctx.owned : []), ...(excludePurchased ? ctx.purchased : [])])];
  const { strategy, vector } = await userVector(db, ctx);
  let rows: ProductRow[];
  if (vector && ctx.slot) {
    const candidates = Math.min(k + exclude.length + (categories ? 200 : 20), 10_000);
    rows = await db.read<ProductRow & { score: number }>(cypher('serving/products-by-vector'), {
      ...productParams(ctx),
      index: vectorIndexName('Product', ctx.slot),
      candidates: neo4j.int(candidates),
      vector,
      k: neo4j.int(k),
      exclude,
      categories,
      recentIds: ctx.recent.filter((id) => !ctx.owned.has(id) && !ctx.purchased.has(id)),
    });
    // The index returns (1 + cosine) / 2; report the cosine itself, as rank does.
    rows = rows.map((r) => ({ ...r, score: 2 * (r.score ?? 0) - 1 })).sort(byScore);
  } else {
    rows = (await productsById(db, ctx, null, exclude, categories)).map((r) => ({ ...r, score: r.popularity ?? 0 })).sort(byScore).slice(0, k);
  }
  return { userId: ctx.userId, runId: ctx.runId, strategy, items: toItems(ctx, strategy, rows) };
}

/**
 * The given products in the user's order, best first, each marked `owned` when the user has it;
 * NOT_FOUND for an unknown user or product id (all named). The ranker scores them when the served
 * run has one, with the very scores its recommendations give.
 */
export async function rankForUser(db: GraphDb, userId: string, productIds: readonly string[], options: RankerServingOptions = {}): Promise<UserAnswer> {
  const ids = checkIds(productIds, 'product ids');
  if (!ids.length) throw new WritebackError('BAD_INPUT', 'productIds must name at least one product');
  const rankerRow = await readRankerUser(db, userId);
  if (!rankerRow) throw new WritebackError('NOT_FOUND', `no user with id "${userId}"`);
  const ranked = rankerRank(rankerRow, ids, options);
  if (ranked) return ranked;
  const { ctx } = await readUser(db, userId, { k: 1, margin: 0, excludeOwned: false, excludePurchased: false, categories: null, search: false });
  const { strategy, vector } = await userVector(db, ctx);
  const rows = await productsById(db, ctx, ids, [], null);
  const found = new Set(rows.map((r) => r.productId));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length) throw new WritebackError('NOT_FOUND', `no product with id ${unknown.map((id) => `"${id}"`).join(', ')}`);
  const scored = rows.map((r) => ({ ...r, score: vector && r.embedding ? cosine(vector, r.embedding) : (r.popularity ?? 0) })).sort(byScore);
  return { userId: ctx.userId, runId: ctx.runId, strategy, items: toItems(ctx, strategy, scored) };
}
