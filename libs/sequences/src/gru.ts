/**
 * A GRU cell (Cho et al. 2014, GRU4Rec's convention) in TensorFlow.js:
 *   z = σ(x Wz + h Uz + bz),  r = σ(x Wr + h Ur + br)
 *   ĥ = tanh(x Wh + (r ⊙ h) Uh + bh),  h' = (1 − z) ⊙ h + z ⊙ ĥ
 * The input weights of the three gates are one matrix (one matMul instead of three: on wasm each op
 * has a fixed cost that dominates at these sizes).
 */
import * as tf from '@tensorflow/tfjs';

export interface GruWeights {
  /** [input, 3·hidden]: z, r, candidate. */
  wx: tf.Variable;
  /** [hidden, 2·hidden]: z, r. */
  uzr: tf.Variable;
  /** [hidden, hidden]: candidate. */
  uh: tf.Variable;
  /** [3·hidden]. */
  b: tf.Variable;
}

/** Glorot-uniform weights from a seed; zero biases. */
export function initGru(name: string, input: number, hidden: number, seed: number): GruWeights {
  const glorot = (rows: number, cols: number, s: number) => {
    const a = Math.sqrt(6 / (rows + cols));
    return tf.randomUniform([rows, cols], -a, a, 'float32', s);
  };
  return {
    wx: tf.variable(glorot(input, 3 * hidden, seed), true, `${name}/wx`),
    uzr: tf.variable(glorot(hidden, 2 * hidden, seed + 1), true, `${name}/uzr`),
    uh: tf.variable(glorot(hidden, hidden, seed + 2), true, `${name}/uh`),
    b: tf.variable(tf.zeros([3 * hidden]), true, `${name}/b`),
  };
}

export function gruVariables(w: GruWeights): tf.Variable[] {
  return [w.wx, w.uzr, w.uh, w.b];
}

/** One step: x [batch, input], h [batch, hidden] → h' [batch, hidden]. */
export function gruStep(w: Pick<GruWeights, 'wx' | 'uzr' | 'uh' | 'b'> | Record<'wx' | 'uzr' | 'uh' | 'b', tf.Tensor>, x: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
  const hidden = h.shape[1];
  const gx = tf.add(tf.matMul(x, w.wx as tf.Tensor2D), w.b);
  const gh = tf.matMul(h, w.uzr as tf.Tensor2D);
  const [xz, xr, xh] = tf.split(gx, [hidden, hidden, hidden], 1) as tf.Tensor2D[];
  const [hz, hr] = tf.split(gh, [hidden, hidden], 1) as tf.Tensor2D[];
  const z = tf.sigmoid(tf.add(xz, hz));
  const r = tf.sigmoid(tf.add(xr, hr));
  const candidate = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), w.uh as tf.Tensor2D)));
  return tf.add(h, tf.mul(z, tf.sub(candidate, h))) as tf.Tensor2D;
}
