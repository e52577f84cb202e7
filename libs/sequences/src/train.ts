/**
 * Training with session-parallel mini-batches and one-step truncated backpropagation (as GRU4Rec:
 * the hidden state is carried across steps but gradients stop at the step boundary), a softmax
 * cross-entropy over all items when the catalogue is small, else over the batch's own targets plus
 * `negatives` popularity-sampled items (in-batch negatives; another lane's identical target is
 * masked out so that an item is never its own negative).
 */
import * as tf from '@tensorflow/tfjs';
import { LaneScheduler, LaneStep, Stream } from './lanes';
import { SessionNetwork } from './network';
import { createRng, shuffleInPlace } from '@graphrec/graph-model';

export interface TrainOptions {
  batch: number;
  learningRate: number;
  /** Extra shared negatives per step in sampled mode. */
  negatives: number;
  /** Full softmax up to this many items; sampled softmax above. */
  fullSoftmaxMaxItems: number;
  seed: number;
}

export interface EpochStats {
  loss: number;
  events: number;
  seconds: number;
}

/** One epoch over the streams in a seeded random order. */
export function trainEpoch(net: SessionNetwork, optimizer: tf.Optimizer, streams: readonly Stream[], options: TrainOptions, epoch: number, popularity: Float64Array): EpochStats {
  const started = performance.now();
  const rng = createRng(options.seed * 1000 + epoch);
  const order = shuffleInPlace(Int32Array.from(streams, (_, i) => i), rng);
  const lanes = new LaneScheduler(Array.from(order, (i) => streams[i]), options.batch);
  const sampler = popularitySampler(popularity, rng);
  const full = net.config.nItems <= options.fullSoftmaxMaxItems;
  const vars = net.variables();
  let state = tf.tidy(() => net.zeroState(options.batch));
  let lossSum = 0;
  let steps = 0;
  let events = 0;
  const lossTensors: tf.Scalar[] = [];
  for (let st = lanes.advance(); st; st = lanes.advance()) {
    const n = st.active.reduce((a, b) => a + b, 0);
    const inputs = stepTensors(st);
    const weight = tf.tensor1d(Float32Array.from(st.active));
    const candidates = full ? undefined : candidateSet(st, sampler, options.negatives);
    let next: { h: tf.Tensor2D; u: tf.Tensor2D } | undefined;
    const cost = optimizer.minimize(
      () => {
        const out = net.step(inputs, state.h, state.u);
        next = { h: tf.keep(out.h), u: tf.keep(out.u) };
        let logits: tf.Tensor2D;
        let labels: tf.Tensor1D;
        if (candidates) {
          logits = tf.add(net.scoreSome(out.h, candidates.items), candidates.mask);
          labels = candidates.labels;
        } else {
          logits = net.scoreAll(out.h);
          labels = inputs.target;
        }
        const logp = tf.logSoftmax(logits);
        const picked = tf.sum(tf.mul(logp, tf.oneHot(labels, logits.shape[1])), 1);
        return tf.div(tf.neg(tf.sum(tf.mul(picked, weight))), Math.max(1, n)) as tf.Scalar;
      },
      true,
      vars,
    );
    if (cost) lossTensors.push(cost);
    tf.dispose([inputs.input, inputs.newSession, inputs.newUser, inputs.target, weight, state.h, state.u]);
    if (candidates) tf.dispose([candidates.items, candidates.mask, candidates.labels]);
    state = next as { h: tf.Tensor2D; u: tf.Tensor2D };
    events += n;
    steps++;
    // Reading the loss back forces a sync; batching the reads keeps the pipeline busy.
    if (lossTensors.length >= 50) lossSum += drain(lossTensors);
  }
  lossSum += drain(lossTensors);
  tf.dispose([state.h, state.u]);
  return { loss: lossSum / Math.max(1, steps), events, seconds: (performance.now() - started) / 1000 };
}

/** The sum of the pending step losses (each a mean over its lanes); frees them. */
function drain(list: tf.Scalar[]): number {
  if (!list.length) return 0;
  const total = tf.tidy(() => tf.addN(list).dataSync()[0]);
  tf.dispose(list);
  list.length = 0;
  return total;
}

export function stepTensors(st: LaneStep): { input: tf.Tensor1D; target: tf.Tensor1D; newSession: tf.Tensor2D; newUser: tf.Tensor2D } {
  const w = st.active.length;
  return {
    input: tf.tensor1d(Int32Array.from(st.input), 'int32'),
    target: tf.tensor1d(Int32Array.from(st.target), 'int32'),
    newSession: tf.tensor2d(Float32Array.from(st.newSession), [w, 1]),
    newUser: tf.tensor2d(Float32Array.from(st.newUser), [w, 1]),
  };
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

/**
 * Candidates: every lane's target (column l is lane l's own) then shared samples; a column holding
 * the same item as the row's target, other than its own, is masked with −1e9.
 */
function candidateSet(st: LaneStep, sample: () => number, negatives: number): { items: tf.Tensor1D; mask: tf.Tensor2D; labels: tf.Tensor1D } {
  const w = st.target.length;
  const items = new Int32Array(w + negatives);
  items.set(st.target);
  for (let i = 0; i < negatives; i++) items[w + i] = sample();
  const mask = new Float32Array(w * items.length);
  for (let r = 0; r < w; r++) {
    const t = st.target[r];
    for (let c = 0; c < items.length; c++) if (c !== r && items[c] === t) mask[r * items.length + c] = -1e9;
  }
  return { items: tf.tensor1d(items, 'int32'), mask: tf.tensor2d(mask, [w, items.length]), labels: tf.tensor1d(Int32Array.from({ length: w }, (_, i) => i), 'int32') };
}
