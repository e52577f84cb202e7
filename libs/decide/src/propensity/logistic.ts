/**
 * L2-regularised logistic regression by Newton's method (IRLS) on standardised features: the
 * propensity baseline. Pure; dense d×d solves, fine for the ~100 features here.
 */

export interface LogisticModel {
  predict(row: Float32Array | Float64Array): number;
}

/** Solves A x = b for a symmetric positive-definite A (Cholesky; A is overwritten). */
function solve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j];
    for (let k = 0; k < j; k++) s -= A[j * d + k] * A[j * d + k];
    const diag = Math.sqrt(Math.max(s, 1e-12));
    A[j * d + j] = diag;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j];
      for (let k = 0; k < j; k++) t -= A[i * d + k] * A[j * d + k];
      A[i * d + j] = t / diag;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let t = b[i];
    for (let k = 0; k < i; k++) t -= A[i * d + k] * y[k];
    y[i] = t / A[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let t = y[i];
    for (let k = i + 1; k < d; k++) t -= A[k * d + i] * x[k];
    x[i] = t / A[i * d + i];
  }
  return x;
}

/** Fits on `rows` (n × d, row-major) with an intercept; `lambda` penalises every weight but the intercept. */
export function fitLogistic(rows: Float32Array, n: number, d: number, labels: ArrayLike<number>, lambda = 1, iterations = 25): LogisticModel {
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += rows[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sd[j] += (rows[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const D = d + 1; // weights, then the intercept
  const x = new Float64Array(D);
  const w = new Float64Array(D);
  for (let iter = 0; iter < iterations; iter++) {
    const H = new Float64Array(D * D);
    const g = new Float64Array(D);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) x[j] = (rows[i * d + j] - mean[j]) / sd[j];
      x[d] = 1;
      let z = 0;
      for (let j = 0; j < D; j++) z += w[j] * x[j];
      const p = 1 / (1 + Math.exp(-z));
      const r = p - labels[i];
      const v = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < D; j++) {
        if (x[j] === 0) continue;
        g[j] += r * x[j];
        const vx = v * x[j];
        for (let k = 0; k <= j; k++) H[j * D + k] += vx * x[k];
      }
    }
    for (let j = 0; j < D; j++) for (let k = 0; k < j; k++) H[k * D + j] = H[j * D + k];
    for (let j = 0; j < d; j++) {
      g[j] += lambda * w[j];
      H[j * D + j] += lambda;
    }
    H[d * D + d] += 1e-9;
    const step = solve(H, g, D);
    let change = 0;
    for (let j = 0; j < D; j++) {
      w[j] -= step[j];
      change += Math.abs(step[j]);
    }
    if (change < 1e-7) break;
  }
  return {
    predict(row) {
      let z = w[d];
      for (let j = 0; j < d; j++) z += (w[j] * (row[j] - mean[j])) / sd[j];
      return 1 / (1 + Math.exp(-z));
    },
  };
}
