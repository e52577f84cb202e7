import { buildCsr, Csr, createRng, reverseCsr, shuffleInPlace } from '@graphrec/graph-model';
import { RankTrain } from './features';

/**
 * The ranker's own holdout, carved out of train so that it never sees the test part: the
 * generators and features are fitted on `fit`, the ranker learns to find `labels`. It mimics the
 * test protocol so that what the ranker learns (e.g. how much popularity matters) carries over.
 */
export type LabelSplitMethod = 'item-stratified' | 'temporal';

export interface LabelSplit {
  fit: RankTrain;
  /** Per user, the held-out items as a CSR (rows ascending). */
  labels: Csr;
}

/** Python's round (half to even), as the protocol's split uses. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Fold `fold` of the ranker's holdout. 'item-stratified': each item's entries are shuffled once
 * (seeded, the same for every fold) and dealt round-robin into k = round(1 / share) folds, so the
 * folds are disjoint and together cover every entry of items with two or more entries (an item's
 * only entry stays in fit, as the protocol keeps it in train). 'temporal': each user's latest share
 * (one fold only: the future cannot be dealt out round-robin).
 */
export function labelSplit(train: RankTrain, method: LabelSplitMethod, share: number, seed: number, fold = 0): LabelSplit {
  if (!(share > 0 && share < 1)) throw new RangeError(`label share must be in (0, 1), got ${share}`);
  const { users, items, matrix } = train;
  const entries = matrix.targets.length;
  const held = new Uint8Array(entries);
  if (method === 'item-stratified') {
    const k = Math.max(2, Math.round(1 / share));
    if (!(fold >= 0 && fold < k)) throw new RangeError(`fold ${fold} outside 0..${k - 1}`);
    const { csr: byItem, outIndex } = reverseCsr(matrix, items);
    const rng = createRng(seed);
    for (let i = 0; i < items; i++) {
      const group = outIndex.slice(byItem.offsets[i], byItem.offsets[i + 1]);
      if (group.length < 2) continue;
      shuffleInPlace(group, rng);
      for (let p = fold; p < group.length; p += k) held[group[p]] = 1;
    }
  } else {
    if (fold !== 0) throw new RangeError('a temporal label split has one fold');
    const times = train.times;
    if (!times) throw new Error('a temporal label split needs timestamps');
    for (let u = 0; u < users; u++) {
      const from = matrix.offsets[u];
      const row = Array.from({ length: matrix.offsets[u + 1] - from }, (_, k) => from + k);
      row.sort((a, b) => times[a] - times[b] || a - b);
      const out = Math.min(row.length - 1, roundHalfEven(share * row.length));
      for (let k = row.length - out; k < row.length; k++) held[row[k]] = 1;
    }
  }
  const rowsOf = new Int32Array(entries);
  for (let u = 0; u < users; u++) for (let k = matrix.offsets[u]; k < matrix.offsets[u + 1]; k++) rowsOf[k] = u;
  const pick = (flag: number): { rows: Int32Array; cols: Int32Array; weights: Float32Array; times?: Float64Array } => {
    const idx: number[] = [];
    for (let k = 0; k < entries; k++) if (held[k] === flag) idx.push(k);
    return {
      rows: Int32Array.from(idx, (k) => rowsOf[k]),
      cols: Int32Array.from(idx, (k) => matrix.targets[k]),
      weights: Float32Array.from(idx, (k) => matrix.weights[k]),
      times: train.times ? Float64Array.from(idx, (k) => (train.times as Float64Array)[k]) : undefined,
    };
  };
  const kept = pick(0);
  const out = pick(1);
  const fit = buildCsr(users, items, kept.rows, kept.cols, kept.weights, kept.times);
  return {
    fit: { users, items, matrix: fit.csr, times: fit.times },
    labels: buildCsr(users, items, out.rows, out.cols, out.weights).csr,
  };
}

/**
 * Latest timestamp of each entry of `train.matrix` from raw events (user, item, time), for
 * recency features; events outside the matrix are ignored.
 */
export function entryTimes(matrix: Csr, events: { users: Int32Array; items: Int32Array; timestamps: Float64Array }): Float64Array {
  const times = new Float64Array(matrix.targets.length).fill(Number.NaN);
  for (let e = 0; e < events.users.length; e++) {
    const u = events.users[e];
    let lo = matrix.offsets[u];
    let hi = matrix.offsets[u + 1] - 1;
    const item = events.items[e];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = matrix.targets[mid];
      if (t === item) {
        if (!(times[mid] >= events.timestamps[e])) times[mid] = events.timestamps[e];
        break;
      }
      if (t < item) lo = mid + 1;
      else hi = mid - 1;
    }
  }
  return times;
}
