/**
 * Weight averaging: one network whose weights are an average of the weights training passed
 * through, an ensemble-like gain at one network's serving cost (the 3-seed ensemble of
 * docs/sequences.md triples the live state and the step's CPU; an averaged network is an ordinary
 * network of the same shape).
 *  - EMA (Polyak–Ruppert averaging with an exponential window): after every optimizer step
 *    avg ← d · avg + (1 − d) · w, started at the first step's weights; the window is ~1/(1 − d) steps.
 *  - SWA (Izmailov et al. 2018, with the schedule's end-of-epoch points): the plain mean of the
 *    weights at the end of the last k epochs.
 * Pure: plain Float32Arrays in, plain Float32Arrays out (network.ts's `Weights`).
 */
import type { Weights } from './network';

export const MAX_SWA_EPOCHS = 100;
/** The longest EMA window, in epochs (neural.ts's emaEpochs). */
export const MAX_EMA_EPOCHS = 100;

/** Checks an EMA decay: 0 is off, else in (0, 1). */
export function checkEmaDecay(decay: number): number {
  if (!(decay === 0 || (decay > 0 && decay < 1))) throw new RangeError(`emaDecay must be 0 (off) or in (0, 1), got ${decay}`);
  return decay;
}

/** Checks an SWA window: 0 or 1 is off (the last epoch's weights), else the epochs averaged. */
export function checkSwaEpochs(epochs: number): number {
  if (!Number.isInteger(epochs) || epochs < 0 || epochs > MAX_SWA_EPOCHS) throw new RangeError(`swaEpochs must be an integer in 0..${MAX_SWA_EPOCHS}, got ${epochs}`);
  return epochs;
}

function copy(w: Weights): Weights {
  return Object.fromEntries(Object.entries(w).map(([name, x]) => [name, { shape: [...x.shape], values: x.values.slice() }]));
}

function sameShape(a: Weights, b: Weights): void {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) throw new Error('weight averaging: the networks have different weights');
  for (const name of names) {
    if (!b[name] || b[name].values.length !== a[name].values.length) throw new Error(`weight averaging: ${name} missing or of another size`);
  }
}

/** The exponential moving average of a network's weights (step by step). */
export class EmaWeights {
  private avg: Weights | undefined;
  steps = 0;

  constructor(readonly decay: number) {
    checkEmaDecay(decay);
  }

  /** Folds in the weights after one more step (`w` is read, never kept: live views are fine). */
  update(w: Weights): void {
    this.steps++;
    if (!this.avg) {
      this.avg = copy(w);
      return;
    }
    sameShape(this.avg, w);
    const d = this.decay;
    const e = 1 - d;
    for (const name of Object.keys(this.avg)) {
      const a = this.avg[name].values;
      const x = w[name].values;
      for (let i = 0; i < a.length; i++) a[i] = d * a[i] + e * x[i];
    }
  }

  /** The average so far (a copy); undefined before the first step. */
  value(): Weights | undefined {
    return this.avg && copy(this.avg);
  }
}

/** The element-wise mean of snapshots of one network. */
export function meanWeights(list: readonly Weights[]): Weights {
  if (!list.length) throw new RangeError('meanWeights: no weights to average');
  const out = copy(list[0]);
  for (const w of list.slice(1)) {
    sameShape(out, w);
    for (const name of Object.keys(out)) {
      const a = out[name].values;
      const x = w[name].values;
      for (let i = 0; i < a.length; i++) a[i] += x[i];
    }
  }
  const n = list.length;
  for (const name of Object.keys(out)) {
    const a = out[name].values;
    for (let i = 0; i < a.length; i++) a[i] /= n;
  }
  return out;
}

/** The last `k` end-of-epoch snapshots, and their mean (SWA). */
export class SwaWindow {
  private readonly kept: Weights[] = [];

  constructor(readonly epochs: number) {
    checkSwaEpochs(epochs);
  }

  /** Adds the weights at the end of an epoch (copied). */
  push(w: Weights): void {
    this.kept.push(copy(w));
    while (this.kept.length > Math.max(1, this.epochs)) this.kept.shift();
  }

  value(): Weights | undefined {
    return this.kept.length ? meanWeights(this.kept) : undefined;
  }
}
