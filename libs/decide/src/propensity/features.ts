/**
 * A user's propensity features at the cutoff — only what the API knows (never the hidden type):
 * tabular (region, home type, tenure, activity counts and recency) and graph (the user's edges
 * to products: owned products, views and carts per product category, the segment the owned set
 * implies). Every feature is computed from events before the cutoff. Pure.
 */
import { CATALOG, REGIONS, segmentOf, type PropensityUser } from '@graphrec/datagen';
import { EVENT_TYPES, HOME_TYPES, PRODUCT_CATEGORIES } from '@graphrec/graph-model';

const DAY = 86_400;
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

/** Writes the user's features into `out` at `offset` (FEATURE_NAMES order). */
export function writeFeatures(user: PropensityUser, cutoff: number, out: Float32Array, offset: number): void {
  const set = (name: string, value: number) => {
    const i = INDEX.get(name);
    if (i !== undefined) out[offset + i] = value;
  };
  const add = (name: string, value = 1) => {
    const i = INDEX.get(name);
    if (i !== undefined) out[offset + i] += value;
  };
  set(`region=${user.region}`, 1);
  set(`home_type=${user.homeType}`, 1);
  set(`segment=${segmentOf(user.owned)}`, 1);
  set('tenure_days', (cutoff - user.signup) / DAY);
  set('n_owned', user.owned.size);
  for (const p of CATALOG) {
    if (!user.owned.has(p.id)) continue;
    set(`owns=${p.id}`, 1);
    set(`owns_category=${p.category}`, 1);
  }
  let last = -Infinity;
  let lastPurchase = -Infinity;
  for (const e of user.events) {
    if (e.t >= cutoff) continue;
    const recent = cutoff - e.t <= 30 * DAY;
    add(`events=${e.type}`);
    if (recent) add(`events_30d=${e.type}`);
    if (e.type === 'product_view') {
      add(`views=${e.product.category}`);
      if (recent) add(`views_30d=${e.product.category}`);
    } else if (e.type === 'add_to_cart') add(`carts=${e.product.category}`);
    if (e.t > last) last = e.t;
    if (e.type === 'purchase' && e.t > lastPurchase) lastPurchase = e.t;
  }
  set('days_since_last_event', last === -Infinity ? NONE : (cutoff - last) / DAY);
  set('days_since_last_purchase', lastPurchase === -Infinity ? NONE : (cutoff - lastPurchase) / DAY);
}

/** Row-major n × FEATURE_NAMES.length matrix of the users' features. */
export function featureMatrix(users: readonly PropensityUser[], cutoff: number): Float32Array {
  const d = FEATURE_NAMES.length;
  const out = new Float32Array(users.length * d);
  users.forEach((u, i) => writeFeatures(u, cutoff, out, i * d));
  return out;
}
