/**
 * Pure and shared: the projection builds its relations with it, the recommenders their train
 * matrices, so it lives here rather than in a library that also speaks to Neo4j.
 */
/**
 * Compressed sparse rows: `offsets[i]..offsets[i+1]` index the targets and weights of row i.
 * Built from coordinate lists by two stable counting sorts (by column, then by row), so rows come
 * out with ascending targets and duplicates adjacent, ready to merge in one pass. O(edges + nodes),
 * no comparison sort, no per-edge objects.
 */
export interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
  weights: Float32Array;
}

export interface BuiltCsr {
  csr: Csr;
  /** Per merged edge, the largest of the `times` of the rows merged into it (when times were given). */
  times?: Float64Array;
}

/** Stable counting sort of `order` (a permutation of edge ids) by `key[edge]` in [0, keys). */
function countingSort(order: Int32Array, key: Int32Array, keys: number): Int32Array {
  const counts = new Int32Array(keys + 1);
  for (let i = 0; i < order.length; i++) counts[key[order[i]] + 1]++;
  for (let k = 0; k < keys; k++) counts[k + 1] += counts[k];
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) sorted[counts[key[order[i]]]++] = order[i];
  return sorted;
}

function checkRange(values: Int32Array, size: number, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < 0 || v >= size) throw new RangeError(`${what} index ${v} at position ${i} is outside 0..${size - 1}`);
  }
}

/**
 * Coordinates (rows[i], cols[i], weights[i]) to CSR over `nRows` rows; equal (row, col) pairs are
 * merged with their weights summed (in float64, then stored as float32), times maxed.
 */
export function buildCsr(
  nRows: number,
  nCols: number,
  rows: Int32Array,
  cols: Int32Array,
  weights: Float32Array | Float64Array,
  times?: Float64Array,
): BuiltCsr {
  const m = rows.length;
  if (cols.length !== m || weights.length !== m || (times && times.length !== m)) {
    throw new RangeError(`coordinate arrays differ in length (${m}, ${cols.length}, ${weights.length})`);
  }
  checkRange(rows, nRows, 'row');
  checkRange(cols, nCols, 'column');
  const identity = new Int32Array(m);
  for (let i = 0; i < m; i++) identity[i] = i;
  const order = countingSort(countingSort(identity, cols, nCols), rows, nRows);

  let unique = 0;
  for (let k = 0; k < m; k++) {
    if (k === 0 || rows[order[k]] !== rows[order[k - 1]] || cols[order[k]] !== cols[order[k - 1]]) unique++;
  }
  const offsets = new Int32Array(nRows + 1);
  const targets = new Int32Array(unique);
  const merged = new Float32Array(unique);
  const mergedTimes = times ? new Float64Array(unique) : undefined;
  let out = -1;
  let sum = 0;
  for (let k = 0; k < m; k++) {
    const e = order[k];
    const fresh = k === 0 || rows[e] !== rows[order[k - 1]] || cols[e] !== cols[order[k - 1]];
    if (fresh) {
      if (out >= 0) merged[out] = sum;
      out++;
      targets[out] = cols[e];
      offsets[rows[e] + 1]++;
      sum = 0;
      if (mergedTimes && times) mergedTimes[out] = times[e];
    } else if (mergedTimes && times && times[e] > mergedTimes[out]) {
      mergedTimes[out] = times[e];
    }
    sum += weights[e];
  }
  if (out >= 0) merged[out] = sum;
  for (let r = 0; r < nRows; r++) offsets[r + 1] += offsets[r];
  return { csr: { offsets, targets, weights: merged }, times: mergedTimes };
}

/**
 * The same edges seen from the target side. Rows of the result list their sources in ascending
 * order because the input is walked row by row. `outIndex[j]` is the position in `csr` of reverse
 * edge j, so per-edge attributes stored in out-order can be read from either direction.
 */
export function reverseCsr(csr: Csr, nCols: number): { csr: Csr; outIndex: Int32Array } {
  const m = csr.targets.length;
  const nRows = csr.offsets.length - 1;
  const offsets = new Int32Array(nCols + 1);
  for (let k = 0; k < m; k++) offsets[csr.targets[k] + 1]++;
  for (let c = 0; c < nCols; c++) offsets[c + 1] += offsets[c];
  const cursor = offsets.slice(0, nCols);
  const targets = new Int32Array(m);
  const weights = new Float32Array(m);
  const outIndex = new Int32Array(m);
  for (let r = 0; r < nRows; r++) {
    for (let k = csr.offsets[r]; k < csr.offsets[r + 1]; k++) {
      const j = cursor[csr.targets[k]]++;
      targets[j] = r;
      weights[j] = csr.weights[k];
      outIndex[j] = k;
    }
  }
  return { csr: { offsets, targets, weights }, outIndex };
}

/** Neighbours of one row as views (no copy). */
export function row(csr: Csr, i: number): { targets: Int32Array; weights: Float32Array } {
  const from = csr.offsets[i];
  const to = csr.offsets[i + 1];
  return { targets: csr.targets.subarray(from, to), weights: csr.weights.subarray(from, to) };
}

export function degree(csr: Csr, i: number): number {
  return csr.offsets[i + 1] - csr.offsets[i];
}

export function csrBytes(csr: Csr): number {
  return csr.offsets.byteLength + csr.targets.byteLength + csr.weights.byteLength;
}

/** Whether row `r` contains `col` (binary search: rows are ascending). */
export function hasEntry(csr: Csr, r: number, col: number): boolean {
  let lo = csr.offsets[r];
  let hi = csr.offsets[r + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = csr.targets[mid];
    if (t === col) return true;
    if (t < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
