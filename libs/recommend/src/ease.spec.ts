import { MemoryBudgetError } from './budget';
import { invertSpdInPlace, JS_KERNEL, NotPositiveDefiniteError } from './dense-inverse';
import { EaseRecommender, easeBytes, gram, scaledEaseLambda } from './ease';
import { tinyTrain } from './testing';
import { trainDataFrom } from './recommender';

/**
 * Hand computation on tinyTrain (u0 {0,1}, u1 {0,1,2}, u2 {0,2}, u3 {3}) with λ = 1:
 * XᵀX + I = [[4,2,2,0],[2,3,1,0],[2,1,3,0],[0,0,0,2]]; the 3×3 block has determinant 16 and
 * inverse [[8,−4,−4],[−4,8,0],[−4,0,8]]/16, P33 = 1/2. B_ij = −P_ij/P_jj:
 * B01 = B02 = B10 = B20 = 0.25/0.5 = 0.5, B12 = B21 = 0, every entry with item 3 is 0, diag 0.
 */
const EXPECTED_B = [
  [0, 0.5, 0.5, 0],
  [0.5, 0, 0, 0],
  [0.5, 0, 0, 0],
  [0, 0, 0, 0],
];

describe('EaseRecommender', () => {
  it('builds XᵀX + λI', () => {
    expect(Array.from(gram(tinyTrain(), 1))).toEqual([4, 2, 2, 0, 2, 3, 1, 0, 2, 1, 3, 0, 0, 0, 0, 2]);
  });

  it.each([
    ['plain JS', JS_KERNEL],
    ['auto (TensorFlow.js wasm when it starts)', 'auto' as const],
  ])('matches the hand-computed B on a 4×4 case (%s kernel)', async (_label, kernel) => {
    const model = new EaseRecommender({ lambda: 1, kernel, block: 3 });
    await model.fit(tinyTrain());
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(model.weight(i, j)).toBeCloseTo(EXPECTED_B[i][j], 6);
    // u0 {0,1}: x·B = [0.5, 0.5, 0.5, 0]; item 2 before item 3, seen items removed.
    expect(Array.from(model.recommend(0, 2))).toEqual([2, 3]);
    expect(Array.from(model.score(2, Int32Array.from([1, 3])))).toEqual([0.5, 0]);
  });

  it('EDLAE (dropout p) raises each ridge by p/(1 − p) × the Gram diagonal, by hand on the 4×4 case', async () => {
    // p = 0.5, λ = 1: diagonal 2·G_ii + 1 → block [[7,2,2],[2,5,1],[2,1,5]], det 136, adjugate rows
    // [24,−8,−8], [−8,31,−3], [−8,−3,31]; B_ij = −P_ij / P_jj.
    const model = new EaseRecommender({ lambda: 1, dropout: 0.5, kernel: JS_KERNEL });
    await model.fit(tinyTrain());
    expect(model.name).toBe('edlae(p=0.5,λ=1,binary)');
    expect(model.weight(0, 1)).toBeCloseTo(8 / 31, 6);
    expect(model.weight(1, 0)).toBeCloseTo(1 / 3, 6);
    expect(model.weight(1, 2)).toBeCloseTo(3 / 31, 6);
    expect(model.weight(1, 1)).toBe(0);
    expect(() => new EaseRecommender({ dropout: 1 })).toThrow(RangeError);
  });

  it('leaves no TensorFlow.js tensors behind (a leak aborts wasm on large catalogues)', async () => {
    const tf = await import('@tensorflow/tfjs');
    await new EaseRecommender({ lambda: 1, block: 2 }).fit(tinyTrain());
    const before = tf.memory().numTensors;
    const model = new EaseRecommender({ lambda: 1, block: 2 });
    await model.fit(tinyTrain());
    expect(tf.memory().numTensors).toBe(before);
    if (process.env.GRAPHREC_TF_BACKEND !== 'cpu') expect(model.kernelName).toBe('tfjs-wasm');
  });

  it('refuses a catalogue over the memory budget with the numbers', async () => {
    const big = trainDataFrom(1, 3000, { users: Int32Array.from([0]), items: Int32Array.from([2999]) });
    const model = new EaseRecommender({ maxBytes: 1e6, kernel: JS_KERNEL });
    await expect(model.fit(big)).rejects.toThrow(MemoryBudgetError);
    await expect(model.fit(big)).rejects.toThrow(/3,000 items need 0\.\d\d GiB/);
    expect(easeBytes(3000)).toBeGreaterThan(4 * 3000 * 3000);
  });
});

describe('invertSpdInPlace', () => {
  function randomSpd(n: number): Float32Array {
    let s = 12345;
    const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
    const x = Array.from({ length: 3 * n * n }, rnd);
    const a = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let v = i === j ? 0.5 : 0;
        for (let u = 0; u < 3 * n; u++) v += x[u * n + i] * x[u * n + j];
        a[i * n + j] = v;
      }
    }
    return a;
  }

  it.each([1, 4, 7, 30])('inverts a 23×23 SPD matrix with block %i (A·A⁻¹ = I)', (block) => {
    const n = 23;
    const a = randomSpd(n);
    const inv = a.slice();
    invertSpdInPlace(inv, n, JS_KERNEL, { block, stripeFloats: 5 * n });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let v = 0;
        for (let p = 0; p < n; p++) v += a[i * n + p] * inv[p * n + j];
        expect(v).toBeCloseTo(i === j ? 1 : 0, 4);
      }
    }
  });

  it('says when the matrix is not positive definite', () => {
    expect(() => invertSpdInPlace(Float32Array.from([1, 2, 2, 1]), 2)).toThrow(NotPositiveDefiniteError);
  });
});

describe('scaledEaseLambda', () => {
  it('is the ridge times the mean number of users per item, at least 1', () => {
    expect(scaledEaseLambda([100, 300, 200])).toBeCloseTo(0.25 * 200, 12);
    expect(scaledEaseLambda([100, 300, 200], 1)).toBeCloseTo(200, 12);
    expect(scaledEaseLambda([1, 1])).toBe(1);
    expect(scaledEaseLambda([])).toBe(1);
  });
});
