/**
 * Heterogeneous GraphSAGE layer (HeteroConv of SAGEConv, R-GCN style): for a destination node v
 * of label T,
 *   h'_v = W_self,T · h_v + b_T + Σ_{edge types e into T} W_e · AGG_e({h_u : u ∈ N_e(v)})
 * with separate weights per relation and direction. AGG is the weighted mean (weights from the
 * sampler, summing to 1) or "pool": max over neighbours of ReLU(W_pool,e · h_u + b_pool,e).
 * ReLU between layers; the model's output is L2-normalised.
 *
 * The aggregations are sparse products with a block's constant adjacency, done in plain JS
 * (tf.customGrad) in both directions: tfjs has no sparse matmul, and gather + segment-sum would
 * materialise an edges × dim tensor per edge type, which is what made a step slow on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr } from '@graphrec/graph-model';
import type { ProjectedLabel } from '@graphrec/projection';
import { PROJECTED_LABELS } from '@graphrec/projection';
import type { EdgeType, LayerSpec } from './options';
import { weightName } from './options';
import { matMul } from './ops';
import type { Block } from './sampler';

export type Params = Record<string, tf.Tensor>;
export type LabelTensors = Partial<Record<ProjectedLabel, tf.Tensor2D>>;

/** y = A · x for a CSR `adj` (rows = outputs, targets = rows of x); gradient x̄ = Aᵀ · ȳ. The same op as a one-part `layerInput`. */
export function sparseMatMul(adj: Csr, x: tf.Tensor2D): tf.Tensor2D {
  return layerInput(adj.offsets.length - 1, [{ input: 0, adj }], [x]);
}

/** One column group of `layerInput`: rows of `inputs[input]`, copied (`adj` absent: the first rows, a node's own) or aggregated by `adj`. */
export interface InputPart {
  input: number;
  adj?: Csr;
}

/**
 * A layer's whole input [h_v | A_1·H_1 | … | A_E·H_E] for `rows` destinations, as one JS op with
 * a JS gradient. Built in tf it took a prefix slice, E sparse products and a column concat, whose
 * gradient is a column split: wasm slices non-contiguous columns in JS after copying the whole
 * source out of the heap, once per part, which cost more than the matrix products.
 * `sum`: the parts are added into the same columns instead of placed side by side (all inputs
 * then have one width): h_v + Σ_e A_e·H_e, the weightless propagation of `propagation: 'light'`.
 */
export function layerInput(rows: number, parts: readonly InputPart[], inputs: readonly tf.Tensor2D[], sum = false): tf.Tensor2D {
  const widths = inputs.map((t) => t.shape[1]);
  const width = sum ? Math.max(0, ...parts.map((p) => widths[p.input])) : parts.reduce((w, p) => w + widths[p.input], 0);
  if (sum && parts.some((p) => widths[p.input] !== width)) throw new Error('layerInput: summed parts need one width');
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = (args.slice(0, inputs.length) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array);
    const out = new Float32Array(rows * width);
    let col = 0;
    for (const part of parts) {
      const d = widths[part.input];
      // Forward: out[r, col..] += w · x[t] (a copy is the identity adjacency over the first rows).
      csrAccumulate(part.adj, rows, d, xs[part.input], d, 0, out, width, col, false);
      if (!sum) col += d;
    }
    return {
      value: tf.tensor2d(out, [rows, width]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const gx = inputs.map((t) => new Float32Array(t.shape[0] * t.shape[1]));
        let at = 0;
        for (const part of parts) {
          const d = widths[part.input];
          // Backward: x̄[t] += w · ȳ[r, at..] (the transpose of the same product).
          csrAccumulate(part.adj, rows, d, g, width, at, gx[part.input], d, 0, true);
          if (!sum) at += d;
        }
        return gx.map((v, i) => tf.tensor2d(v, inputs[i].shape));
      },
    };
  });
  return op(...inputs) as tf.Tensor2D;
}

/**
 * The one CSR multiply-accumulate loop behind every sparse product here, d columns wide, over
 * row-major arrays with their own strides and column offsets. For row r and entry (t, w) of
 * `adj` (the identity when absent: a node's own row):
 *   forward   b[r] += w · a[t]   (a = x, b = y)
 *   transpose b[t] += w · a[r]   (a = ȳ, b = x̄)
 * A monomorphic function over typed arrays, so V8 keeps the inner loop tight (written inline in
 * the op's closure it ran 5–10 ns per multiply-add).
 */
function csrAccumulate(adj: Csr | undefined, rows: number, d: number, a: Float32Array, aStride: number, aCol: number, b: Float32Array, bStride: number, bCol: number, transpose: boolean): void {
  if (!adj) {
    for (let r = 0; r < rows; r++) {
      const ao = r * aStride + aCol;
      const bo = r * bStride + bCol;
      for (let c = 0; c < d; c++) b[bo + c] += a[ao + c];
    }
    return;
  }
  const offsets = adj.offsets;
  const targets = adj.targets;
  const weights = adj.weights;
  // Unrolled by four: ~30 % faster in V8 than the plain column loop (it is ~¼ of a MovieLens step),
  // with the same operations in the same order, so the same floats.
  const d4 = d - (d % 4);
  for (let r = 0; r < rows; r++) {
    const end = offsets[r + 1];
    for (let k = offsets[r]; k < end; k++) {
      const w = weights[k];
      const ao = (transpose ? r : targets[k]) * aStride + aCol;
      const bo = (transpose ? targets[k] : r) * bStride + bCol;
      let c = 0;
      for (; c < d4; c += 4) {
        b[bo + c] += w * a[ao + c];
        b[bo + c + 1] += w * a[ao + c + 1];
        b[bo + c + 2] += w * a[ao + c + 2];
        b[bo + c + 3] += w * a[ao + c + 3];
      }
      for (; c < d; c++) b[bo + c] += w * a[ao + c];
    }
  }
}

/**
 * Per row of `adj`, the element-wise max of x over its neighbours (0 for none: x is a ReLU output,
 * so 0 is its least value). The gradient goes to the arg-max neighbour of each element.
 */
export function sparseMax(adj: Csr, x: tf.Tensor2D): tf.Tensor2D {
  const rows = adj.offsets.length - 1;
  const [n, d] = x.shape;
  const op = tf.customGrad((input: tf.Tensor | tf.GradSaveFunc) => {
    const xv = (input as tf.Tensor2D).dataSync() as Float32Array;
    const out = new Float32Array(rows * d);
    const arg = new Int32Array(rows * d).fill(-1);
    for (let r = 0; r < rows; r++) {
      const o = r * d;
      for (let k = adj.offsets[r]; k < adj.offsets[r + 1]; k++) {
        const s = adj.targets[k] * d;
        for (let c = 0; c < d; c++) {
          if (arg[o + c] === -1 || xv[s + c] > out[o + c]) {
            out[o + c] = xv[s + c];
            arg[o + c] = s + c;
          }
        }
      }
    }
    return {
      value: tf.tensor2d(out, [rows, d]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const gx = new Float32Array(n * d);
        for (let i = 0; i < arg.length; i++) if (arg[i] >= 0) gx[arg[i]] += g[i];
        return tf.tensor2d(gx, [n, d]);
      },
    };
  });
  return op(x) as tf.Tensor2D;
}

function param(params: Params, name: string): tf.Tensor {
  const p = params[name];
  if (!p) throw new Error(`missing weight ${name}`);
  return p;
}

/**
 * One layer over one block: `hSrc[label]` has a row per `block.src[label]` node; returns a row
 * per `block.dst[label]` node. `last`: no ReLU (the caller normalises).
 */
export function sageLayer(params: Params, layer: number, block: Block, hSrc: LabelTensors, spec: LayerSpec, last: boolean): LabelTensors {
  if (spec.propagation === 'light') return lightLayer(block, hSrc);
  const aggregator = spec.aggregator;
  const out: LabelTensors = {};
  for (const label of PROJECTED_LABELS) {
    const dst = block.dst[label];
    const h = hSrc[label];
    if (!dst || dst.length === 0 || !h) continue;
    // [self | agg_1 | … | agg_E] · [W_self; W_1; …; W_E]: one wide product instead of E + 1 narrow
    // ones and E additions (each a separate wasm kernel call, and again in the backward pass).
    // A mean over fewer source rows than destinations is projected first, A·(H·W) = (A·H)·W: on
    // the benchmark 30 products feed 20,000 devices, and projecting 30 rows instead of 20,000
    // halves a step's matrix work. Exact either way; only the cost differs.
    const into = block.edges.filter(({ type }) => type.dst === label && hSrc[type.src]);
    const projectFirst = aggregator === 'mean' ? into.filter(({ type }) => (hSrc[type.src] as tf.Tensor2D).shape[0] < dst.length) : [];
    const wide = into.filter((e) => !projectFirst.includes(e));
    const stacked: tf.Tensor2D[] = [param(params, weightName.self(layer, label)) as tf.Tensor2D];
    for (const { type } of wide) stacked.push(param(params, weightName.neigh(layer, type.key)) as tf.Tensor2D);
    let x: tf.Tensor2D;
    if (aggregator === 'mean') {
      const inputs: tf.Tensor2D[] = [h];
      const slot = (t: tf.Tensor2D) => (inputs.includes(t) ? inputs.indexOf(t) : inputs.push(t) - 1);
      x = layerInput(dst.length, [{ input: 0 }, ...wide.map(({ type, adj }) => ({ input: slot(hSrc[type.src] as tf.Tensor2D), adj }))], inputs);
    } else {
      const self = tf.slice(h, [0, 0], [dst.length, h.shape[1]]) as tf.Tensor2D;
      const parts = [self, ...wide.map(({ type, adj }) => poolAggregate(params, layer, type, adj, hSrc[type.src] as tf.Tensor2D))];
      x = parts.length === 1 ? self : (tf.concat(parts, 1) as tf.Tensor2D);
    }
    const w = stacked.length === 1 ? stacked[0] : (tf.concat(stacked, 0) as tf.Tensor2D);
    let z = tf.add(matMul(x, w), param(params, weightName.bias(layer, label)));
    for (const { type, adj } of projectFirst) {
      const projected = matMul(hSrc[type.src] as tf.Tensor2D, param(params, weightName.neigh(layer, type.key)) as tf.Tensor2D);
      z = tf.add(z, layerInput(dst.length, [{ input: 0, adj }], [projected]));
    }
    out[label] = (last ? z : tf.relu(z)) as tf.Tensor2D;
  }
  return out;
}

/**
 * LightGCN's propagation: h'_v = Σ_{edge types e into v's label} Σ_u a_vu · h_u, no weights, no
 * self term, no nonlinearity (the self view enters through the layer sum in `sageForward`). A
 * node without neighbours gets a zero row.
 */
function lightLayer(block: Block, hSrc: LabelTensors): LabelTensors {
  const out: LabelTensors = {};
  for (const label of PROJECTED_LABELS) {
    const dst = block.dst[label];
    const h = hSrc[label];
    if (!dst || dst.length === 0 || !h) continue;
    const into = block.edges.filter(({ type }) => type.dst === label && hSrc[type.src]);
    if (into.length === 0) {
      out[label] = tf.zeros([dst.length, h.shape[1]]);
      continue;
    }
    const inputs: tf.Tensor2D[] = [];
    const slot = (t: tf.Tensor2D) => (inputs.includes(t) ? inputs.indexOf(t) : inputs.push(t) - 1);
    out[label] = layerInput(dst.length, into.map(({ type, adj }) => ({ input: slot(hSrc[type.src] as tf.Tensor2D), adj })), inputs, true);
  }
  return out;
}

/** The pool aggregator's message (the mean goes through `layerInput`). */
function poolAggregate(params: Params, layer: number, type: EdgeType, adj: Csr, hs: tf.Tensor2D): tf.Tensor2D {
  const pooled = tf.relu(tf.add(matMul(hs, param(params, weightName.pool(layer, type.key)) as tf.Tensor2D), param(params, weightName.poolBias(layer, type.key))));
  return sparseMax(adj, pooled as tf.Tensor2D);
}

/** Rows scaled to unit length; the epsilon keeps a zero row (and its gradient) finite, where tf.norm's sqrt would give NaN. */
export function l2Normalise(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12))) as tf.Tensor2D;
}

/**
 * K layers over K blocks (input block first); `input[label]` has a row per `blocks[0].src[label]`
 * node. `spec.combine`: `last` — the last layer's output; `sum` — the sum of every layer's output
 * (the seeds are a prefix of each), as LightGCN's layer mean (the same after L2 normalisation):
 * the 1-hop view keeps a say next to the smoother K-hop one. `light` propagation always sums
 * layers 0..K, the input (id embedding) included, as LightGCN does.
 */
export function sageForward(params: Params, blocks: readonly Block[], input: LabelTensors, spec: LayerSpec): LabelTensors {
  let h = input;
  const seeds = blocks[blocks.length - 1].dst;
  const light = spec.propagation === 'light';
  const combine = light || spec.combine === 'sum';
  const sum: LabelTensors = {};
  const add = (layerOut: LabelTensors) => {
    for (const label of PROJECTED_LABELS) {
      const t = layerOut[label];
      const n = seeds[label]?.length ?? 0;
      if (!t || n === 0) continue;
      const part = tf.slice(t, [0, 0], [n, t.shape[1]]) as tf.Tensor2D;
      const prev = sum[label];
      sum[label] = prev ? (tf.add(prev, part) as tf.Tensor2D) : part;
    }
  };
  if (light) add(input);
  blocks.forEach((block, layer) => {
    h = sageLayer(params, layer, block, h, spec, layer === blocks.length - 1);
    if (combine) add(h);
  });
  const last = combine ? sum : h;
  const out: LabelTensors = {};
  for (const label of PROJECTED_LABELS) {
    const t = last[label];
    if (t) out[label] = l2Normalise(t);
  }
  return out;
}
