/**
 * In-place inverse of a dense symmetric positive-definite matrix (row-major Float32Array), by
 * blocked Gauss–Jordan elimination. Each step eliminates a block of `block` columns and spends
 * nearly all its work in one rank-`block` update A ← A − F·R (an (n×b)·(b×n) matrix product),
 * which is handed to a `MatMulKernel`: plain JS for small matrices and tests, TensorFlow.js on
 * wasm for large ones (see `tf-kernel.ts`). Cost 2n³ flops, memory n² floats plus two n×b panels
 * and one stripe of the product.
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
 * Replaces `a` (n×n, SPD, row-major) by its inverse. Per block K of columns [o, o+b):
 * F = A[:, K] (old column panel), D = A_KK⁻¹, R = D·A[K, :] with A_KK taken as I (so R[:, K] = D);
 * then for rows i ∉ K: A[i, K] ← 0 and A[i, :] ← A[i, :] − F[i]·R; rows K ← R. After the last
 * block A holds A⁻¹ (the in-place Gauss–Jordan identity, applied a block at a time).
 */
export function invertSpdInPlace(a: Float32Array, n: number, kernel: MatMulKernel = JS_KERNEL, options: InverseOptions = {}): void {
  if (a.length !== n * n) throw new RangeError(`matrix has ${a.length} entries, expected ${n}² = ${n * n}`);
  const block = Math.max(1, Math.min(options.block ?? 256, n));
  const stripeRows = Math.max(1, Math.floor((options.stripeFloats ?? 1 << 24) / n));
  for (let o = 0; o < n; o += block) {
    const b = Math.min(block, n - o);
    const f = new Float32Array(n * b);
    for (let i = 0; i < n; i++) for (let p = 0; p < b; p++) f[i * b + p] = a[i * n + o + p];
    const pivot = new Float64Array(b * b);
    for (let i = 0; i < b; i++) for (let p = 0; p < b; p++) pivot[i * b + p] = f[(o + i) * b + p];
    const d = invertSmallSpd(pivot, b, o);
    const d32 = Float32Array.from(d);
    // R = D · A[K, :] with the K columns of A[K, :] replaced by I, so R[:, K] = D.
    const rowsK = a.slice(o * n, (o + b) * n);
    for (let i = 0; i < b; i++) for (let p = 0; p < b; p++) rowsK[i * n + o + p] = i === p ? 1 : 0;
    const r = kernel.matMul(d32, rowsK, b, b, n);
    for (let i = 0; i < n; i++) if (i < o || i >= o + b) for (let p = 0; p < b; p++) a[i * n + o + p] = 0;
    // Rank-b update of every row outside K, a stripe of rows per product to bound memory.
    for (const [from, to] of rowRanges(n, o, o + b, stripeRows)) {
      const product = kernel.matMul(f.subarray(from * b, to * b), r, to - from, b, n);
      const base = from * n;
      for (let x = 0; x < product.length; x++) a[base + x] -= product[x];
    }
    a.set(r, o * n);
    options.onProgress?.(Math.min(1, (o + b) / n));
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
