/**
 * Inference. `embedAll` runs layer by layer over the whole graph (PyG's layer-wise `inference`):
 * layer l is computed for every node from the stored layer l−1 outputs and all neighbours, so a
 * node's neighbourhood is visited once per layer instead of once per seed batch and hop. It uses
 * every neighbour (the exact weighted mean the sampler estimates in training), so it is
 * deterministic. `embedNodes` computes a few nodes the same way from their K-hop neighbourhood
 * and agrees with `embedAll` up to float rounding.
 *
 * Inductive use: a graph projected later (with the model's encoders) may have more nodes. A node
 * beyond the model's id-embedding table gets the mean id-embedding row (see docs/gnn.md).
 */
import * as tf from '@tensorflow/tfjs';
import type { HeteroGraph, ProjectedLabel } from '@graphrec/projection';
import { createRng } from '@graphrec/graph-model';
import { checkGraph, inputDim, inputRows, outputDim } from './model';
import type { GraphSageConfig, TrainedModel, WeightArray } from './options';
import { layerSpec } from './options';
import { Params, sageForward, sageLayer } from './sage-layer';
import { NeighbourSampler, uniqueIndex } from './sampler';
import type { NeighbourNorm } from './sampler';

export interface Embeddings {
  dimension: number;
  /** Row-major n × dimension, unit rows (a node without any input signal may be all zero). */
  User: Float32Array;
  Product: Float32Array;
  Device: Float32Array;
}

/** Dense weights as tensors (id tables stay in JS: only their rows are ever read). Dispose with `disposeParams`. */
export function paramsFromWeights(weights: Record<string, WeightArray>): Params {
  const params: Params = {};
  for (const [name, w] of Object.entries(weights)) if (!name.startsWith('id.')) params[name] = tf.tensor(w.values, w.shape);
  return params;
}

export function disposeParams(params: Params): void {
  for (const t of Object.values(params)) t.dispose();
}

function gatherRows(table: Float32Array, dim: number, nodes: Int32Array): Float32Array {
  const out = new Float32Array(nodes.length * dim);
  for (let i = 0; i < nodes.length; i++) out.set(table.subarray(nodes[i] * dim, (nodes[i] + 1) * dim), i * dim);
  return out;
}

function normaliseRows(values: Float32Array, dim: number): Float32Array {
  for (let r = 0; r < values.length / dim; r++) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += values[r * dim + c] ** 2;
    const inv = 1 / Math.sqrt(s + 1e-12);
    for (let c = 0; c < dim; c++) values[r * dim + c] *= inv;
  }
  return values;
}

function edgeTypesIn(config: GraphSageConfig) {
  return config.edgeTypes;
}

/** Models saved before the option existed used the mean. */
function neighbourNorm(config: GraphSageConfig): NeighbourNorm {
  return config.options.neighbourNorm ?? 'mean';
}

export interface EmbedOptions {
  /** Destination nodes per layer call (memory vs. call overhead). */
  batchSize?: number;
}

/** Embeddings of every node of every label, layer-wise over the whole graph. */
export function embedAll(model: TrainedModel, graph: HeteroGraph, options: EmbedOptions = {}): Embeddings {
  const { config } = model;
  checkGraph(config, graph);
  const batch = options.batchSize ?? 8192;
  const sampler = new NeighbourSampler(graph, edgeTypesIn(config), neighbourNorm(config));
  const rng = createRng(0); // unused: every neighbour is kept
  const params = paramsFromWeights(model.weights);
  const d = config.options.outputDim;
  try {
    let h: Partial<Record<ProjectedLabel, Float32Array>> = {};
    for (const label of config.labels) {
      const all = Int32Array.from({ length: graph.nodes[label].size }, (_, i) => i);
      h[label] = inputRows(config, graph, label, all, model.weights);
    }
    const spec = layerSpec(config.options);
    // `light` sums layers 0..K (the input included), `sum` layers 1..K (see sageForward).
    const combine = spec.propagation === 'light' || spec.combine === 'sum';
    const sum: Partial<Record<ProjectedLabel, Float32Array>> = {};
    if (spec.propagation === 'light') for (const label of config.labels) sum[label] = (h[label] as Float32Array).slice();
    for (let layer = 0; layer < config.options.layers; layer++) {
      const last = layer === config.options.layers - 1;
      const width = outputDim(config, layer);
      const next: Partial<Record<ProjectedLabel, Float32Array>> = {};
      for (const label of config.labels) {
        const n = graph.nodes[label].size;
        const out = new Float32Array(n * width);
        for (let start = 0; start < n; start += batch) {
          const dst = Int32Array.from({ length: Math.min(batch, n - start) }, (_, i) => start + i);
          const block = sampler.block({ [label]: dst }, Infinity, rng);
          // tidy returns the tensor, not its values: tidy walks whatever it returns element by element
          // looking for tensors, which for a typed array took most of inference.
          const result = tf.tidy(() => {
            const hSrc: Partial<Record<ProjectedLabel, tf.Tensor2D>> = {};
            for (const l of config.labels) {
              const nodes = block.src[l];
              const table = h[l];
              if (!nodes || nodes.length === 0 || !table) continue;
              const dim = inputDim(config, layer, l);
              hSrc[l] = tf.tensor2d(gatherRows(table, dim, nodes), [nodes.length, dim]);
            }
            return sageLayer(params, layer, block, hSrc, spec, last)[label] as tf.Tensor2D;
          });
          out.set(result.dataSync() as Float32Array, start * width);
          result.dispose();
        }
        next[label] = out;
      }
      h = next;
      if (combine) {
        for (const label of config.labels) {
          const layerOut = h[label] as Float32Array;
          const acc = sum[label];
          if (acc) for (let i = 0; i < acc.length; i++) acc[i] += layerOut[i];
          else sum[label] = layerOut.slice();
        }
      }
    }
    const final = combine ? sum : h;
    const result = (label: ProjectedLabel) => normaliseRows(final[label] ?? new Float32Array(0), d);
    return { dimension: d, User: result('User'), Product: result('Product'), Device: result('Device') };
  } finally {
    disposeParams(params);
  }
}

/**
 * Embeddings of `indices` of `label` (row-major, in the given order), from their K-hop
 * neighbourhoods with every neighbour kept. Meant for a few nodes (new users, a product just
 * added); for all nodes `embedAll` is faster.
 */
export function embedNodes(model: TrainedModel, graph: HeteroGraph, label: ProjectedLabel, indices: Int32Array, options: EmbedOptions = {}): Float32Array {
  const { config } = model;
  checkGraph(config, graph);
  const size = graph.nodes[label].size;
  for (const i of indices) if (i < 0 || i >= size) throw new RangeError(`${label} index ${i} outside 0..${size - 1}`);
  const { unique, position } = uniqueIndex(indices, size);
  const d = config.options.outputDim;
  const batch = options.batchSize ?? 512;
  const sampler = new NeighbourSampler(graph, edgeTypesIn(config), neighbourNorm(config));
  const rng = createRng(0);
  const fanouts = new Array<number>(config.options.layers).fill(Infinity);
  const params = paramsFromWeights(model.weights);
  const byUnique = new Float32Array(unique.length * d);
  try {
    for (let start = 0; start < unique.length; start += batch) {
      const seeds = unique.subarray(start, Math.min(unique.length, start + batch));
      const blocks = sampler.blocks({ [label]: seeds }, fanouts, rng);
      const result = tf.tidy(() => {
        const input: Partial<Record<ProjectedLabel, tf.Tensor2D>> = {};
        for (const l of config.labels) {
          const nodes = blocks[0].src[l];
          if (!nodes || nodes.length === 0) continue;
          input[l] = tf.tensor2d(inputRows(config, graph, l, nodes, model.weights), [nodes.length, inputDim(config, 0, l)]);
        }
        return sageForward(params, blocks, input, layerSpec(config.options))[label] as tf.Tensor2D;
      });
      byUnique.set(result.dataSync() as Float32Array, start * d);
      result.dispose();
    }
  } finally {
    disposeParams(params);
  }
  const out = new Float32Array(indices.length * d);
  for (let i = 0; i < indices.length; i++) out.set(byUnique.subarray(position[i] * d, (position[i] + 1) * d), i * d);
  return out;
}
