/** Pieces of the ranker's training that are plain functions of arrays: the base margin, groups, nDCG. */

/**
 * The starting margin: scale × feature, plus scale × feature for each of `plus` (a fixed blend of
 * several generators' relative scores, so the trees start from an ensemble instead of one of them).
 */
export interface BaseMargin {
  feature: string;
  scale: number;
  plus?: { feature: string; scale: number }[];
}

/** The base margin of each row of a row-major feature matrix. */
export function baseMarginOf(base: BaseMargin, names: readonly string[], x: Float32Array, rows: number): Float32Array {
  const terms = [{ feature: base.feature, scale: base.scale }, ...(base.plus ?? [])].map((t) => {
    const c = names.indexOf(t.feature);
    if (c < 0) throw new Error(`ranker: base margin feature ${t.feature} is not among the features`);
    return { c, scale: t.scale };
  });
  const cols = names.length;
  const out = new Float32Array(rows);
  // A missing value (NaN) counts as 0: the row starts from the other terms.
  for (let r = 0; r < rows; r++) for (const t of terms) out[r] += t.scale * (x[r * cols + t.c] || 0);
  return out;
}

export interface Dataset {
  rows: number;
  features: Float32Array;
  labels: Float32Array;
  groups: number[];
}

/** Mean nDCG@k over groups (binary gains, log2 discount, as XGBoost's ndcg@k): a check beside its metric. */
export function groupNdcg(scores: ArrayLike<number>, labels: ArrayLike<number>, groups: readonly number[], k: number): number {
  const values = groupNdcgValues(scores, labels, groups, k);
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0;
}

/** nDCG@k of each group (user), as groupNdcg averages them: their spread gives the mean's standard error. */
export function groupNdcgValues(scores: ArrayLike<number>, labels: ArrayLike<number>, groups: readonly number[], k: number): Float64Array {
  const out = new Float64Array(groups.length);
  let start = 0;
  groups.forEach((size, g) => {
    const order = Array.from({ length: size }, (_, i) => start + i).sort((a, b) => scores[b] - scores[a] || a - b);
    let dcg = 0;
    let positives = 0;
    for (let r = 0; r < size; r++) {
      if (labels[order[r]] > 0) {
        positives++;
        if (r < k) dcg += 1 / Math.log2(r + 2);
      }
    }
    let idcg = 0;
    for (let r = 0; r < Math.min(k, positives); r++) idcg += 1 / Math.log2(r + 2);
    out[g] = idcg ? dcg / idcg : 0;
    start += size;
  });
  return out;
}

export function concat(parts: { x: Float32Array; y: Float32Array }[], cols: number): Dataset {
  const rows = parts.reduce((n, p) => n + p.y.length, 0);
  const features = new Float32Array(rows * cols);
  const labels = new Float32Array(rows);
  let r = 0;
  for (const p of parts) {
    features.set(p.x, r * cols);
    labels.set(p.y, r);
    r += p.y.length;
  }
  return { rows, features, labels, groups: parts.map((p) => p.y.length) };
}

