/** Shapes, initial weights and input rows of the model; shared by the trainer and inference. */
import type { Rng } from '@graphrec/graph-model';
import type { HeteroGraph, ProjectedLabel } from '@graphrec/projection';
import type { GraphSageConfig, WeightArray } from './options';
import { weightName } from './options';

/** Whether layer 0 reads the feature columns: `light` propagation has no weights to map them, so it reads ids only. */
export function readsFeatures(config: GraphSageConfig): boolean {
  return (config.options.propagation ?? 'sage') !== 'light';
}

/** Feature columns layer 0 reads for `label` (none for `light`). */
function featureWidth(config: GraphSageConfig, label: ProjectedLabel): number {
  return readsFeatures(config) ? config.featureColumns[label].length : 0;
}

/** Width of layer `layer`'s input for `label`; layer 0 reads features ⊕ id embedding, or a constant 1 when a label has neither. */
export function inputDim(config: GraphSageConfig, layer: number, label: ProjectedLabel): number {
  if (layer > 0) return config.options.hiddenDim;
  return Math.max(1, featureWidth(config, label) + config.options.idEmbeddingDim);
}

/** Where the id columns start in a layer-0 input row (after the features). */
export function idOffset(config: GraphSageConfig, label: ProjectedLabel): number {
  return featureWidth(config, label);
}

export function outputDim(config: GraphSageConfig, layer: number): number {
  return layer === config.options.layers - 1 ? config.options.outputDim : config.options.hiddenDim;
}

/** Standard normal from two uniforms (Box–Muller), so initial weights come from the seed. */
function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function glorot(rows: number, cols: number, rng: Rng): WeightArray {
  const limit = Math.sqrt(6 / (rows + cols));
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng() - 1) * limit;
  return { shape: [rows, cols], values };
}

/** Initial spread of id embeddings: comparable to a standardised feature column, so both count from the start. */
const ID_INIT_STD = 0.5;

/** Every weight of a fresh model, in a fixed order (labels, then edge types, per layer), from `rng`. */
export function initWeights(config: GraphSageConfig, rng: Rng): Record<string, WeightArray> {
  const w: Record<string, WeightArray> = {};
  const { layers, aggregator, idEmbeddingDim } = config.options;
  const dense = readsFeatures(config); // `light` layers have no dense weights
  for (let l = 0; l < (dense ? layers : 0); l++) {
    const out = outputDim(config, l);
    for (const label of config.labels) {
      w[weightName.self(l, label)] = glorot(inputDim(config, l, label), out, rng);
      w[weightName.bias(l, label)] = { shape: [out], values: new Float32Array(out) };
    }
    for (const e of config.edgeTypes) {
      const inSrc = inputDim(config, l, e.src);
      w[weightName.neigh(l, e.key)] = glorot(inSrc, out, rng);
      if (aggregator === 'pool') {
        w[weightName.pool(l, e.key)] = glorot(inSrc, inSrc, rng);
        w[weightName.poolBias(l, e.key)] = { shape: [inSrc], values: new Float32Array(inSrc) };
      }
    }
  }
  if (config.options.itemBias) w[weightName.itemBias()] = { shape: [config.idRows.Product], values: new Float32Array(config.idRows.Product) };
  if (idEmbeddingDim > 0) {
    for (const label of config.labels) {
      const rows = config.idRows[label];
      const values = new Float32Array(rows * idEmbeddingDim);
      for (let i = 0; i < values.length; i++) values[i] = ID_INIT_STD * gaussian(rng);
      w[weightName.id(label)] = { shape: [rows, idEmbeddingDim], values };
    }
  }
  return w;
}

/** Column means and standard deviations of a label's features (std 1 for a constant column). */
export function featureStats(graph: HeteroGraph, label: ProjectedLabel): { mean: number[]; std: number[] } {
  const f = graph.features[label];
  const mean = new Array<number>(f.cols).fill(0);
  const sq = new Array<number>(f.cols).fill(0);
  for (let r = 0; r < f.rows; r++) {
    for (let c = 0; c < f.cols; c++) {
      const v = f.data[r * f.cols + c];
      mean[c] += v;
      sq[c] += v * v;
    }
  }
  const std = mean.map((s, c) => {
    const m = f.rows > 0 ? s / f.rows : 0;
    const sd = Math.sqrt(Math.max(0, (f.rows > 0 ? sq[c] / f.rows : 0) - m * m));
    return sd > 1e-6 ? sd : 1;
  });
  return { mean: mean.map((s) => (f.rows > 0 ? s / f.rows : 0)), std };
}

/** Standardised feature rows of `nodes`, copied in plain JS (faster than a tf gather of a constant). */
export function featureRows(config: GraphSageConfig, graph: HeteroGraph, label: ProjectedLabel, nodes: Int32Array): Float32Array {
  const f = graph.features[label];
  const cols = f.cols;
  const mean = config.featureMean[label];
  const std = config.featureStd[label];
  const out = new Float32Array(nodes.length * cols);
  for (let i = 0; i < nodes.length; i++) {
    const from = nodes[i] * cols;
    for (let c = 0; c < cols; c++) out[i * cols + c] = (f.data[from + c] - mean[c]) / std[c];
  }
  return out;
}

/** Column means of an id table: the embedding a node unknown at training time gets (see docs/gnn.md). */
export function meanRow(table: WeightArray): Float32Array {
  const [rows, d] = table.shape;
  const mean = new Float32Array(d);
  for (let r = 0; r < rows; r++) for (let c = 0; c < d; c++) mean[c] += table.values[r * d + c];
  if (rows > 0) for (let c = 0; c < d; c++) mean[c] /= rows;
  return mean;
}

/** Id-embedding rows of `nodes`; a node beyond the table (new since training) gets `fallback`. */
export function idRows(table: WeightArray, nodes: Int32Array, fallback: Float32Array): Float32Array {
  const [rows, d] = table.shape;
  const out = new Float32Array(nodes.length * d);
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i];
    out.set(v < rows ? table.values.subarray(v * d, (v + 1) * d) : fallback, i * d);
  }
  return out;
}

/** The layer-0 input of `nodes`: features ⊕ id rows (or a constant column), row-major. */
export function inputRows(config: GraphSageConfig, graph: HeteroGraph, label: ProjectedLabel, nodes: Int32Array, weights: Record<string, WeightArray>, fallback?: Float32Array): Float32Array {
  const fc = featureWidth(config, label);
  const dim = inputDim(config, 0, label);
  const idDim = config.options.idEmbeddingDim;
  if (fc === 0 && idDim === 0) return new Float32Array(nodes.length).fill(1);
  const feats = fc > 0 ? featureRows(config, graph, label, nodes) : new Float32Array(0);
  if (idDim === 0) return feats;
  const table = weights[weightName.id(label)];
  const ids = idRows(table, nodes, fallback ?? meanRow(table));
  if (fc === 0) return ids;
  const out = new Float32Array(nodes.length * dim);
  for (let i = 0; i < nodes.length; i++) {
    out.set(feats.subarray(i * fc, (i + 1) * fc), i * dim);
    out.set(ids.subarray(i * idDim, (i + 1) * idDim), i * dim + fc);
  }
  return out;
}

/** Throws unless `graph` has the columns the model was trained on (project it with the model's encoders). */
export function checkGraph(config: GraphSageConfig, graph: HeteroGraph): void {
  for (const label of config.labels) {
    const want = config.featureColumns[label];
    const got = graph.features[label].columns;
    if (want.length !== got.length || want.some((c, i) => c !== got[i])) {
      throw new Error(`${label} features differ from the model's (${got.length} vs ${want.length} columns): project the graph with the model's encoders`);
    }
  }
}

/**
 * What a user → product score adds to the embeddings' cosine, per product of a graph with
 * `products` products: τ·b_i with the learned item bias (cos/τ + b_i ranks as cos + τ·b_i), or
 * undefined without one. A product new since training gets the mean bias.
 */
export function productScoreBias(model: { config: GraphSageConfig; weights: Record<string, WeightArray> }, products: number): Float32Array | undefined {
  const b = model.weights[weightName.itemBias()];
  if (!model.config.options.itemBias || !b) return undefined;
  const t = model.config.options.temperature;
  let mean = 0;
  for (const v of b.values) mean += v;
  mean = b.values.length > 0 ? mean / b.values.length : 0;
  return Float32Array.from({ length: products }, (_, i) => t * (i < b.values.length ? b.values[i] : mean));
}
