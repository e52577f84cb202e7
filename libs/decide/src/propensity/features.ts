/**
 * A user's propensity features at a cutoff — only what the API knows (never the hidden type):
 * tabular (region, home type, tenure, activity counts and recency) and graph (the user's edges
 * to products: owned products, views and carts per product category, the segment the owned set
 * implies). Pure.
 *
 * The one owner of the feature code: training on a generated world (`graphrec propensity`),
 * training on the graph (`graphrec train-propensity`), serving (`propensity(userId, action)`) and
 * the export all go through `writeFeatures` on a `PropensityInput`. The input holds the user's
 * events already counted per (type, product) — what one Cypher read returns, bounded by the
 * catalogue whatever the user's history — and `aggregateEvents` counts a generated user's events
 * the same way.
 */
import { CATALOG, REGIONS, segmentOf, type PropensityUser } from '@graphrec/datagen';
import { EVENT_TYPES, HOME_TYPES, PRODUCT_CATEGORIES } from '@graphrec/graph-model';

const DAY = 86_400;
/** Events this close before the cutoff are "recent" (the `_30d` features). */
export const RECENT_DAYS = 30;
const CATEGORIES = PRODUCT_CATEGORIES.filter((c) => CATALOG.some((p) => p.category === c));
const SEGMENTS = ['alarm', 'outdoor', 'camera-outdoor', 'doorbell', 'camera-indoor', 'other', 'none'];

export const FEATURE_NAMES: readonly string[] = [
  ...REGIONS.map((r) => `region=${r}`),
  ...HOME_TYPES.map((h) => `home_type=${h}`),
  ...SEGMENTS.map((s) => `segment=${s}`),
  'tenure_days',
  'days_since_last_event',
  'days_since_last_purchase',
  'n_owned',
  ...CATALOG.map((p) => `owns=${p.id}`),
  ...EVENT_TYPES.map((t) => `events=${t}`),
  ...EVENT_TYPES.map((t) => `events_30d=${t}`),
  ...CATEGORIES.flatMap((c) => [`views=${c}`, `carts=${c}`, `views_30d=${c}`, `owns_category=${c}`]),
];

const INDEX = new Map(FEATURE_NAMES.map((n, i) => [n, i]));
const NONE = 9_999;

/** A user's events of one type about one product before the cutoff. */
export interface PropensityEventCount {
  type: string;
  /** The product's category ('' when unknown). */
  category: string;
  /** Events before the cutoff. */
  n: number;
  /** Of them, within RECENT_DAYS before it. */
  recent: number;
  /** Seconds: the latest of them (-Infinity when n is 0). */
  last: number;
}

/** What the features are computed from: the user as known at the cutoff. */
export interface PropensityInput {
  region: string;
  homeType: string;
  /** Seconds (NaN when unknown). */
  signup: number;
  /** Product ids owned at the cutoff. */
  owned: ReadonlySet<string>;
  events: readonly PropensityEventCount[];
}

/** A generated user's events before the cutoff, counted per (type, product) as the graph read counts them. */
export function aggregateEvents(user: PropensityUser, cutoff: number): PropensityInput {
  const cells = new Map<string, PropensityEventCount>();
  for (const e of user.events) {
    if (e.t >= cutoff) continue;
    const key = `${e.type}\n${e.product.id}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { type: e.type, category: e.product.category, n: 0, recent: 0, last: -Infinity }));
    cell.n++;
    if (cutoff - e.t <= RECENT_DAYS * DAY) cell.recent++;
    if (e.t > cell.last) cell.last = e.t;
  }
  return { region: user.region, homeType: user.homeType, signup: user.signup, owned: user.owned, events: [...cells.values()] };
}

/** Writes the user's features into `out` at `offset` (FEATURE_NAMES order); `out` starts at zero there. */
export function writeFeatures(user: PropensityInput, cutoff: number, out: Float32Array, offset: number): void {
  const set = (name: string, value: number) => {
    const i = INDEX.get(name);
    if (i !== undefined) out[offset + i] = value;
  };
  const add = (name: string, value: number) => {
    const i = INDEX.get(name);
    if (i !== undefined) out[offset + i] += value;
  };
  set(`region=${user.region}`, 1);
  set(`home_type=${user.homeType}`, 1);
  set(`segment=${segmentOf(user.owned)}`, 1);
  // A missing signup stays 0 (XGBoost would read NaN as missing, logistic regression could not).
  if (Number.isFinite(user.signup)) set('tenure_days', (cutoff - user.signup) / DAY);
  set('n_owned', user.owned.size);
  for (const p of CATALOG) {
    if (!user.owned.has(p.id)) continue;
    set(`owns=${p.id}`, 1);
    set(`owns_category=${p.category}`, 1);
  }
  let last = -Infinity;
  let lastPurchase = -Infinity;
  for (const e of user.events) {
    if (e.n <= 0) continue;
    add(`events=${e.type}`, e.n);
    add(`events_30d=${e.type}`, e.recent);
    if (e.type === 'product_view') {
      add(`views=${e.category}`, e.n);
      add(`views_30d=${e.category}`, e.recent);
    } else if (e.type === 'add_to_cart') add(`carts=${e.category}`, e.n);
    if (e.last > last) last = e.last;
    if (e.type === 'purchase' && e.last > lastPurchase) lastPurchase = e.last;
  }
  set('days_since_last_event', last === -Infinity ? NONE : (cutoff - last) / DAY);
  set('days_since_last_purchase', lastPurchase === -Infinity ? NONE : (cutoff - lastPurchase) / DAY);
}

/** Row-major n × FEATURE_NAMES.length matrix of the inputs' features. */
export function featureMatrix(users: readonly PropensityInput[], cutoff: number): Float32Array {
  const d = FEATURE_NAMES.length;
  const out = new Float32Array(users.length * d);
  users.forEach((u, i) => writeFeatures(u, cutoff, out, i * d));
  return out;
}
