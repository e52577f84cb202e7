/**
 * Agreement between two partitions of the same items (e.g. Louvain vs ground truth). Labels are
 * compared by equality only, so they may be numbers or strings and need not match across the two.
 */
export type Labels = ArrayLike<number> | readonly string[];

interface Contingency {
  n: number;
  rows: number[];
  cols: number[];
  cells: number[];
}

function encode(labels: Labels): { codes: Int32Array; k: number } {
  const ids = new Map<number | string, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let c = ids.get(labels[i]);
    if (c === undefined) ids.set(labels[i], (c = ids.size));
    codes[i] = c;
  }
  return { codes, k: ids.size };
}

function contingency(a: Labels, b: Labels): Contingency {
  if (a.length !== b.length) throw new RangeError(`partitions differ in length (${a.length} vs ${b.length})`);
  const x = encode(a);
  const y = encode(b);
  const rows = new Array<number>(x.k).fill(0);
  const cols = new Array<number>(y.k).fill(0);
  const cellMap = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    rows[x.codes[i]]++;
    cols[y.codes[i]]++;
    const key = x.codes[i] * y.k + y.codes[i];
    cellMap.set(key, (cellMap.get(key) ?? 0) + 1);
  }
  return { n: a.length, rows, cols, cells: [...cellMap.values()] };
}

function entropy(counts: number[], n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/**
 * Normalised mutual information with the ARITHMETIC-mean normalisation:
 * NMI = I(A;B) / ((H(A) + H(B)) / 2), scikit-learn's default (`average_method='arithmetic'`).
 * 1 for identical partitions (also when both are a single cluster), 0 for independent ones.
 */
export function normalizedMutualInformation(a: Labels, b: Labels): number {
  const t = contingency(a, b);
  if (t.n === 0) return 1;
  const ha = entropy(t.rows, t.n);
  const hb = entropy(t.cols, t.n);
  if (ha + hb === 0) return 1;
  // I = H(A) + H(B) − H(A,B); the joint entropy comes from the non-empty cells.
  const mutual = ha + hb - entropy(t.cells, t.n);
  return Math.max(0, Math.min(1, mutual / ((ha + hb) / 2)));
}

const pairs = (c: number): number => (c * (c - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie 1985): the Rand index corrected for chance, 1 for identical
 * partitions, about 0 for random ones, negative below chance. Same as scikit-learn's
 * `adjusted_rand_score`, including its special case: 1 when the chance-corrected maximum is 0.
 */
export function adjustedRandIndex(a: Labels, b: Labels): number {
  const t = contingency(a, b);
  const index = t.cells.reduce((s, c) => s + pairs(c), 0);
  const sumRows = t.rows.reduce((s, c) => s + pairs(c), 0);
  const sumCols = t.cols.reduce((s, c) => s + pairs(c), 0);
  const all = pairs(t.n);
  const expected = all === 0 ? 0 : (sumRows * sumCols) / all;
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
