import { emaDecayFor } from './neural';
import type { Weights } from './network';
import { EmaWeights, SwaWindow, checkEmaDecay, checkSwaEpochs, meanWeights } from './weight-average';

const w = (a: number[], b: number[]): Weights => ({ a: { shape: [a.length], values: Float32Array.from(a) }, b: { shape: [b.length], values: Float32Array.from(b) } });
const plain = (x: Weights | undefined) => x && Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Array.from(v.values).map((y) => Math.round(y * 1e6) / 1e6)]));

describe('EmaWeights', () => {
  it('starts at the first weights, then folds in each step by the decay (hand-computed)', () => {
    const ema = new EmaWeights(0.5);
    expect(ema.value()).toBeUndefined();
    ema.update(w([2, 4], [0]));
    ema.update(w([4, 0], [8]));
    // 0.5·2 + 0.5·4 = 3, 0.5·4 + 0.5·0 = 2, 0.5·0 + 0.5·8 = 4
    expect(plain(ema.value())).toEqual({ a: [3, 2], b: [4] });
    ema.update(w([1, 2], [0]));
    expect(plain(ema.value())).toEqual({ a: [2, 2], b: [2] });
    expect(ema.steps).toBe(3);
  });

  it('never keeps the caller’s arrays (live views change under it) and gives copies', () => {
    const live = w([1, 1], [1]);
    const ema = new EmaWeights(0.9);
    ema.update(live);
    live.a.values[0] = 100;
    const v = ema.value() as Weights;
    expect(v.a.values[0]).toBe(1);
    v.a.values[0] = -5;
    expect((ema.value() as Weights).a.values[0]).toBe(1);
  });

  it('refuses weights of another shape and decays outside (0, 1)', () => {
    const ema = new EmaWeights(0.9);
    ema.update(w([1, 2], [3]));
    expect(() => ema.update(w([1], [3]))).toThrow(/a missing or of another size/);
    expect(() => ema.update({ a: w([1, 2], [3]).a })).toThrow(/different weights/);
    for (const d of [1, -0.1, 1.5, NaN]) expect(() => checkEmaDecay(d)).toThrow(RangeError);
    expect(checkEmaDecay(0)).toBe(0);
  });
});

describe('meanWeights and SwaWindow', () => {
  it('averages element-wise', () => {
    expect(plain(meanWeights([w([1, 2], [3]), w([3, 6], [0]), w([2, 1], [0])]))).toEqual({ a: [2, 3], b: [1] });
    expect(() => meanWeights([])).toThrow(RangeError);
  });

  it('keeps only the last k epochs', () => {
    const swa = new SwaWindow(2);
    expect(swa.value()).toBeUndefined();
    swa.push(w([100, 100], [100]));
    swa.push(w([1, 2], [3]));
    swa.push(w([3, 4], [5]));
    expect(plain(swa.value())).toEqual({ a: [2, 3], b: [4] });
    const one = new SwaWindow(0);
    one.push(w([1, 1], [1]));
    one.push(w([5, 5], [5]));
    expect(plain(one.value())).toEqual({ a: [5, 5], b: [5] });
    for (const k of [-1, 1.5, 101]) expect(() => checkSwaEpochs(k)).toThrow(RangeError);
  });
});

describe('emaDecayFor', () => {
  it('gives a window of about k epochs of steps, whatever the data size', () => {
    // 12,800 pairs in lanes of 128: 100 steps an epoch; 2 epochs → 200 steps → 1 − 1/200.
    expect(emaDecayFor(2, 12_800, 128)).toBeCloseTo(0.995, 10);
    expect(emaDecayFor(2, 128_000, 128)).toBeCloseTo(0.9995, 10);
    expect(emaDecayFor(0, 12_800, 128)).toBe(0);
    // A window under two steps still averages something (decay ≥ 0.5).
    expect(emaDecayFor(0.001, 10, 128)).toBe(0.5);
    expect(() => emaDecayFor(-1, 10, 128)).toThrow(RangeError);
    expect(() => emaDecayFor(NaN, 10, 128)).toThrow(RangeError);
  });
});
