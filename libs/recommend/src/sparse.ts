import type { Csr } from '@graphrec/projection';

/**
 * Local CSR helpers. `@graphrec/projection` has equivalents, but importing its runtime would pull
 * in its Neo4j and file loaders; this library stays pure and imports projection types only.
 */

/** Coordinates to CSR with rows' targets ascending and duplicate (row, col) pairs summed. */
export function csrFromPairs(nRows: number, nCols: number, rows: Int32Array, cols: Int32Array, weights?: Float32Array): Csr {
  const m = rows.length;
  if (cols.length !== m || (weights && weights.length !== m)) throw new RangeError('pair arrays differ in length');
  for (let e = 0; e < m; e++) {
    if (rows[e] < 0 || rows[e] >= nRows) throw new RangeError(`row ${rows[e]} outside 0..${nRows - 1}`);
    if (cols[e] < 0 || cols[e] >= nCols) throw new RangeError(`column ${cols[e]} outside 0..${nCols - 1}`);
  }
  // Two stable counting sorts (by column, then row) give row-major order with ascending columns.
  const byCol = countingSort(identity(m), cols, nCols);
  const order = countingSort(byCol, rows, nRows);
  const offsets = new Int32Array(nRows + 1);
  const targets = new Int32Array(m);
  // Sums in float64 so that many merged duplicates do not lose precision before the float32 store.
  const merged = new Float64Array(m);
  let out = -1;
  for (let k = 0; k < m; k++) {
    const e = order[k];
    const prev = k > 0 ? order[k - 1] : -1;
    if (prev < 0 || rows[prev] !== rows[e] || cols[prev] !== cols[e]) {
      out++;
      targets[out] = cols[e];
      offsets[rows[e] + 1]++;
    }
    merged[out] += weights ? weights[e] : 1;
  }
  for (let r = 0; r < nRows; r++) offsets[r + 1] += offsets[r];
  return { offsets, targets: targets.slice(0, out + 1), weights: Float32Array.from(merged.subarray(0, out + 1)) };
}

/** The same edges by column; rows of the result list sources in ascending order. */
export function transpose(csr: Csr, nCols: number): Csr {
  const m = csr.targets.length;
  const offsets = new Int32Array(nCols + 1);
  for (let k = 0; k < m; k++) offsets[csr.targets[k] + 1]++;
  for (let c = 0; c < nCols; c++) offsets[c + 1] += offsets[c];
  const cursor = offsets.slice(0, nCols);
  const targets = new Int32Array(m);
  const weights = new Float32Array(m);
  const nRows = csr.offsets.length - 1;
  for (let r = 0; r < nRows; r++) {
    for (let k = csr.offsets[r]; k < csr.offsets[r + 1]; k++) {
      const j = cursor[csr.targets[k]]++;
      targets[j] = r;
      weights[j] = csr.weights[k];
    }
  }
  return { offsets, targets, weights };
}

/** Whether sorted row `r` of `csr` contains `col` (binary search; rows are ascending). */
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

function identity(m: number): Int32Array {
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++) out[i] = i;
  return out;
}

function countingSort(order: Int32Array, key: Int32Array, keys: number): Int32Array {
  const counts = new Int32Array(keys + 1);
  for (let i = 0; i < order.length; i++) counts[key[order[i]] + 1]++;
  for (let k = 0; k < keys; k++) counts[k + 1] += counts[k];
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) sorted[counts[key[order[i]]]++] = order[i];
  return sorted;
}
