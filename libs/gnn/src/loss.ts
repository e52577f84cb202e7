/**
 * Link-prediction losses on (anchor, positive) pairs against negatives shared by the batch.
 * Scores are dot products of unit vectors divided by a temperature.
 *
 * The batch × negatives part (scores → loss, and its gradient) is one custom op in plain JS: on
 * wasm the broadcasting element-wise kernels tf would chain here (sub, exp, softplus, masks and
 * their gradients) took most of a training step. Only the two matrix products stay in tf.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from './options';
import { matMul } from './ops';

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export interface ScoreLoss {
  loss: number;
  /** ∂loss/∂pos [B] and ∂loss/∂neg [B × N]. */
  dPos: Float32Array;
  dNeg: Float32Array;
}

/**
 * Loss and gradient from logits: `pos` [B], `neg` [B × N] row-major, `keep` [B × N] (0 drops a
 * negative, e.g. the anchor's own positive drawn as a negative).
 *  - bpr: mean over kept (b, j) of −log σ(pos_b − neg_bj)
 *  - softmax: mean over b of −log( e^{pos_b} / (e^{pos_b} + Σ_kept e^{neg_bj}) )
 */
export function scoreLoss(kind: LossKind, pos: Float32Array, neg: Float32Array, keep?: Float32Array): ScoreLoss {
  const b = pos.length;
  const n = b === 0 ? 0 : neg.length / b;
  const dPos = new Float32Array(b);
  const dNeg = new Float32Array(neg.length);
  let loss = 0;
  if (kind === 'bpr') {
    let pairs = 0;
    if (keep) for (let i = 0; i < keep.length; i++) pairs += keep[i];
    else pairs = neg.length;
    if (pairs === 0) return { loss: 0, dPos, dNeg };
    for (let r = 0; r < b; r++) {
      for (let j = 0; j < n; j++) {
        const k = r * n + j;
        if (keep && keep[k] === 0) continue;
        const x = pos[r] - neg[k];
        loss += softplus(-x);
        const g = -sigmoid(-x) / pairs; // d/dx of −log σ(x) is −σ(−x)
        dPos[r] += g;
        dNeg[k] = -g;
      }
    }
    return { loss: loss / pairs, dPos, dNeg };
  }
  // exp(neg − max) once per entry (kept in doubles, so dNeg rounds exactly as when it was computed twice).
  const e = new Float64Array(n);
  for (let r = 0; r < b; r++) {
    const o = r * n;
    let max = pos[r];
    for (let j = 0; j < n; j++) if ((!keep || keep[o + j] !== 0) && neg[o + j] > max) max = neg[o + j];
    let sum = Math.exp(pos[r] - max);
    for (let j = 0; j < n; j++) {
      if (!keep || keep[o + j] !== 0) {
        e[j] = Math.exp(neg[o + j] - max);
        sum += e[j];
      }
    }
    loss += Math.log(sum) + max - pos[r];
    dPos[r] = (Math.exp(pos[r] - max) / sum - 1) / b;
    for (let j = 0; j < n; j++) if (!keep || keep[o + j] !== 0) dNeg[o + j] = e[j] / sum / b;
  }
  return { loss: loss / Math.max(1, b), dPos, dNeg };
}

/** A new array of `x` × `f` (rounded to float32 as `Float32Array.map` did). */
function scaled(x: Float32Array, f: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * f;
  return out;
}

/** Per-item logit offsets: `pos` [B] for the positives, `neg` [N] for the shared negatives. */
export interface LogitBias {
  pos: tf.Tensor1D;
  neg: tf.Tensor1D;
}

/**
 * `scoreLoss` of the logits `scale` × scores (+ `bias`: pos_b + bPos_b, neg_bj + bNeg_j), as a
 * differentiable tf op; the bias gradients are dPos and the column sums of dNeg.
 */
export function scoreLossOp(kind: LossKind, pos: tf.Tensor1D, neg: tf.Tensor2D, scale: number, keep?: Float32Array, bias?: LogitBias): tf.Scalar {
  const [b, n] = neg.shape;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [pt, qt, bp, bn] = args as tf.Tensor[];
    // Plain loops, not typed-array map with a callback: over B × N entries that was ~¼ of the op.
    const p = scaled(pt.dataSync() as Float32Array, scale);
    const q = scaled(qt.dataSync() as Float32Array, scale);
    if (bp && bn) {
      const bpv = bp.dataSync() as Float32Array;
      const bnv = bn.dataSync() as Float32Array;
      for (let r = 0; r < b; r++) {
        p[r] += bpv[r];
        const o = r * n;
        for (let j = 0; j < n; j++) q[o + j] += bnv[j];
      }
    }
    const r = scoreLoss(kind, p, q, keep);
    return {
      value: tf.scalar(r.loss),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync()[0];
        const gs = g * scale; // one factor, as before the bias: the same float rounding, the same seeded runs
        const grads = [tf.tensor1d(scaled(r.dPos, gs)), tf.tensor2d(scaled(r.dNeg, gs), [b, n])];
        if (!bias) return grads;
        const dbn = new Float32Array(n);
        for (let row = 0; row < b; row++) {
          const o = row * n;
          for (let j = 0; j < n; j++) dbn[j] += r.dNeg[o + j] * g;
        }
        return [...grads, tf.tensor1d(scaled(r.dPos, g)), tf.tensor1d(dbn)];
      },
    };
  });
  return (bias ? op(pos, neg, bias.pos, bias.neg) : op(pos, neg)) as tf.Scalar;
}

/**
 * Loss of anchors `a` [B, d] with positives `p` [B, d] and shared negatives `n` [N, d]; `keep`
 * [B × N] (1 = keep) drops negatives that are the anchor's own positive; `bias` adds per-item logits.
 */
export function linkLoss(kind: LossKind, a: tf.Tensor2D, p: tf.Tensor2D, n: tf.Tensor2D, temperature: number, keep?: Float32Array, bias?: LogitBias): tf.Scalar {
  const pos = tf.sum(tf.mul(a, p), 1) as tf.Tensor1D;
  const neg = matMul(a, tf.transpose(n));
  return scoreLossOp(kind, pos, neg, 1 / temperature, keep, bias);
}
