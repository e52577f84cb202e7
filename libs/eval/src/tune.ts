import type { Recommender } from '@graphrec/recommend';
import { trainDataFrom } from '@graphrec/recommend';
import { Interactions, selectInteractions } from './interactions';
import { createRng, shuffleInPlace } from './random';
import { evaluateRanking, RankingMetrics } from './metrics';
import { validationSplit } from './splits';

/** One hyper-parameter setting, as values by name (numbers or labels such as a weighting). */
export type Setting = Record<string, string | number>;

/** A model family and the values each hyper-parameter may take; the first value of each is the start. */
export interface ModelGrid {
  grid: Record<string, readonly (string | number)[]>;
  make(setting: Setting): Recommender;
}

export type SplitProtocol = 'item-stratified' | 'temporal';

export interface TuneOptions {
  protocol: SplitProtocol;
  /** Seed of the validation carve (item-stratified only). */
  seed: number;
  k: number;
  /** Metric maximised on validation (default ndcg). */
  metric?: keyof Pick<RankingMetrics, 'map' | 'ndcg' | 'precision' | 'recall'>;
  /**
   * Score validation on at most this many users (a seeded sample of those with validation items):
   * on large catalogues scoring every user costs more than the fit. Default: every user.
   */
  maxUsers?: number;
}

/**
 * The rows of at most `maxUsers` users drawn (seeded) from those with rows in `test`, and those
 * users ascending. Metrics over the sample estimate the full average without bias.
 */
export function sampleTestUsers(test: Interactions, maxUsers: number, seed: number): { test: Interactions; users: Int32Array } {
  const has = new Uint8Array(test.userIds.length);
  for (const u of test.users) has[u] = 1;
  const all = Int32Array.from(Array.from(has.keys()).filter((u) => has[u]));
  const users = all.length <= maxUsers ? all : shuffleInPlace(all, createRng(seed)).slice(0, maxUsers).sort();
  const keep = new Uint8Array(test.userIds.length);
  for (const u of users) keep[u] = 1;
  const rows = Int32Array.from(Array.from(test.users.keys()).filter((r) => keep[test.users[r]]));
  return { test: selectInteractions(test, rows), users };
}

export interface TuneResult {
  setting: Setting;
  /** Every setting tried, with its validation figure, in the order tried. */
  tried: { setting: Setting; value: number }[];
}

/** "lambda=500, weighting=binary" — stable key order, for tables and JSON. */
export function settingLabel(setting: Setting): string {
  return Object.entries(setting)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/**
 * Chooses hyper-parameters on a validation carve of `train` — never on test. The carve uses the
 * test split's protocol (item-stratified 75/25 of train with `seed`, or each user's latest 20% of
 * train), models train on the rest and are scored on the carve. Search is one coordinate sweep:
 * start at every parameter's first value, then for each parameter in grid order try its other
 * values with the others fixed and keep the best. That costs Σ(values) fits instead of Π(values),
 * which matters for EASE (one dense inverse per fit); ties keep the earlier value.
 */
export async function tuneOnValidation(model: ModelGrid, train: Interactions, options: TuneOptions): Promise<TuneResult> {
  const names = Object.keys(model.grid);
  const current: Setting = Object.fromEntries(names.map((name) => [name, model.grid[name][0]]));
  const tried: TuneResult['tried'] = [];
  if (names.every((name) => model.grid[name].length <= 1)) return { setting: current, tried };
  const carve =
    options.protocol === 'temporal'
      ? validationSplit(train, { method: 'temporal', testShare: 0.2 })
      : validationSplit(train, { method: 'item-stratified', ratio: 0.75, seed: options.seed });
  const inner = trainDataFrom(train.userIds.length, train.itemIds.length, carve.train);
  const metric = options.metric ?? 'ndcg';
  const scored = options.maxUsers === undefined ? undefined : sampleTestUsers(carve.validation, options.maxUsers, options.seed);
  const validation = scored?.test ?? carve.validation;
  const cache = new Map<string, number>();
  const measure = async (setting: Setting): Promise<number> => {
    const key = settingLabel(setting);
    const known = cache.get(key);
    if (known !== undefined) return known;
    const recommender = model.make(setting);
    await recommender.fit(inner);
    const recs: (Int32Array | undefined)[] = new Array(train.userIds.length);
    for (const user of scored?.users ?? Array.from(recs.keys())) recs[user] = recommender.recommend(user, options.k);
    const value = evaluateRanking(recs, validation, options.k, { train: carve.train })[metric];
    cache.set(key, value);
    tried.push({ setting: { ...setting }, value });
    return value;
  };
  let best = await measure(current);
  for (const name of names) {
    const values = model.grid[name];
    if (values.every((v) => typeof v === 'number')) {
      // An ordered (numeric) grid: walk up from the start value, then down, each way only while
      // the figure improves — validation curves of a ridge λ or a neighbour count are unimodal in
      // practice, and each EASE fit is a dense inverse, so stopping early saves most of them.
      const start = values[0] as number;
      const sorted = [...new Set(values as number[])].sort((a, b) => a - b);
      const at = sorted.indexOf(start);
      for (const direction of [1, -1]) {
        if (current[name] !== start) break; // the upward walk already moved it
        for (let i = at + direction; i >= 0 && i < sorted.length; i += direction) {
          const score = await measure({ ...current, [name]: sorted[i] });
          if (!(score > best)) break;
          best = score;
          current[name] = sorted[i];
        }
      }
      continue;
    }
    for (const value of values.slice(1)) {
      const score = await measure({ ...current, [name]: value });
      if (score > best) {
        best = score;
        current[name] = value;
      }
    }
  }
  return { setting: current, tried };
}
