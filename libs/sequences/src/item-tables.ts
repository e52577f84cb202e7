/**
 * The item tables (input embeddings, output embeddings, output biases) live in plain Float32Arrays
 * and are updated sparsely: a step touches only its batch's items. Keeping them as dense tfjs
 * variables made every step compute and apply a gradient over the whole catalogue (20k items ×
 * 64 took ~0.2 s a step on wasm); here a step costs what its rows cost.
 */
import { createRng } from '@graphrec/graph-model';

export class ItemTable {
  readonly values: Float32Array;
  private m: Float32Array | undefined;
  private v: Float32Array | undefined;

  constructor(
    readonly rows: number,
    readonly cols: number,
    init: 'uniform' | 'zero',
    seed: number,
  ) {
    this.values = new Float32Array(rows * cols);
    if (init === 'uniform') {
      const rng = createRng(seed);
      const a = 1 / Math.sqrt(cols);
      for (let i = 0; i < this.values.length; i++) this.values[i] = (rng() * 2 - 1) * a;
    }
  }

  /** Rows `ids` as one [ids.length × cols] array. */
  gather(ids: ArrayLike<number>, out = new Float32Array(ids.length * this.cols)): Float32Array {
    const c = this.cols;
    for (let r = 0; r < ids.length; r++) out.set(this.values.subarray(ids[r] * c, ids[r] * c + c), r * c);
    return out;
  }

  /**
   * Lazy Adam on rows `ids` (distinct) with gradient rows `grad` ([ids.length × cols]); `step` is
   * the optimizer's global step (1-based) for the bias correction.
   */
  adam(ids: ArrayLike<number>, grad: Float32Array, lr: number, step: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): void {
    if (!this.m || !this.v) {
      this.m = new Float32Array(this.values.length);
      this.v = new Float32Array(this.values.length);
    }
    const { m, v, values, cols } = this;
    const c1 = 1 - Math.pow(b1, step);
    const c2 = 1 - Math.pow(b2, step);
    const rate = (lr * Math.sqrt(c2)) / c1;
    for (let r = 0; r < ids.length; r++) {
      const base = ids[r] * cols;
      for (let k = 0; k < cols; k++) {
        const g = grad[r * cols + k];
        const i = base + k;
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        values[i] -= (rate * m[i]) / (Math.sqrt(v[i]) + eps);
      }
    }
  }
}
