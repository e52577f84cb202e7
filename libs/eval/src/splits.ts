import { groupRows, Interactions, selectInteractions } from './interactions';
import { createRng, roundHalfEven, shuffleInPlace } from './random';

export interface Split {
  train: Interactions;
  test: Interactions;
}

export interface ItemStratifiedOptions {
  /** Share of each item's interactions kept in train. */
  ratio?: number;
  seed?: number;
}

export interface TemporalOptions {
  /** Share of each user's latest interactions held out. */
  testShare?: number;
}

/**
 * The MovieLens 100K reference protocol (datasets README, after MS Recommenders'
 * python_stratified_split with filter_by="item"): for every item, a seeded shuffle of its
 * interactions, the first round(ratio × count) to train, the rest to test. Stratifying by item
 * keeps every item's popularity the same in both halves. round is Python's (half to even), as in
 * the reference; an item with a single interaction always goes to train, so no test item is
 * unknown to the model. The shuffled sequence cannot match pandas' RNG, so figures agree with the
 * published ones in distribution, not split for split.
 */
export function itemStratifiedSplit(data: Interactions, options: ItemStratifiedOptions = {}): Split {
  const ratio = options.ratio ?? 0.75;
  if (!(ratio > 0 && ratio < 1)) throw new RangeError(`ratio must be in (0, 1), got ${ratio}`);
  const rng = createRng(options.seed ?? 42);
  const { offsets, rows } = groupRows(data.items, data.itemIds.length);
  const inTrain = new Uint8Array(data.users.length);
  for (let item = 0; item < data.itemIds.length; item++) {
    const group = rows.subarray(offsets[item], offsets[item + 1]);
    if (group.length === 0) continue;
    // Items are visited in index order and each shuffle draws from the one stream: the split
    // depends only on the data and the seed.
    shuffleInPlace(group, rng);
    const trainCount = Math.max(1, roundHalfEven(ratio * group.length));
    for (let i = 0; i < trainCount; i++) inTrain[group[i]] = 1;
  }
  return partition(data, inTrain);
}

/**
 * Each user's latest interactions held out: the last round(testShare × count) by timestamp, but
 * always at least one kept in train, so every test user has a history to recommend from. Ties in
 * timestamp are broken by position in the input, so the split is deterministic.
 */
export function temporalSplit(data: Interactions, options: TemporalOptions = {}): Split {
  const testShare = options.testShare ?? 0.2;
  if (!(testShare > 0 && testShare < 1)) throw new RangeError(`testShare must be in (0, 1), got ${testShare}`);
  const { offsets, rows } = groupRows(data.users, data.userIds.length);
  const inTrain = new Uint8Array(data.users.length);
  for (let user = 0; user < data.userIds.length; user++) {
    const group = rows.subarray(offsets[user], offsets[user + 1]);
    if (group.length === 0) continue;
    // groupRows keeps input order, so sorting by (timestamp, row) is a stable timestamp sort.
    group.sort((a, b) => data.timestamps[a] - data.timestamps[b] || a - b);
    const testCount = Math.min(group.length - 1, roundHalfEven(testShare * group.length));
    const trainCount = group.length - testCount;
    for (let i = 0; i < trainCount; i++) inTrain[group[i]] = 1;
  }
  return partition(data, inTrain);
}

export type ValidationOptions =
  | ({ method: 'item-stratified' } & ItemStratifiedOptions)
  | ({ method: 'temporal' } & TemporalOptions);

/**
 * Carves a validation set out of train with the same protocol as the test split, so tuning never
 * looks at test (the test split is scored once, with the tuned settings).
 */
export function validationSplit(train: Interactions, options: ValidationOptions): { train: Interactions; validation: Interactions } {
  const split = options.method === 'temporal' ? temporalSplit(train, options) : itemStratifiedSplit(train, options);
  return { train: split.train, validation: split.test };
}

/** Rows flagged in `inTrain` to train, the others to test, both in input order. */
function partition(data: Interactions, inTrain: Uint8Array): Split {
  let trainCount = 0;
  for (let i = 0; i < inTrain.length; i++) trainCount += inTrain[i];
  const trainRows = new Int32Array(trainCount);
  const testRows = new Int32Array(inTrain.length - trainCount);
  let t = 0;
  let s = 0;
  for (let i = 0; i < inTrain.length; i++) {
    if (inTrain[i]) trainRows[t++] = i;
    else testRows[s++] = i;
  }
  return { train: selectInteractions(data, trainRows), test: selectInteractions(data, testRows) };
}
