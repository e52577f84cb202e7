import type { Csr } from '@graphrec/graph-model';
import { createRng, reverseCsr } from '@graphrec/graph-model';
import { fitted, RecommendOptions, Recommender, selectTopK, TrainData } from './recommender';

export interface IalsOptions {
  /** Latent dimensions (default 64). */
  factors?: number;
  /**
   * L2 penalty on every factor vector (default 50). The defaults (64 factors, λ 50, α 5, 8 sweeps)
   * were chosen on a validation carve of ML-100K train (docs/rank.md): λ 5–20 overfit (MAP@10
   * 0.064–0.079 against 0.086), λ 100 underfit (0.069).
   */
  regularization?: number;
  /** Confidence of an observed pair: 1 + alpha (binary data; default 5). */
  alpha?: number;
  /** Alternating sweeps (default 8). */
  iterations?: number;
  seed?: number;
}

/**
 * Implicit ALS (Hu, Koren, Volinsky 2008): user and item vectors minimising
 * Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ‖x_u‖² + Σ‖y_i‖²), with p_ui = 1 for an observed pair (0
 * otherwise) and confidence c_ui = 1 + α on observed pairs, 1 elsewhere. Each half-step solves every
 * user's (then item's) ridge system exactly: (YᵀY + α Σ_{i∈u} y_i y_iᵀ + λI) x_u = (1 + α) Σ_{i∈u} y_i,
 * the YᵀY Gram matrix shared by all users (the trick that makes the unobserved pairs free). A
 * low-rank factor model sees global structure that item-item models (EASE, kNN, RP3beta) do not.
 */
export class IalsRecommender implements Recommender {
  readonly name: string;
  readonly factors: number;
  readonly regularization: number;
  readonly alpha: number;
  readonly iterations: number;
  private train?: TrainData;
  private userFactors?: Float64Array;
  private itemFactors?: Float64Array;

  constructor(private readonly options: IalsOptions = {}) {
    this.factors = options.factors ?? 64;
    this.regularization = options.regularization ?? 50;
    this.alpha = options.alpha ?? 5;
    this.iterations = options.iterations ?? 8;
    if (!(Number.isInteger(this.factors) && this.factors >= 1)) throw new RangeError(`factors must be a positive integer, got ${this.factors}`);
    this.name = `ials(f=${this.factors},l=${this.regularization},a=${this.alpha},it=${this.iterations})`;
  }

  fit(train: TrainData): void {
    const f = this.factors;
    const rng = createRng(this.options.seed ?? 1);
    const init = (n: number): Float64Array => Float64Array.from({ length: n * f }, () => (rng() - 0.5) * (0.1 / Math.sqrt(f)));
    const users = init(train.users);
    const items = init(train.items);
    const itemUsers = reverseCsr(train.matrix, train.items).csr;
    for (let it = 0; it < this.iterations; it++) {
      this.solve(train.matrix, train.users, users, items);
      this.solve(itemUsers, train.items, items, users);
    }
    this.userFactors = users;
    this.itemFactors = items;
    this.train = train;
  }

  /** One half-step: every row r of `rows` (users or items) solved against the fixed `other` factors. */
  private solve(rows: Csr, n: number, target: Float64Array, other: Float64Array): void {
    const f = this.factors;
    const gram = new Float64Array(f * f);
    for (let o = 0; o < other.length / f; o++) {
      for (let a = 0; a < f; a++) {
        const va = other[o * f + a];
        if (va === 0) continue;
        for (let b = a; b < f; b++) gram[a * f + b] += va * other[o * f + b];
      }
    }
    const A = new Float64Array(f * f);
    const rhs = new Float64Array(f);
    for (let r = 0; r < n; r++) {
      for (let a = 0; a < f; a++) for (let b = a; b < f; b++) A[a * f + b] = gram[a * f + b];
      for (let a = 0; a < f; a++) A[a * f + a] += this.regularization;
      rhs.fill(0);
      for (let p = rows.offsets[r]; p < rows.offsets[r + 1]; p++) {
        const o = rows.targets[p] * f;
        for (let a = 0; a < f; a++) {
          const va = other[o + a];
          rhs[a] += (1 + this.alpha) * va;
          const s = this.alpha * va;
          for (let b = a; b < f; b++) A[a * f + b] += s * other[o + b];
        }
      }
      choleskySolve(A, rhs, f);
      target.set(rhs, r * f);
    }
  }

  scoreAll(user: number): Float32Array {
    const train = fitted(this.train, this.name);
    return this.score(user, Int32Array.from({ length: train.items }, (_, i) => i));
  }

  recommend(user: number, k: number, options?: RecommendOptions): Int32Array {
    return selectTopK(fitted(this.train, this.name), user, k, options, () => this.scoreAll(user), (items) => this.score(user, items));
  }

  score(user: number, items: Int32Array): Float32Array {
    const x = fitted(this.userFactors, this.name);
    const y = fitted(this.itemFactors, this.name);
    const f = this.factors;
    return Float32Array.from(items, (i) => {
      let s = 0;
      for (let a = 0; a < f; a++) s += x[user * f + a] * y[i * f + a];
      return s;
    });
  }
}

/**
 * Solves A x = b in place (b becomes x) for a symmetric positive definite A given by its upper
 * triangle (row-major, a·f + b with b ≥ a); A is overwritten by its Cholesky factor.
 */
export function choleskySolve(A: Float64Array, b: Float64Array, f: number): void {
  // Upper factor U with A = UᵀU, computed row by row.
  for (let i = 0; i < f; i++) {
    let d = A[i * f + i];
    for (let k = 0; k < i; k++) d -= A[k * f + i] ** 2;
    const u = Math.sqrt(d);
    A[i * f + i] = u;
    for (let j = i + 1; j < f; j++) {
      let s = A[i * f + j];
      for (let k = 0; k < i; k++) s -= A[k * f + i] * A[k * f + j];
      A[i * f + j] = s / u;
    }
  }
  // Uᵀ z = b, then U x = z.
  for (let i = 0; i < f; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= A[k * f + i] * b[k];
    b[i] = s / A[i * f + i];
  }
  for (let i = f - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < f; k++) s -= A[i * f + k] * b[k];
    b[i] = s / A[i * f + i];
  }
}
