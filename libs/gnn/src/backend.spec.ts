/**
 * The wasm backend's BatchMatMul with a transposed operand is rerouted through an explicit
 * transpose (backend.ts `untransposedMatMul`: the library's transposed path is a plain loop, 6–14×
 * slower). The products and their gradients must be what a hand-written triple loop gives, for
 * every combination of flags and for batched (rank-3) operands, and no tensor memory may leak.
 */
import * as tf from '@tensorflow/tfjs';
import { initTf, transposedMatMulRerouted } from './backend';

/** Every data id the backend holds, the engine-tracked tensors and the kernel's own copies alike. */
const dataIds = () => tf.engine().backend.numDataIds();

beforeAll(() => initTf('wasm'));

/** C = op(A) · op(B) by the definition, from row-major arrays. */
function reference(a: number[][], b: number[][], ta: boolean, tb: boolean): number[][] {
  const A = ta ? a[0].map((_, j) => a.map((row) => row[j])) : a;
  const B = tb ? b[0].map((_, j) => b.map((row) => row[j])) : b;
  return A.map((row) => B[0].map((_, j) => row.reduce((s, x, k) => s + x * B[k][j], 0)));
}

function grid(rows: number, cols: number, seed: number): number[][] {
  let x = seed;
  const next = () => ((x = (x * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}

describe('BatchMatMul on wasm, transposed operands', () => {
  it('runs on wasm, with the reroute in place', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(transposedMatMulRerouted()).toBe(true);
  });

  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('transposeA %s, transposeB %s: the defined product, no leak', (ta, tb) => {
    // A is 5×7 as used (op(A)), B 7×3 (op(B)); stored transposed when the flag says so.
    const a = ta ? grid(7, 5, 11) : grid(5, 7, 11);
    const b = tb ? grid(3, 7, 23) : grid(7, 3, 23);
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    const ids = dataIds();
    const got = tf.tidy(() => tf.matMul(tf.tensor2d(a), tf.tensor2d(b), ta, tb).arraySync()) as number[][];
    const want = reference(a, b, ta, tb);
    expect(got).toHaveLength(5);
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
    // The transposed copies are made by the backend, untracked by the engine: freed by the wrapper.
    expect(dataIds()).toBe(ids);
  });

  it('batched (rank 3) operands, transposed: each batch its own product', () => {
    const a = [grid(4, 3, 5), grid(4, 3, 6)]; // two 4×3, used as 3×4 (transposeA)
    const b = [grid(2, 4, 7), grid(2, 4, 8)]; // two 2×4, used as 4×2 (transposeB)
    const got = tf.tidy(() => tf.matMul(tf.tensor3d(a), tf.tensor3d(b), true, true).arraySync()) as number[][][];
    for (let n = 0; n < 2; n++) {
      const want = reference(a[n], b[n], true, true);
      got[n].forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 5)));
    }
  });

  it('gradients (which are transposed products) match the definition', () => {
    const a = grid(4, 3, 31);
    const b = grid(3, 2, 37);
    const va = tf.variable(tf.tensor2d(a));
    const vb = tf.variable(tf.tensor2d(b));
    // d/dA sum(A·B ⊙ W) = W·Bᵀ ; d/dB = Aᵀ·W
    const w = grid(4, 2, 41);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.matMul(va, vb), tf.tensor2d(w))) as tf.Scalar);
    const dA = grads[va.name].arraySync() as number[][];
    const dB = grads[vb.name].arraySync() as number[][];
    const wantA = reference(w, b, false, true);
    const wantB = reference(a, w, true, false);
    dA.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(wantA[i][j], 5)));
    dB.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(wantB[i][j], 5)));
    tf.dispose([va, vb, ...Object.values(grads)]);
  });
});
