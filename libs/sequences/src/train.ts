/**
 * Training with session-parallel mini-batches and one-step truncated backpropagation (as GRU4Rec:
 * the hidden state is carried across steps but gradients stop at the step boundary). The loss is a
 * softmax cross-entropy over all items when the catalogue is small (≤ fullSoftmaxMaxItems), else a
 * sampled softmax over the batch's distinct targets (in-batch negatives) plus `negatives` shared
 * popularity-sampled items; candidates are distinct, so an item is never its own negative.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import { LaneScheduler, LaneStep, Stream } from './lanes';
import { SessionNetwork } from './network';

export interface TrainOptions {
  batch: number;
  learningRate: number;
  /** Extra shared negatives per step in sampled mode. */
  negatives: number;
  /** Full softmax up to this many items; sampled softmax above. */
  fullSoftmaxMaxItems: number;
  seed: number;
  /**
   * Dropout on the step's input embedding (Tan et al. 2016; GRU4Rec's dropout_p_embed) and on the
   * session state before scoring (dropout_p_hidden), training only; 0 (default) leaves training
   * exactly as without (no random draws are taken).
   */
  embeddingDropout?: number;
  hiddenDropout?: number;
}

export interface EpochStats {
  loss: number;
  /** Training pairs (input → next item) seen. */
  events: number;
  seconds: number;
}

/** An optimizer with its step count, shared by the dense (tfjs Adam) and the sparse (table) updates. */
export interface Trainer {
  optimizer: tf.Optimizer;
  learningRate: number;
  step: number;
}

export function createTrainer(learningRate: number): Trainer {
  return { optimizer: tf.train.adam(learningRate), learningRate, step: 0 };
}

/** Distinct values of `ids` in first-seen order, and each entry's index among them. */
function localise(ids: ArrayLike<number>): { distinct: Int32Array; local: Int32Array } {
  const index = new Map<number, number>();
  const local = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    let j = index.get(ids[i]);
    if (j === undefined) index.set(ids[i], (j = index.size));
    local[i] = j;
  }
  return { distinct: Int32Array.from(index.keys()), local };
}

/**
 * Distillation (Hinton et al. 2015): trained networks run alongside the student over the same lanes
 * (each with its own state), and the student's target is (1 − weight) · the next item + weight · the
 * teachers' mean softmax over the step's candidates.
 */
export interface Teachers {
  nets: readonly SessionNetwork[];
  weight: number;
}

/**
 * One epoch over the streams in a seeded random order; `afterStep` runs after every optimizer step
 * (weight averaging); `teachers` distil into the network.
 */
export function trainEpoch(net: SessionNetwork, trainer: Trainer, streams: readonly Stream[], options: TrainOptions, epoch: number, popularity: Float64Array, afterStep?: () => void, teachers?: Teachers): EpochStats {
  const started = performance.now();
  const rng = createRng(options.seed * 1000 + epoch);
  const order = Array.from(shuffleInPlace(Int32Array.from(streams, (_, i) => i), rng));
  if (net.config.kind === 'hrnn') {
    // User histories, longest first (stable: shuffled among equals). A lane that takes a long
    // history last keeps the epoch running with one busy lane (ML-100K: 93 s an epoch instead of
    // ~20); taken first, the short ones fill in around it. GRU4Rec's streams are single sessions.
    const length = (i: number) => streams[i].sessions.reduce((n, x) => n + x.items.length, 0);
    const lengths = new Map(order.map((i) => [i, length(i)]));
    order.sort((a, b) => (lengths.get(b) ?? 0) - (lengths.get(a) ?? 0));
  }
  const lanes = new LaneScheduler(order.map((i) => streams[i]), options.batch);
  const sample = popularitySampler(popularity, rng);
  const n = net.config.nItems;
  const full = n <= options.fullSoftmaxMaxItems;
  const allItems = full ? Int32Array.from({ length: n }, (_, i) => i) : undefined;
  const dense = net.variables();
  const { hidden } = net.config;
  const lr = trainer.learningRate;
  let state = tf.tidy(() => net.zeroState(options.batch));
  if (teachers && !(teachers.weight > 0 && teachers.weight <= 1)) throw new RangeError(`distillation weight must be in (0, 1], got ${teachers.weight}`);
  let teacherStates = teachers?.nets.map((t) => tf.tidy(() => t.zeroState(options.batch)));
  let lossSum = 0;
  let steps = 0;
  let events = 0;
  const tied = net.itemsIn === net.itemsOut;
  const pEmb = options.embeddingDropout ?? 0;
  const pHid = options.hiddenDropout ?? 0;
  for (const p of [pEmb, pHid]) if (!(p >= 0 && p < 1)) throw new RangeError(`dropout must be in [0, 1), got ${p}`);
  // Dropout masks from the epoch's seeded stream: a fixed tfjs seed would draw the same mask every step.
  const maskSeed = () => Math.floor(rng() * 2 ** 31);
  for (let st = lanes.advance(); st; st = lanes.advance()) {
    const active = st.active.reduce((a, b) => a + b, 0);
    const inputs = localise(st.input);
    const width = st.target.length;
    let candidates: Int32Array;
    let labels: Int32Array;
    let inputLocal: Int32Array;
    if (allItems) {
      candidates = allItems;
      labels = Int32Array.from(st.target);
      inputLocal = Int32Array.from(st.input);
    } else {
      // Tied: the inputs' rows come from the candidates' variable, so they are candidates too.
      const extra = tied ? width : 0;
      const ids = new Int32Array(width + extra + options.negatives);
      ids.set(st.target);
      if (tied) ids.set(st.input, width);
      for (let i = 0; i < options.negatives; i++) ids[width + extra + i] = sample();
      const c = localise(ids);
      candidates = c.distinct;
      labels = c.local.subarray(0, width);
      inputLocal = c.local.subarray(width, width + extra);
    }
    // tidy(): tf.variable() shares its initial tensor's data and that tensor would otherwise stay
    // allocated after the variable is disposed (a leak of one row block per step, which ended an
    // ML-100K run with a wasm abort after ~20 epochs).
    const inRows = tied ? undefined : tf.tidy(() => tf.variable(tf.tensor2d(net.itemsIn.gather(inputs.distinct), [inputs.distinct.length, net.itemsIn.cols])));
    const outRows = tf.tidy(() => tf.variable(tf.tensor2d(net.itemsOut.gather(candidates), [candidates.length, hidden])));
    const biasRows = tf.tidy(() => tf.variable(tf.tensor1d(net.biasOut.gather(candidates))));
    const flags = flagTensors(st);
    const local = tf.tensor1d(tied ? inputLocal : inputs.local, 'int32');
    const label = tf.tensor1d(labels, 'int32');
    const weight = tf.tensor1d(Float32Array.from(st.active));
    const soft = teachers && teacherStates ? teacherTargets(teachers, teacherStates, flags, st.input, candidates, allItems !== undefined) : undefined;
    if (soft) teacherStates = soft.states;
    const seenFlag = net.config.seenInput ? tf.tensor2d(Float32Array.from(st.seen), [st.seen.length, 1]) : undefined;
    let next: { h: tf.Tensor2D; u: tf.Tensor2D } | undefined;
    const rowVars = inRows ? [inRows, outRows, biasRows] : [outRows, biasRows];
    const embSeed = pEmb > 0 ? maskSeed() : 0;
    const hidSeed = pHid > 0 ? maskSeed() : 0;
    const { value, grads } = tf.variableGrads(() => {
      const rows = tf.gather(inRows ?? outRows, local) as tf.Tensor2D;
      const dropped = pEmb > 0 ? (tf.dropout(rows, pEmb, undefined, embSeed) as tf.Tensor2D) : rows;
      const x = seenFlag ? (tf.concat([dropped, seenFlag], 1) as tf.Tensor2D) : dropped;
      const out = net.step(flags, x, state.h, state.u);
      // The state carried to the next step is the undropped one: dropout regularises the scoring only.
      next = { h: tf.keep(out.h), u: tf.keep(out.u) };
      const scored = pHid > 0 ? tf.dropout(out.h, pHid, undefined, hidSeed) : out.h;
      const logits = tf.add(tf.matMul(scored, outRows, false, true), biasRows);
      const hard = tf.oneHot(label, candidates.length);
      const target = soft && teachers ? tf.add(tf.mul(hard, 1 - teachers.weight), tf.mul(soft.probs, teachers.weight)) : hard;
      const picked = tf.sum(tf.mul(tf.logSoftmax(logits), target), 1);
      return tf.div(tf.neg(tf.sum(tf.mul(picked, weight))), Math.max(1, active)) as tf.Scalar;
    }, [...dense, ...rowVars]);
    trainer.step++;
    trainer.optimizer.applyGradients(Object.fromEntries(dense.map((v) => [v.name, grads[v.name]])));
    if (inRows) net.itemsIn.adam(inputs.distinct, grads[inRows.name].dataSync() as Float32Array, lr, trainer.step);
    net.itemsOut.adam(candidates, grads[outRows.name].dataSync() as Float32Array, lr, trainer.step);
    net.biasOut.adam(candidates, grads[biasRows.name].dataSync() as Float32Array, lr, trainer.step);
    lossSum += value.dataSync()[0];
    tf.dispose([value, ...Object.values(grads), ...rowVars, flags.newSession, flags.newUser, local, label, weight, state.h, state.u]);
    seenFlag?.dispose();
    soft?.probs.dispose();
    state = next as { h: tf.Tensor2D; u: tf.Tensor2D };
    afterStep?.();
    events += active;
    steps++;
  }
  tf.dispose([state.h, state.u]);
  for (const t of teacherStates ?? []) tf.dispose([t.h, t.u]);
  net.tablesChanged();
  return { loss: lossSum / Math.max(1, steps), events, seconds: (performance.now() - started) / 1000 };
}

/** The teachers' next states (the old ones freed) and their mean softmax over the candidates. */
function teacherTargets(teachers: Teachers, states: { h: tf.Tensor2D; u: tf.Tensor2D }[], flags: { newSession: tf.Tensor2D; newUser: tf.Tensor2D }, input: ArrayLike<number>, candidates: Int32Array, full: boolean): { probs: tf.Tensor2D; states: { h: tf.Tensor2D; u: tf.Tensor2D }[] } {
  const next: { h: tf.Tensor2D; u: tf.Tensor2D }[] = [];
  const probs = tf.tidy(() => {
    let sum: tf.Tensor2D | undefined;
    teachers.nets.forEach((t, k) => {
      const out = t.step(flags, t.embed(input), states[k].h, states[k].u);
      next.push({ h: tf.keep(out.h), u: tf.keep(out.u) });
      const all = t.scoreAll(out.h);
      const logits = full ? all : (tf.gather(all, tf.tensor1d(candidates, 'int32'), 1) as tf.Tensor2D);
      const p = tf.softmax(logits) as tf.Tensor2D;
      sum = sum ? (tf.add(sum, p) as tf.Tensor2D) : p;
    });
    return tf.div(sum as tf.Tensor2D, teachers.nets.length) as tf.Tensor2D;
  });
  for (const s of states) tf.dispose([s.h, s.u]);
  return { probs, states: next };
}

export function flagTensors(st: LaneStep): { newSession: tf.Tensor2D; newUser: tf.Tensor2D } {
  const w = st.active.length;
  return { newSession: tf.tensor2d(Float32Array.from(st.newSession), [w, 1]), newUser: tf.tensor2d(Float32Array.from(st.newUser), [w, 1]) };
}

/** Popularity^0.75 sampling (word2vec's smoothing, also GRU4Rec's default sample_alpha). */
function popularitySampler(popularity: Float64Array, rng: () => number): () => number {
  const cdf = new Float64Array(popularity.length);
  let total = 0;
  popularity.forEach((p, i) => (cdf[i] = total += Math.pow(p, 0.75)));
  return () => {
    const x = rng() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
