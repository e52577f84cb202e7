import { MemoryBudgetError, defaultMaxBytes } from './budget';
import { invertSpdInPlace, JS_KERNEL, MatMulKernel } from './dense-inverse';
import { fitted, ScoreAllRecommender, TrainData } from './recommender';
import { tfMatMulKernel } from './tf-kernel';
import { applyWeighting, BINARY, ImplicitWeighting, weightingLabel } from './weighting';

export interface EaseOptions {
  /** Ridge λ added to the Gram diagonal (default 500; tune it on validation, it depends on the data's scale). */
  lambda?: number;
  /**
   * Dropout rate p of EDLAE (Steck, "Autoencoders that don't overfit towards the identity",
   * NeurIPS 2020): its full-rank closed form is EASE's with each item's ridge raised by
   * p / (1 − p) × its Gram diagonal (popular items shrunk more). Default 0: plain EASE.
   */
  dropout?: number;
  /** Transform of raw weights before the Gram matrix (default binary). */
  weighting?: ImplicitWeighting;
  /** 'auto' (default): TensorFlow.js wasm when it starts, else plain JS; or an explicit kernel. */
  kernel?: 'auto' | MatMulKernel;
  /** Memory the dense solve may use (default half the machine's memory); beyond it fit throws MemoryBudgetError. */
  maxBytes?: number;
  /** Columns per Gauss–Jordan step (see dense-inverse.ts). */
  block?: number;
  onProgress?: (done: number) => void;
}

/** Default ridge: the best of the validation grid on MovieLens 100K (binary), a sane start elsewhere. */
export const DEFAULT_EASE_LAMBDA = 500;

/**
 * A ridge that scales with the data: `ridge` × the mean diagonal of the binary Gram matrix (users
 * per item), at least 1. On a small catalogue with many users a fixed λ is either negligible or
 * overwhelming depending on the world's size; this keeps EASE's shrinkage comparable across worlds.
 */
export function scaledEaseLambda(usersPerItem: ArrayLike<number>, ridge = 0.25): number {
  let total = 0;
  for (let i = 0; i < usersPerItem.length; i++) total += usersPerItem[i];
  return Math.max(1, ridge * (total / Math.max(1, usersPerItem.length)));
}
/** Floats in one product stripe of the solver (64 MiB), part of the memory estimate. */
const STRIPE_FLOATS = 1 << 24;
/** Typed arrays in Node 20 hold at most 2³² − 1 elements; n² must fit in one. */
const MAX_DENSE_ENTRIES = 2 ** 32 - 1;

/** Bytes the dense EASE fit holds at its peak for n items: the n×n matrix, the panels, and product stripes on both sides of the kernel. */
export function easeBytes(items: number, block = 256): number {
  return 4 * items * items + 4 * 4 * items * Math.min(block, items) + 3 * 4 * Math.min(STRIPE_FLOATS, items * items);
}

/**
 * EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): an item–item
 * weight matrix B with zero diagonal minimising ‖X − XB‖² + λ‖B‖², in closed form
 * P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag P), i.e. B_ij = −P_ij / P_jj (i ≠ j), B_ii = 0.
 * A user's scores are x_u·B. The inverse is dense, O(n³) time and n² floats: 1,682 items take
 * under a second on wasm, 10,000 items minutes (docs/benchmarks.md); beyond `maxBytes` fit refuses
 * with the numbers rather than failing half-way.
 */
export class EaseRecommender extends ScoreAllRecommender {
  readonly name: string;
  readonly lambda: number;
  readonly weighting: ImplicitWeighting;
  readonly dropout: number;
  /** B, row-major n×n (row i: what item i says about every item). */
  private b?: Float32Array;
  /** Kernel used by the last fit ('tfjs-wasm' or 'js'). */
  kernelName?: string;

  constructor(private readonly options: EaseOptions = {}) {
    super();
    this.lambda = options.lambda ?? DEFAULT_EASE_LAMBDA;
    this.weighting = options.weighting ?? BINARY;
    this.dropout = options.dropout ?? 0;
    if (!(this.lambda > 0)) throw new RangeError(`lambda must be positive, got ${this.lambda}`);
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new RangeError(`dropout must be in [0, 1), got ${this.dropout}`);
    this.name = `${this.dropout ? `edlae(p=${this.dropout},` : 'ease('}λ=${this.lambda},${weightingLabel(this.weighting)})`;
  }

  async fit(train: TrainData): Promise<void> {
    const n = train.items;
    const needed = easeBytes(n, this.options.block);
    const allowed = this.options.maxBytes ?? defaultMaxBytes();
    if (needed > allowed || n * n > MAX_DENSE_ENTRIES) {
      throw new MemoryBudgetError('ease', n, needed, n * n > MAX_DENSE_ENTRIES ? Math.min(allowed, 4 * MAX_DENSE_ENTRIES) : allowed, `a dense ${n}×${n} float32 inverse`);
    }
    const weighted = applyWeighting(train, this.weighting);
    const requested = this.options.kernel ?? 'auto';
    const kernel = requested === 'auto' ? ((await tfMatMulKernel()) ?? JS_KERNEL) : requested;
    const p = gram(weighted, this.lambda);
    if (this.dropout) {
      const q = this.dropout / (1 - this.dropout);
      for (let i = 0; i < n; i++) p[i * n + i] += q * (p[i * n + i] - this.lambda);
    }
    invertSpdInPlace(p, n, kernel, { block: this.options.block, stripeFloats: STRIPE_FLOATS, onProgress: this.options.onProgress });
    // B_ij = −P_ij / P_jj in place; the diagonal is forced to 0 (the constraint that stops B = I).
    const diag = new Float32Array(n);
    for (let j = 0; j < n; j++) diag[j] = p[j * n + j];
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) p[row + j] = -p[row + j] / diag[j];
      p[row + i] = 0;
    }
    this.b = p;
    this.train = weighted;
    this.kernelName = kernel.name;
  }

  /** The learned weight B[i][j] (how much having item i recommends item j). */
  weight(i: number, j: number): number {
    const n = fitted(this.train, this.name).items;
    return fitted(this.b, this.name)[i * n + j];
  }

  /** Scores of every item for `user`: Σ over the user's items i of x_ui·B[i, :]. O(|items of user| × n). */
  scoreAll(user: number): Float32Array {
    const train = fitted(this.train, this.name);
    const b = fitted(this.b, this.name);
    const n = train.items;
    const scores = new Float32Array(n);
    const m = train.matrix;
    for (let a = m.offsets[user]; a < m.offsets[user + 1]; a++) {
      const x = m.weights[a];
      if (x === 0) continue;
      const row = m.targets[a] * n;
      for (let j = 0; j < n; j++) scores[j] += x * b[row + j];
    }
    return scores;
  }


}

/** XᵀX + λI as a dense row-major float32 matrix, accumulated user by user (cost Σ_u degree²). */
export function gram(train: TrainData, lambda: number): Float32Array {
  const n = train.items;
  const g = new Float32Array(n * n);
  const { offsets, targets, weights } = train.matrix;
  for (let u = 0; u < train.users; u++) {
    for (let a = offsets[u]; a < offsets[u + 1]; a++) {
      const xa = weights[a];
      if (xa === 0) continue;
      const row = targets[a] * n;
      for (let c = offsets[u]; c < offsets[u + 1]; c++) g[row + targets[c]] += xa * weights[c];
    }
  }
  for (let i = 0; i < n; i++) g[i * n + i] += lambda;
  return g;
}
