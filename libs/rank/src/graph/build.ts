/**
 * From a graph view to the ranker's per-run state (product table, generator state, vocabularies)
 * and to one user's input. Pure; the only place these are computed from the projection, so the
 * training carve (view at the cutoff) and the served state (view at asOf) are made alike.
 */
import { buildCsr, EVENT_TYPES } from '@graphrec/graph-model';
import { EaseRecommender, fitBetaPrior, JS_KERNEL, posteriorMeans, scaledEaseLambda } from '@graphrec/recommend';
import { emptyUserInput, RankerState, UserInput } from './state';
import { decodeCategory, decodeNumber, GraphView, heldOf } from './view';

const DAY_MS = 86_400_000;

export interface CatalogInfo {
  name: string;
  /** Ids of the base products an accessory works with. */
  compatibleWith: readonly string[];
}

export interface GraphSideData {
  /** Names and compatibility by product id (projection's productCatalog, or products.csv). */
  catalog?: ReadonlyMap<string, CatalogInfo>;
  /** L2-normalised embeddings aligned with graph.nodes (GraphSAGE's embedAll); enables emb_* features. */
  embeddings?: { dimension: number; User: Float32Array; Product: Float32Array };
  /** Segment id per user index (null: none). */
  segments?: readonly (string | null)[];
  /**
   * Per user index, the sequence model's next-item score of every product (aligned with
   * graph.nodes.Product; libs/sequences `productScores`), or null for a user without history;
   * enables the seq_* features. Must come from a model and history before the view's cutoff.
   */
  sequence?: readonly (Float32Array | null)[];
}

export interface StateOptions {
  /** EASE ridge as a share of the mean Gram diagonal (default 0.25: scale-free across world sizes). */
  easeRidge?: number;
  /** A category is repeat-purchase when at least this share of its purchases were of a held product (default 0.05). */
  repeatShare?: number;
}

/** Per user, 1 for each product interacted with by an event of a positively weighted type. */
function interactionMask(view: GraphView): Uint8Array {
  const { graph, userEvents } = view;
  const ev = graph.events!;
  const types = new Uint8Array(EVENT_TYPES.length);
  EVENT_TYPES.forEach((t, i) => (types[i] = (graph.weights.typeWeights[t] ?? 0) > 0 ? 1 : 0));
  const mask = new Uint8Array(view.users * view.products);
  for (let u = 0; u < view.users; u++) {
    for (let k = userEvents.offsets[u]; k < userEvents.offsets[u + 1]; k++) {
      const e = userEvents.events[k];
      if (types[ev.type[e]]) mask[u * view.products + ev.product[e]] = 1;
    }
  }
  return mask;
}

/** Users having both i and j, per pair (P² dense), and per product, from a users × P 0/1 mask or a held CSR. */
function pairCounts(P: number, users: number, itemsOf: (u: number) => ArrayLike<number>): { both: Float64Array; single: Float64Array } {
  const both = new Float64Array(P * P);
  const single = new Float64Array(P);
  for (let u = 0; u < users; u++) {
    const items = itemsOf(u);
    for (let a = 0; a < items.length; a++) {
      single[items[a]]++;
      for (let b = 0; b < items.length; b++) if (a !== b) both[items[a] * P + items[b]]++;
    }
  }
  return { both, single };
}

export async function buildState(view: GraphView, side: GraphSideData = {}, options: StateOptions = {}): Promise<RankerState> {
  const { graph, users } = view;
  const P = view.products;
  const ev = graph.events!;
  const ids = [...graph.nodes.Product.ids];
  const mask = interactionMask(view);
  const interactedOf = (u: number): number[] => {
    const out: number[] = [];
    for (let p = 0; p < P; p++) if (mask[u * P + p]) out.push(p);
    return out;
  };

  // Co-occurrence cosine (binary), as CooccurrenceRecommender with every neighbour kept.
  const inter = pairCounts(P, users, interactedOf);
  const cooc = new Array<number>(P * P).fill(0);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) if (i !== j && inter.both[i * P + j] > 0) cooc[i * P + j] = inter.both[i * P + j] / Math.sqrt(inter.single[i] * inter.single[j]);

  // EASE on the same binary matrix; the ridge scales with the Gram diagonal (user counts).
  const rows: number[] = [];
  const cols: number[] = [];
  for (let u = 0; u < users; u++) for (const p of interactedOf(u)) rows.push(u), cols.push(p);
  const matrix = buildCsr(users, P, Int32Array.from(rows), Int32Array.from(cols), new Float32Array(rows.length).fill(1)).csr;
  const easeLambda = scaledEaseLambda(inter.single, options.easeRidge ?? 0.25);
  const ease = new EaseRecommender({ lambda: easeLambda, kernel: JS_KERNEL });
  await ease.fit({ users, items: P, matrix });
  const B = new Array<number>(P * P);
  // + 0 turns -0 into 0: JSON cannot keep -0, and the saved state must equal the built one.
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) B[i * P + j] = ease.weight(i, j) + 0;

  // Holding (owned or bought by the cutoff): co-holding shares and popularity.
  const heldCounts = pairCounts(P, users, (u) => view.held.targets.subarray(view.held.offsets[u], view.held.offsets[u + 1]));

  // Conversion: distinct buyers over distinct interested users, Beta-smoothed; first event per product; repeat purchases.
  const buyers = new Float64Array(P);
  const engaged = new Float64Array(P);
  const first = new Float64Array(P).fill(Infinity);
  const category = decodeCategory(graph, 'Product', 'category').values.map((c) => c ?? '');
  const purchases = new Map<string, number>();
  const repeats = new Map<string, number>();
  const seen = new Set<number>();
  for (let u = 0; u < users; u++) {
    seen.clear();
    const bought = new Set<number>();
    const byTime = Array.from(view.userEvents.events.subarray(view.userEvents.offsets[u], view.userEvents.offsets[u + 1])).sort((a, b) => ev.timestamp[a] - ev.timestamp[b]);
    for (const e of byTime) {
      const p = ev.product[e];
      first[p] = Math.min(first[p], ev.timestamp[e]);
      if (ev.type[e] !== view.purchaseCode) continue;
      const c = category[p];
      purchases.set(c, (purchases.get(c) ?? 0) + 1);
      if (bought.has(p)) repeats.set(c, (repeats.get(c) ?? 0) + 1);
      bought.add(p);
    }
    for (const p of bought) buyers[p]++;
    for (let p = 0; p < P; p++) if (mask[u * P + p] || bought.has(p)) engaged[p]++;
  }
  const conversion = posteriorMeans(buyers, engaged, fitBetaPrior(buyers, engaged));
  const repeatShare = options.repeatShare ?? 0.05;
  const repeatCategories = [...purchases.keys()].filter((c) => (repeats.get(c) ?? 0) >= 5 && (repeats.get(c) ?? 0) / (purchases.get(c) ?? 1) >= repeatShare).sort();

  const price = decodeNumber(graph, 'Product', 'price');
  const catalog = side.catalog;
  const index = new Map(ids.map((id, i) => [id, i]));
  let segments: Record<string, number[]> | undefined;
  if (side.segments) {
    const members = new Map<string, { n: number; held: Float64Array }>();
    for (let u = 0; u < users; u++) {
      const s = side.segments[u];
      if (s === null || s === undefined) continue;
      const entry = members.get(s) ?? { n: 0, held: new Float64Array(P) };
      entry.n++;
      for (const p of heldOf(view, u)) entry.held[p]++;
      members.set(s, entry);
    }
    segments = Object.fromEntries([...members].sort(([a], [b]) => a.localeCompare(b)).map(([s, m]) => [s, Array.from(m.held, (h) => h / m.n)]));
  }
  return {
    format: 'graphrec-graph-ranker-state',
    version: 1,
    asOf: view.asOf,
    products: {
      ids,
      names: ids.map((id) => catalog?.get(id)?.name ?? id),
      category,
      price: Array.from(price),
      conversion: Array.from(conversion),
      popularity: Array.from(heldCounts.single, (h) => (users ? h / users : 0)),
      ageDays: Array.from(first, (t) => (Number.isFinite(t) ? (view.asOf - t) / DAY_MS : Number.NaN)),
      compatibleWith: ids.map((id) => (catalog?.get(id)?.compatibleWith ?? []).map((c) => index.get(c)).filter((i): i is number => i !== undefined)),
    },
    generators: { cooc, ease: B, easeLambda, heldBoth: Array.from(heldCounts.both), holders: Array.from(heldCounts.single) },
    interactionTypes: EVENT_TYPES.filter((t) => (graph.weights.typeWeights[t] ?? 0) > 0),
    vocab: { homeType: decodeCategory(graph, 'User', 'home_type').vocabulary, region: decodeCategory(graph, 'User', 'region').vocabulary },
    repeatCategories,
    segments,
    embeddings: side.embeddings !== undefined,
    productEmbeddings: side.embeddings ? Array.from(side.embeddings.Product) : undefined,
    dimension: side.embeddings?.dimension,
    ...(side.sequence ? { sequence: true } : {}),
  };
}

/** Decoded user attributes, once per view (decoding per user would rescan the encoder each time). */
export interface UserAttributes {
  homeType: (string | null)[];
  region: (string | null)[];
  signupMs: Float64Array;
}

export function userAttributes(view: GraphView): UserAttributes {
  return {
    homeType: decodeCategory(view.graph, 'User', 'home_type').values,
    region: decodeCategory(view.graph, 'User', 'region').values,
    signupMs: decodeNumber(view.graph, 'User', 'signup_date'),
  };
}

/** One user's input at the view's cutoff, as serving would read it from Neo4j then. */
export function userInputFromView(view: GraphView, state: RankerState, attributes: UserAttributes, user: number, side: GraphSideData = {}): UserInput {
  const P = view.products;
  const ev = view.graph.events!;
  const input = emptyUserInput(P);
  input.homeType = attributes.homeType[user];
  input.region = attributes.region[user];
  input.signupMs = attributes.signupMs[user];
  input.segment = side.segments?.[user] ?? null;
  if (side.embeddings) {
    const d = side.embeddings.dimension;
    input.embedding = side.embeddings.User.subarray(user * d, (user + 1) * d);
  }
  input.sequence = side.sequence?.[user] ?? null;
  input.held = heldOf(view, user);
  input.devices = view.devices[user];
  const interaction = new Set(state.interactionTypes.map((t) => EVENT_TYPES.indexOf(t as (typeof EVENT_TYPES)[number])));
  const viewCode = EVENT_TYPES.indexOf('product_view');
  const cartCode = EVENT_TYPES.indexOf('add_to_cart');
  for (let k = view.userEvents.offsets[user]; k < view.userEvents.offsets[user + 1]; k++) {
    const e = view.userEvents.events[k];
    const p = ev.product[e];
    const t = ev.timestamp[e];
    if (!(input.lastEvent >= t)) input.lastEvent = t;
    if (interaction.has(ev.type[e])) input.interacted[p] = 1;
    if (ev.type[e] === viewCode) {
      input.views[p]++;
      if (!(input.lastView[p] >= t)) input.lastView[p] = t;
    } else if (ev.type[e] === cartCode) input.carts[p]++;
  }
  return input;
}
