/**
 * In-place inverse of a dense symmetric positive-definite matrix (row-major Float32Array), by
 * the blocked symmetric sweep operator (Gauss–Jordan that keeps symmetry). Each step sweeps a
 * block of `block` columns and spends nearly all its work in one rank-`block` update of the lower
 * triangle, as (h×b)·(b×w) matrix products handed to a `MatMulKernel`: plain JS for small matrices
 * and tests, TensorFlow.js on wasm for large ones (see `tf-kernel.ts`). Cost n³ flops, memory n²
 * floats plus two n×b panels and one stripe of the product.
 *
 * No pivoting is needed: every pivot block of an SPD matrix is a Schur complement of an SPD
 * matrix, hence SPD itself and invertible. Float32 is enough for the ridge-regularised Gram
 * matrices EASE inverts (λ bounds the condition number); the small pivot blocks are inverted in
 * float64.
 */

/** C (m×n) = A (m×k) · B (k×n), all row-major. */
export interface MatMulKernel {
  readonly name: string;
  matMul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array;
}

/** Plain JS i-p-j loop order (inner loop over contiguous rows of B and C). */
export const JS_KERNEL: MatMulKernel = {
  name: 'js',
  matMul(a, b, m, k, n) {
    const c = new Float32Array(m * n);
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = 0; p < k; p++) {
        const f = a[i * k + p];
        if (f === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] += f * b[bp + j];
      }
    }
    return c;
  },
};

export interface InverseOptions {
  /** Columns eliminated per step (default 256: large enough for the product to run near peak, small enough for the float64 pivot inverse to stay cheap). */
  block?: number;
  /** Most floats of one product stripe (default 2²⁴ = 64 MiB), bounding the kernel's extra memory. */
  stripeFloats?: number;
  /** Called after each block with the share of work done (for progress output). */
  onProgress?: (done: number) => void;
}

export class NotPositiveDefiniteError extends Error {
  constructor(readonly column: number) {
    super(`matrix is not positive definite (pivot block at column ${column} is singular); increase the ridge λ`);
    this.name = 'NotPositiveDefiniteError';
  }
}

/** Inverse of a small SPD block (row-major, b×b) in float64, Gauss–Jordan with diagonal pivots. */
export function invertSmallSpd(block: Float64Array, b: number, column = 0): Float64Array {
  const a = block.slice();
  for (let k = 0; k < b; k++) {
    const p = a[k * b + k];
    if (!(p > 0) || !Number.isFinite(p)) throw new NotPositiveDefiniteError(column + k);
    a[k * b + k] = 1;
    for (let j = 0; j < b; j++) a[k * b + j] /= p;
    for (let i = 0; i < b; i++) {
      if (i === k) continue;
      const f = a[i * b + k];
      if (f === 0) continue;
      a[i * b + k] = 0;
      for (let j = 0; j < b; j++) a[i * b + j] -= f * a[k * b + j];
    }
  }
  return a;
}

/**
 * Replaces `a` (n×n, SPD, row-major) by its inverse, with the symmetric sweep operator (Goodnight
 * 1979) a block at a time. Sweeping pivot block K: D = A_KK⁻¹, A_KK ← −D, A_iK ← A_iK·D (and its
 * mirror), A_ij ← A_ij − A_iK·D·A_Kj for i, j ∉ K. Every intermediate stays symmetric, so only the
 * lower triangle is updated — for a stripe of rows [from, to), the columns [0, to) — which halves
 * the work of plain Gauss–Jordan: n³ flops in all. After every block is swept the lower triangle
 * holds −A⁻¹; it is negated and mirrored at the end. The upper triangle is ignored on input.
 */
export function invertSpdInPlace(a: Float32Array, n: number, kernel: MatMulKernel = JS_KERNEL, options: InverseOptions = {}): void {
  if (a.length !== n * n) throw new RangeError(`matrix has ${a.length} entries, expected ${n}² = ${n * n}`);
  const block = Math.max(1, Math.min(options.block ?? 256, n));
  // At least 8 stripes: the triangle saving comes from later stripes' shorter rows.
  const stripeRows = Math.max(1, Math.min(Math.ceil(n / 8), Math.floor((options.stripeFloats ?? 1 << 24) / n)));
  // Entry (i, j) of the symmetric matrix, read from the lower triangle.
  const at = (i: number, j: number): number => (j <= i ? a[i * n + j] : a[j * n + i]);
  for (let o = 0; o < n; o += block) {
    const b = Math.min(block, n - o);
    const pivot = new Float64Array(b * b);
    for (let i = 0; i < b; i++) for (let p = 0; p < b; p++) pivot[i * b + p] = at(o + i, o + p);
    const d = invertSmallSpd(pivot, b, o);
    // F = A[:, K] (n×b, the old column panel), Ft its transpose, G = F·D (n×b).
    const f = new Float32Array(n * b);
    const ft = new Float32Array(b * n);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < b; p++) {
        const v = at(i, o + p);
        f[i * b + p] = v;
        ft[p * n + i] = v;
      }
    }
    const g = kernel.matMul(f, Float32Array.from(d), n, b, b);
    // Lower-triangle update of every row outside K: A[i, 0..to) −= G[i]·Ft[:, 0..to).
    for (const [from, to] of rowRanges(n, o, o + b, stripeRows)) {
      const ftCols = new Float32Array(b * to);
      for (let p = 0; p < b; p++) ftCols.set(ft.subarray(p * n, p * n + to), p * to);
      const product = kernel.matMul(g.subarray(from * b, to * b), ftCols, to - from, b, to);
      for (let i = from; i < to; i++) {
        const row = i * n;
        const prow = (i - from) * to;
        for (let j = 0; j <= i; j++) a[row + j] -= product[prow + j];
      }
    }
    // The swept panel: A_iK ← G_i (rows below K: row i, cols K; rows above: row K, col i), A_KK ← −D.
    for (let i = 0; i < n; i++) {
      if (i >= o && i < o + b) continue;
      for (let p = 0; p < b; p++) {
        if (i >= o + b) a[i * n + o + p] = g[i * b + p];
        else a[(o + p) * n + i] = g[i * b + p];
      }
    }
    for (let i = 0; i < b; i++) for (let p = 0; p <= i; p++) a[(o + i) * n + o + p] = -d[i * b + p];
    options.onProgress?.(Math.min(1, (o + b) / n));
  }
  // Lower triangle holds −A⁻¹: negate and mirror.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = -a[i * n + j];
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
    a[i * n + i] = -a[i * n + i];
  }
}

/** [from, to) stripes of at most `size` rows covering 0..n except [skipFrom, skipTo). */
function rowRanges(n: number, skipFrom: number, skipTo: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [lo, hi] of [
    [0, skipFrom],
    [skipTo, n],
  ]) {
    for (let s = lo; s < hi; s += size) out.push([s, Math.min(hi, s + size)]);
  }
  return out;
}
