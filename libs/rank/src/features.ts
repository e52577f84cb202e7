import { Csr, reverseCsr } from '@graphrec/graph-model';
import { fitBetaPrior, posteriorMeans, TopK, TrainData } from '@graphrec/recommend';
import { SideInfo } from './side-info';
import { buildTimeContext, TimeContext, timeFeatureNames } from './time-features';

/**
 * Feature extraction for the learned ranker: a pure function of the data the generators were fitted
 * on (never of the labels) plus optional side information. Built once per fit into a context of
 * per-user and per-item statistics; `extractFeatures` then fills one row per (user, candidate).
 * Missing values are NaN, which XGBoost treats as missing and routes by learned default branches.
 */

/** Train data with, optionally, the latest timestamp of each matrix entry (aligned with targets). */
export interface RankTrain extends TrainData {
  times?: Float64Array;
}

export interface FeatureOptions {
  /** Co-engagement neighbours kept per item (default 100). */
  neighbours?: number;
  /** At most this many item categories become one-hot columns (the most frequent; default 32). */
  maxCategoryColumns?: number;
  /**
   * Half-widths in days of the windows around the user's own interactions in which an item's share
   * of everyone's interactions is measured (time-features.ts), e.g. [3, 30]. Default none: on the
   * mean of five 90/10 validation carves of ML-100K train they lowered MAP (docs/rank.md, third pass).
   */
  timeWindows?: number[];
}

const DAY = 86400;

export interface FeatureContext {
  train: RankTrain;
  side: SideInfo;
  generators: string[];
  names: string[];
  userActivity: Float32Array;
  /** Mean interactions per user with any, and per item with any (the scale of the relative counts). */
  meanActivity: number;
  meanPopularity: number;
  userMeanWeight: Float32Array;
  userRecency: Float32Array;
  itemPopularity: Float32Array;
  itemRate: Float32Array;
  itemLikeRate: Float32Array;
  itemMeanWeight: Float32Array;
  itemAge: Float32Array;
  itemRecency: Float32Array;
  /** Per item, its top co-engaged items by cosine (weights = cosine). */
  neighbours: Csr;
  /** Category ids given their own one-hot column, in column order. */
  categoryColumns: number[];
  /** Per user categorical attribute: item-major counts [item × values] of the item's users with each value, and global shares. */
  affinity: { name: string; codes: Int32Array; values: number; counts: Float32Array; itemUsers: Float32Array; global: Float32Array }[];
  /** Per user numeric attribute: the mean of the item's users' values (NaN when none known). */
  gaps: { name: string; values: Float32Array; itemMean: Float32Array }[];
  /** Time-local popularity (undefined without timestamps: its columns are then missing). */
  time?: TimeContext;
  timeWindows: number[];
  /** Scratch for per-user scatters, reused across calls (length items). */
  scratch: { sum: Float32Array; max: Float32Array; hits: Float32Array; touched: Int32Array };
}

function rowMeans(matrix: Csr, rows: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = matrix.offsets[r]; k < matrix.offsets[r + 1]; k++) s += matrix.weights[k];
    const n = matrix.offsets[r + 1] - matrix.offsets[r];
    out[r] = n ? s / n : Number.NaN;
  }
  return out;
}

/** Per item, the `m` items with the highest cosine of co-engagement (binary), by walking item → users → items. */
export function coEngagementNeighbours(userItems: Csr, itemUsers: Csr, items: number, m: number): Csr {
  const counts = new Int32Array(items);
  const touched = new Int32Array(items);
  const offsets = new Int32Array(items + 1);
  const kept: { items: Int32Array; scores: Float32Array }[] = [];
  const degree = (i: number): number => itemUsers.offsets[i + 1] - itemUsers.offsets[i];
  for (let i = 0; i < items; i++) {
    let n = 0;
    for (let a = itemUsers.offsets[i]; a < itemUsers.offsets[i + 1]; a++) {
      const u = itemUsers.targets[a];
      for (let b = userItems.offsets[u]; b < userItems.offsets[u + 1]; b++) {
        const j = userItems.targets[b];
        if (j !== i && counts[j]++ === 0) touched[n++] = j;
      }
    }
    const heap = new TopK(m);
    for (let t = 0; t < n; t++) {
      const j = touched[t];
      heap.push(j, counts[j] / Math.sqrt(degree(i) * degree(j)));
      counts[j] = 0;
    }
    const result = heap.result();
    kept.push(result);
    offsets[i + 1] = offsets[i] + result.items.length;
  }
  const targets = new Int32Array(offsets[items]);
  const weights = new Float32Array(offsets[items]);
  kept.forEach((k, i) => {
    targets.set(k.items, offsets[i]);
    weights.set(k.scores, offsets[i]);
  });
  return { offsets, targets, weights };
}

export function buildFeatureContext(train: RankTrain, generators: string[], side: SideInfo = {}, options: FeatureOptions = {}): FeatureContext {
  const { users, items, matrix } = train;
  const itemUsers = reverseCsr(matrix, items).csr;
  const userActivity = new Float32Array(users);
  for (let u = 0; u < users; u++) userActivity[u] = matrix.offsets[u + 1] - matrix.offsets[u];
  const itemPopularity = new Float32Array(items);
  for (let i = 0; i < items; i++) itemPopularity[i] = itemUsers.offsets[i + 1] - itemUsers.offsets[i];
  // Beta-smoothed rates: share of users, and share of an item's interactions above the mean weight
  // (ratings ≥ the mean rating; repeat-heavy counts), so a 1-of-1 item does not look perfect.
  const everyone = new Float32Array(items).fill(users);
  const itemRate = posteriorMeans(itemPopularity, everyone, fitBetaPrior(itemPopularity, everyone));
  let total = 0;
  for (let k = 0; k < matrix.weights.length; k++) total += matrix.weights[k];
  const high = matrix.weights.length ? total / matrix.weights.length : 0;
  const liked = new Float32Array(items);
  for (let i = 0; i < items; i++) for (let k = itemUsers.offsets[i]; k < itemUsers.offsets[i + 1]; k++) if (itemUsers.weights[k] >= high) liked[i]++;
  const itemLikeRate = posteriorMeans(liked, itemPopularity, fitBetaPrior(liked, itemPopularity));
  const userRecency = new Float32Array(users).fill(Number.NaN);
  const itemAge = new Float32Array(items).fill(Number.NaN);
  const itemRecency = new Float32Array(items).fill(Number.NaN);
  const times = train.times;
  if (times && times.length) {
    let now = -Infinity;
    for (let k = 0; k < times.length; k++) now = Math.max(now, times[k]);
    const first = new Float64Array(items).fill(Infinity);
    const last = new Float64Array(items).fill(-Infinity);
    for (let u = 0; u < users; u++) {
      let latest = -Infinity;
      for (let k = matrix.offsets[u]; k < matrix.offsets[u + 1]; k++) {
        const i = matrix.targets[k];
        latest = Math.max(latest, times[k]);
        first[i] = Math.min(first[i], times[k]);
        last[i] = Math.max(last[i], times[k]);
      }
      if (latest > -Infinity) userRecency[u] = (now - latest) / DAY;
    }
    for (let i = 0; i < items; i++) {
      if (first[i] < Infinity) itemAge[i] = (now - first[i]) / DAY;
      if (last[i] > -Infinity) itemRecency[i] = (now - last[i]) / DAY;
    }
  }
  const categoryColumns: number[] = [];
  if (side.itemCategories) {
    const freq = new Float64Array(side.itemCategories.names.length);
    for (const c of side.itemCategories.categories) freq[c]++;
    const order = Array.from(freq.keys()).filter((c) => freq[c] > 0).sort((a, b) => freq[b] - freq[a] || a - b);
    categoryColumns.push(...order.slice(0, options.maxCategoryColumns ?? 32).sort((a, b) => a - b));
  }
  const affinity = Object.entries(side.userCategorical ?? {}).map(([name, attr]) => {
    const values = attr.values.length;
    const counts = new Float32Array(items * values);
    const itemUsersKnown = new Float32Array(items);
    const global = new Float32Array(values);
    let known = 0;
    for (let u = 0; u < users; u++) {
      const v = attr.codes[u];
      if (v < 0) continue;
      global[v]++;
      known++;
      for (let k = matrix.offsets[u]; k < matrix.offsets[u + 1]; k++) {
        counts[matrix.targets[k] * values + v]++;
        itemUsersKnown[matrix.targets[k]]++;
      }
    }
    for (let v = 0; v < values; v++) global[v] = known ? global[v] / known : 0;
    return { name, codes: attr.codes, values, counts, itemUsers: itemUsersKnown, global };
  });
  const gaps = Object.entries(side.userNumeric ?? {}).map(([name, values]) => {
    const sum = new Float64Array(items);
    const n = new Float64Array(items);
    for (let u = 0; u < users; u++) {
      if (Number.isNaN(values[u])) continue;
      for (let k = matrix.offsets[u]; k < matrix.offsets[u + 1]; k++) {
        sum[matrix.targets[k]] += values[u];
        n[matrix.targets[k]]++;
      }
    }
    const itemMean = new Float32Array(items);
    for (let i = 0; i < items; i++) itemMean[i] = n[i] ? sum[i] / n[i] : Number.NaN;
    return { name, values, itemMean };
  });
  const nonZeroMean = (values: Float32Array): number => {
    let sum = 0;
    let n = 0;
    for (const v of values) if (v > 0) (sum += v), n++;
    return n ? sum / n : 1;
  };
  const timeWindows = options.timeWindows ?? [];
  const ctx: FeatureContext = {
    time: buildTimeContext(matrix, users, items, times, timeWindows),
    timeWindows,
    train,
    side,
    generators,
    names: [],
    userActivity,
    meanActivity: nonZeroMean(userActivity),
    meanPopularity: nonZeroMean(itemPopularity),
    userMeanWeight: rowMeans(matrix, users),
    userRecency,
    itemPopularity,
    itemRate,
    itemLikeRate,
    itemMeanWeight: rowMeans(itemUsers, items),
    itemAge,
    itemRecency,
    neighbours: coEngagementNeighbours(matrix, itemUsers, items, options.neighbours ?? 100),
    categoryColumns,
    affinity,
    gaps,
    scratch: { sum: new Float32Array(items), max: new Float32Array(items), hits: new Float32Array(items), touched: new Int32Array(items) },
  };
  ctx.names = featureNames(ctx);
  return ctx;
}

/** Column names, in the order `extractFeatures` fills them. */
export function featureNames(ctx: Omit<FeatureContext, 'names'>): string[] {
  const side = ctx.side;
  return [
    'user_activity',
    'user_mean_weight',
    'user_recency_days',
    ...Object.keys(side.userNumeric ?? {}).map((n) => `user_${n}`),
    ...Object.keys(side.userCategorical ?? {}).map((n) => `user_${n}`),
    'item_popularity',
    'item_rate',
    'item_like_rate',
    'item_mean_weight',
    'item_age_days',
    'item_recency_days',
    ...Object.keys(side.itemNumeric ?? {}).map((n) => `item_${n}`),
    ...(side.itemCategories ? ['item_category_count', ...ctx.categoryColumns.map((c) => `item_cat_${side.itemCategories?.names[c]}`)] : []),
    ...ctx.generators.flatMap((g) => [`${g}_score`, `${g}_rel`, `${g}_rank`]),
    'co_sum',
    'co_max',
    'co_hits',
    ...(side.itemCategories ? ['category_overlap', 'category_max'] : []),
    ...ctx.affinity.map((a) => `${a.name}_affinity`),
    ...ctx.gaps.map((g) => `${g.name}_gap`),
    ...timeFeatureNames(ctx.timeWindows),
  ];
}
