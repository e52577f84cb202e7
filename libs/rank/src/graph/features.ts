/**
 * Features of (user, product) pairs on the connected-home graph, one row per catalogue product.
 * Pure: a `RankerState` (per run) and a `UserInput` (per user) in, a row-major float32 matrix out.
 * Every product gets a row, whatever the request, because generator ranks are ranks among all
 * products: a pair's row — hence its score — does not depend on which other products were asked
 * for, so `rank` and `recommendations` agree. Missing values are NaN (XGBoost's "missing").
 */
import { RankerState, UserInput } from './state';

const DAY_MS = 86_400_000;
/** Pseudo-holders in co-holding shares, so "100% of 1 owner" cannot outweigh 60% of 500. */
export const SHARE_SHRINKAGE = 10;

/** Column names in the order `featureRows` fills them; depends only on the state. */
export function graphFeatureNames(state: RankerState): string[] {
  return [
    'user_home_type',
    'user_region',
    'user_tenure_days',
    'user_devices',
    'user_products',
    'user_held',
    'user_recency_days',
    'item_category',
    'item_price',
    'item_conversion',
    'item_popularity',
    'item_age_days',
    'item_accessory',
    ...(state.embeddings ? ['emb_score', 'emb_rank'] : []),
    'cooc_score',
    'cooc_rank',
    'ease_score',
    'ease_rank',
    'pop_rank',
    'co_share',
    'substitute',
    'compatible_held',
    'needs_base',
    'held',
    'views',
    'carts',
    'days_since_view',
    ...(state.segments ? ['segment_lift'] : []),
    ...(state.sequence ? ['seq_score', 'seq_rank'] : []),
  ];
}

/** Sorted distinct category names: item_category is the index here (stable for a given catalogue). */
export function categoryCodes(state: RankerState): Map<string, number> {
  return new Map([...new Set(state.products.category)].sort().map((c, i) => [c, i]));
}

/**
 * What featureRows derives from the state alone (category codes, popularity ranks), computed once
 * per state object: the batch export builds rows for a million users from one state, and these
 * were re-derived (a sort each) for every user. A state is not changed after it is built.
 */
const perState = new WeakMap<RankerState, { codes: Map<string, number>; popRank: Float32Array }>();

function stateConstants(state: RankerState): { codes: Map<string, number>; popRank: Float32Array } {
  let c = perState.get(state);
  if (!c) {
    c = { codes: categoryCodes(state), popRank: ranksOf(state.products.popularity) };
    perState.set(state, c);
  }
  return c;
}

/** 1-based rank of each product by `scores` (best first, ties by lower index). */
export function ranksOf(scores: ArrayLike<number>): Float32Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const rank = new Float32Array(n);
  order.forEach((p, r) => (rank[p] = r + 1));
  return rank;
}

/** Σ over the user's interacted products i of table[i][j] (binary user vector), for every j. */
function scatter(table: readonly number[], interacted: Uint8Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!interacted[i]) continue;
    for (let j = 0; j < n; j++) out[j] += table[i * n + j];
  }
  return out;
}

/** The held product whose holders most often also hold `product` (shrunk share), or -1. */
export function bestCoHeld(state: RankerState, held: readonly number[], product: number): { from: number; share: number; raw: number; both: number } {
  const n = state.products.ids.length;
  const g = state.generators;
  let best = { from: -1, share: 0, raw: 0, both: 0 };
  for (const h of held) {
    if (h === product) continue;
    const both = g.heldBoth[h * n + product];
    const share = both / (g.holders[h] + SHARE_SHRINKAGE);
    if (share > best.share) best = { from: h, share, raw: g.holders[h] ? both / g.holders[h] : 0, both };
  }
  return best;
}

/** Per product, the user's generator scores (null where a generator does not apply). */
export function generatorScores(state: RankerState, input: UserInput): { emb: Float64Array | null; cooc: Float64Array; ease: Float64Array } {
  const n = state.products.ids.length;
  const cooc = scatter(state.generators.cooc, input.interacted, n);
  const ease = scatter(state.generators.ease, input.interacted, n);
  let emb: Float64Array | null = null;
  if (state.embeddings && state.productEmbeddings && state.dimension && input.embedding) {
    const d = state.dimension;
    emb = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += input.embedding[k] * state.productEmbeddings[j * d + k];
      emb[j] = dot;
    }
  }
  return { emb, cooc, ease };
}

/** The feature matrix, products × graphFeatureNames(state).length, row-major; row p is product p. */
export function featureRows(state: RankerState, input: UserInput, names = graphFeatureNames(state)): Float32Array {
  const P = state.products.ids.length;
  const cols = names.length;
  const out = new Float32Array(P * cols);
  const t = state.products;
  const { codes, popRank } = stateConstants(state);
  const { emb, cooc, ease } = generatorScores(state, input);
  const embRank = emb ? ranksOf(emb) : null;
  const coocRank = ranksOf(cooc);
  const easeRank = ranksOf(ease);
  // The sequence model's next-item score: NaN (missing) for a user without history or a product it never saw.
  const seq = state.sequence && input.sequence ? input.sequence : null;
  const seqRank = seq ? ranksOf(Array.from(seq, (v) => (Number.isNaN(v) ? -Infinity : v))) : null;
  const held = new Set(input.held);
  const heldByCategory = new Map<string, number>();
  for (const h of input.held) heldByCategory.set(t.category[h], (heldByCategory.get(t.category[h]) ?? 0) + 1);
  let interactedCount = 0;
  for (let p = 0; p < P; p++) interactedCount += input.interacted[p];
  const homeType = input.homeType === null ? -1 : state.vocab.homeType.indexOf(input.homeType);
  const region = input.region === null ? -1 : state.vocab.region.indexOf(input.region);
  const segmentShares = state.segments && input.segment !== null ? state.segments[input.segment] : undefined;
  const segmentLift = (p: number): number => (segmentShares && t.popularity[p] > 0 ? segmentShares[p] / t.popularity[p] : Number.NaN);
  // Served events after the state's asOf (the ranker is older than them) count as "now", never as
  // negative ages the trees never saw in training.
  const days = (ms: number): number => (Number.isFinite(ms) ? Math.max(0, (state.asOf - ms) / DAY_MS) : Number.NaN);

  for (let p = 0; p < P; p++) {
    let f = p * cols;
    out[f++] = homeType < 0 ? Number.NaN : homeType;
    out[f++] = region < 0 ? Number.NaN : region;
    out[f++] = days(input.signupMs);
    out[f++] = input.devices;
    out[f++] = interactedCount;
    out[f++] = input.held.length;
    out[f++] = days(input.lastEvent);
    out[f++] = codes.get(t.category[p]) ?? Number.NaN;
    out[f++] = t.price[p] ?? Number.NaN;
    out[f++] = t.conversion[p];
    out[f++] = t.popularity[p];
    out[f++] = t.ageDays[p] ?? Number.NaN;
    const accessory = t.compatibleWith[p].length > 0;
    out[f++] = accessory ? 1 : 0;
    if (state.embeddings) {
      out[f++] = emb ? emb[p] : Number.NaN;
      out[f++] = embRank ? embRank[p] : Number.NaN;
    }
    out[f++] = cooc[p];
    out[f++] = coocRank[p];
    out[f++] = ease[p];
    out[f++] = easeRank[p];
    out[f++] = popRank[p];
    out[f++] = bestCoHeld(state, input.held, p).share;
    // Substitute: other held products of the same category (a second doorbell, a second plan).
    out[f++] = (heldByCategory.get(t.category[p]) ?? 0) - (held.has(p) ? 1 : 0);
    // Complement: held base products this accessory works with.
    let compatible = 0;
    for (const base of t.compatibleWith[p]) if (held.has(base)) compatible++;
    out[f++] = compatible;
    out[f++] = accessory && compatible === 0 ? 1 : 0;
    out[f++] = held.has(p) ? 1 : 0;
    out[f++] = input.views[p];
    out[f++] = input.carts[p];
    out[f++] = days(input.lastView[p]);
    if (state.segments) out[f++] = segmentLift(p);
    if (state.sequence) {
      out[f++] = seq ? seq[p] : Number.NaN;
      out[f++] = seq && seqRank && !Number.isNaN(seq[p]) ? seqRank[p] : Number.NaN;
    }
    if (f !== (p + 1) * cols) throw new Error(`graph ranker: row ${p} filled ${f - p * cols} of ${cols} columns (names and rows disagree)`);
  }
  return out;
}
