/**
 * Link-prediction losses on (anchor, positive) pairs against negatives shared by the batch.
 * Scores are dot products of unit vectors divided by a temperature. log σ is written as
 * −softplus(−x): tf.logSigmoid's gradient throws unless its input is a variable.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from './options';

/** −log σ(x), element-wise. */
export function negLogSigmoid(x: tf.Tensor): tf.Tensor {
  return tf.softplus(tf.neg(x));
}

/** BPR: mean over anchors and negatives of −log σ(s⁺ − s⁻). `pos` [B], `neg` [B, N]. */
export function bprLoss(pos: tf.Tensor1D, neg: tf.Tensor2D): tf.Scalar {
  return tf.mean(negLogSigmoid(tf.sub(tf.expandDims(pos, 1), neg))) as tf.Scalar;
}

/** Sampled softmax: mean over anchors of −log( e^{s⁺} / (e^{s⁺} + Σ e^{s⁻}) ). */
export function sampledSoftmaxLoss(pos: tf.Tensor1D, neg: tf.Tensor2D): tf.Scalar {
  const logits = tf.concat([tf.expandDims(pos, 1), neg], 1);
  return tf.mean(tf.sub(tf.logSumExp(logits, 1), pos)) as tf.Scalar;
}

/**
 * Loss of anchors `a` [B, d] with positives `p` [B, d] and shared negatives `n` [N, d].
 * `mask` [B, N] (1 = keep) removes negatives that are the anchor's own positive.
 */
export function linkLoss(kind: LossKind, a: tf.Tensor2D, p: tf.Tensor2D, n: tf.Tensor2D, temperature: number, mask?: tf.Tensor2D): tf.Scalar {
  const scale = 1 / temperature;
  const pos = tf.mul(tf.sum(tf.mul(a, p), 1), scale) as tf.Tensor1D;
  let neg = tf.mul(tf.matMul(a, n, false, true), scale) as tf.Tensor2D;
  if (mask) {
    // A masked negative gets a very low score: no weight in the softmax, ~0 loss in BPR.
    neg = tf.add(tf.mul(neg, mask), tf.mul(tf.sub(1, mask), -1e4)) as tf.Tensor2D;
  }
  return kind === 'bpr' ? bprLoss(pos, neg) : sampledSoftmaxLoss(pos, neg);
}
