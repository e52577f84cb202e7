/** Options, resolved configuration and the trained-model object shared by trainer, infer and files. */
import type { FeatureEncoderJSON, ProjectedLabel, RelationName } from '@graphrec/projection';
import type { NeighbourNorm } from './sampler';

export type Aggregator = 'mean' | 'pool';
export type LossKind = 'bpr' | 'softmax';
export type NegativeSampling = 'uniform' | 'popularity';
export type ValidationMetric = 'recall' | 'ndcg';
/** The embedding: the last layer's output, or the sum of all layers' outputs (needs hiddenDim = outputDim). */
export type LayerCombine = 'last' | 'sum';
/**
 * `sage`: HeteroSAGE layers (weights per label and relation direction, ReLU between layers, features ⊕ ids
 * in). `light`: LightGCN propagation — no weights, no nonlinearity, id embeddings only (features are
 * not read), the embedding the sum of layers 0..K; the width is `outputDim` (ids and hidden follow it).
 */
export type Propagation = 'sage' | 'light';

export interface GraphSageOptions {
  /** Message-passing layers K. */
  layers: number;
  /** Neighbours sampled per node and relation direction, hop 1 first (PyG's `num_neighbors`); one per layer. */
  fanouts: number[];
  /** Width of the layers before the last. */
  hiddenDim: number;
  /** Width of the embeddings (the last layer), L2-normalised. */
  outputDim: number;
  aggregator: Aggregator;
  layerCombine: LayerCombine;
  propagation: Propagation;
  /** Neighbour weights in the mean aggregator (see NeighbourNorm in sampler.ts). */
  neighbourNorm: NeighbourNorm;
  /** Learnable per-node embedding concatenated with the features; 0 turns it off. */
  idEmbeddingDim: number;
  /** Relations that carry messages (both directions); the supervision relation is always one of them if present. */
  relations: RelationName[];
  /** User→Product relation whose edges are the positives. */
  supervision: 'interacted' | 'purchased';
  loss: LossKind;
  /** Scores are cosine / temperature (embeddings are unit vectors, so they need a scale to be sharp). */
  temperature: number;
  /**
   * A learned per-product bias b_i in the logits (cos(u, i) / τ + b_i): popularity cannot live in
   * the norm of unit vectors, and a bounded cosine / τ has too little range for both taste and a
   * 100:1 popularity spread. Served embeddings stay unit rows; user → product scores add τ·b_i
   * (`productScoreBias`).
   */
  itemBias: boolean;
  /** Negative products per step, shared by the batch's positives; at least the product count means all products (exact softmax). */
  negatives: number;
  negativeSampling: NegativeSampling;
  /**
   * Leave the batch's own supervision edges out of its sampled neighbourhoods (PyG's
   * LinkNeighborLoader-style leakage guard). Off by default: on MovieLens validation it scored
   * lower in both pairs measured (docs/gnn.md); serving embeds with every edge, as training then does.
   */
  excludeBatchEdges: boolean;
  /** Weight of the item–item loss on products co-engaged by one user (0 = off). */
  coEngagementWeight: number;
  /** Positive edges per step. */
  batchSize: number;
  /** Upper bound; early stopping usually ends sooner. */
  epochs: number;
  /**
   * Supervision edges one epoch trains on at most (0 = every edge). Above it an epoch is the next
   * slice of one seeded permutation, so consecutive epochs walk through every edge before any
   * repeats: on a 1M-user graph (~4.4M edges) an epoch keeps the cost of a 220k-user one, and
   * validation (early stopping) runs as often in wall time as on smaller graphs.
   */
  epochEdges: number;
  /**
   * Supervision edges the whole training sees at most, over every epoch (0 = no bound): the
   * daily flow's time on a large graph is bounded by this, not by the graph. Graphs where
   * `epochs` × edges stays below it (the 20k demo world: ~90k edges × at most 30) train as before.
   */
  maxTrainEdges: number;
  learningRate: number;
  /** The learning rate is multiplied by this after every epoch (1 = constant). */
  learningRateDecay: number;
  /**
   * With validation edges: after early stopping has picked the best epoch count E on them, train
   * again from the same seed on the whole graph (validation edges back in) for E epochs and return
   * that model. The carve then only chooses E; the model learns from every edge.
   */
  refit: boolean;
  /** L2 on the dense weights. */
  weightDecay: number;
  /** L2 on the id-embedding rows a step touches. */
  embeddingDecay: number;
  /** Validation checks without a better figure before stopping (0 = never stop early). */
  patience: number;
  /**
   * Also stop once this many supervision edges have been trained between the best check and the
   * latest one without a better figure (0 = `patience` alone). Patience in checks grows with the
   * graph: an epoch of the 1M-user world is 1M edges, eleven of the demo world's. There, measured
   * (docs/benchmarks.md "Daily flow at 1M users, session 11"), the first epoch was the best and the
   * three after it cost ~8 minutes of the daily flow to return its weights. Graphs whose
   * `patience` epochs hold fewer edges (the demo world: 5 × ~90k) stop as before.
   */
  patienceEdges: number;
  /**
   * Early stopping compares the mean of the last this many validation checks (1 = the last check
   * alone) and keeps the weights of the last check of the best window (`early-stop.ts`).
   */
  validationSmoothing: number;
  /**
   * Also check validation every this many steps within an epoch (0 = only between epochs, the
   * default). For graphs with many steps an epoch, where the best point can come inside the first;
   * each check embeds the whole graph, so on large graphs it costs. Both MovieLens (~40 steps an
   * epoch) and the 20,000-user demo world (~79) have few.
   */
  validationSteps: number;
  /** Share of supervision edges held out for early stopping when no validation edges are given. */
  validationShare: number;
  validationMetric: ValidationMetric;
  validationK: number;
  /** Validation users scored per epoch at most (a seeded sample above it). */
  validationUsers: number;
  seed: number;
}

/**
 * Defaults, chosen on MovieLens 100K validation data (docs/gnn.md) and kept cheap enough for the
 * synthetic benchmark graph. Hop-1/hop-2 fan-out 15/10, as the issue asks.
 */
export const DEFAULT_GRAPHSAGE_OPTIONS: Readonly<GraphSageOptions> = Object.freeze({
  layers: 2,
  fanouts: [15, 10],
  hiddenDim: 64,
  outputDim: 64,
  aggregator: 'mean',
  neighbourNorm: 'mean',
  layerCombine: 'last',
  propagation: 'sage',
  idEmbeddingDim: 64,
  relations: ['interacted', 'purchased', 'owns', 'instanceOf'],
  supervision: 'interacted',
  loss: 'softmax',
  temperature: 0.2,
  itemBias: false,
  negatives: 256,
  negativeSampling: 'uniform',
  excludeBatchEdges: false,
  coEngagementWeight: 0,
  batchSize: 1024,
  epochs: 30,
  epochEdges: 1_000_000,
  maxTrainEdges: 4_000_000,
  learningRate: 0.02,
  learningRateDecay: 1,
  refit: false,
  weightDecay: 1e-5,
  embeddingDecay: 1e-4,
  patience: 5,
  patienceEdges: 1_000_000,
  validationSmoothing: 1,
  validationSteps: 0,
  validationShare: 0.1,
  validationMetric: 'ndcg',
  validationK: 10,
  validationUsers: 5000,
  seed: 42,
}) as Readonly<GraphSageOptions>;

/** A relation seen from one end: nodes of `dst` receive messages from their `src` neighbours in `csr` direction `dir`. */
export interface EdgeType {
  /** `"<relation>.<out|in>"`, the same keys as the degree features. */
  key: string;
  relation: RelationName;
  dir: 'out' | 'in';
  src: ProjectedLabel;
  dst: ProjectedLabel;
}

/** What inference needs besides the weights: the resolved options and the shapes of the inputs. */
export interface GraphSageConfig {
  version: 1;
  options: GraphSageOptions;
  labels: ProjectedLabel[];
  edgeTypes: EdgeType[];
  /** Feature columns per label at training time; a graph to embed must have the same. */
  featureColumns: Record<ProjectedLabel, string[]>;
  /** Rows of each id-embedding table (the training graph's node counts). */
  idRows: Record<ProjectedLabel, number>;
  /**
   * Per feature column, the training graph's mean and standard deviation: inputs are standardised
   * with them. Unscaled columns (log-degrees around 2–5, shared by all nodes) otherwise dominate
   * the small id embeddings, every node starts out pointing the same way, and training stalls.
   */
  featureMean: Record<ProjectedLabel, number[]>;
  featureStd: Record<ProjectedLabel, number[]>;
}

export interface TrainMetrics {
  backend: string;
  epochs: number;
  bestEpoch: number;
  /** Steps done when the best validation figure was measured (models saved before it: absent). */
  bestStep?: number;
  bestValidation: number;
  validationMetric: string;
  validationHistory: number[];
  lossHistory: number[];
  seconds: number;
  steps: number;
  trainEdges: number;
  validationEdges: number;
}

export interface WeightArray {
  shape: number[];
  values: Float32Array;
}

/** Plain arrays, no tensors: nothing to dispose, and serialisable as is. */
export interface TrainedModel {
  config: GraphSageConfig;
  weights: Record<string, WeightArray>;
  encoders: Record<ProjectedLabel, FeatureEncoderJSON>;
  metrics: TrainMetrics;
}

export function resolveOptions(options: Partial<GraphSageOptions> = {}): GraphSageOptions {
  const o: GraphSageOptions = { ...DEFAULT_GRAPHSAGE_OPTIONS, ...options };
  if (!options.fanouts) o.fanouts = DEFAULT_GRAPHSAGE_OPTIONS.fanouts.slice(0, o.layers);
  while (o.fanouts.length < o.layers) o.fanouts = [...o.fanouts, o.fanouts[o.fanouts.length - 1] ?? 10];
  const positive = (name: keyof GraphSageOptions, v: number) => {
    if (!(v > 0)) throw new RangeError(`${name} must be positive, got ${v}`);
  };
  for (const k of ['layers', 'hiddenDim', 'outputDim', 'batchSize', 'epochs', 'learningRate', 'temperature', 'negatives', 'validationK'] as const) positive(k, o[k]);
  if (!Number.isInteger(o.layers)) throw new RangeError(`layers must be an integer`);
  if (o.fanouts.length !== o.layers) throw new RangeError(`fanouts needs ${o.layers} entries, got ${o.fanouts.length}`);
  if (o.layerCombine === 'sum' && o.layers > 1 && o.hiddenDim !== o.outputDim) throw new RangeError(`layerCombine 'sum' needs hiddenDim = outputDim`);
  if (o.propagation === 'light') {
    // Weightless layers keep the input's width: the id embedding is the model.
    o.idEmbeddingDim = o.outputDim;
    o.hiddenDim = o.outputDim;
  }
  if (o.idEmbeddingDim < 0) throw new RangeError(`idEmbeddingDim must be ≥ 0`);
  if (!(o.learningRateDecay > 0 && o.learningRateDecay <= 1)) throw new RangeError(`learningRateDecay must be in (0, 1]`);
  if (!(o.validationShare >= 0 && o.validationShare < 1)) throw new RangeError(`validationShare must be in [0, 1)`);
  for (const k of ['epochEdges', 'maxTrainEdges', 'patienceEdges'] as const) {
    if (!(Number.isInteger(o[k]) && o[k] >= 0)) throw new RangeError(`${k} must be an integer ≥ 0 (0 = no bound), got ${o[k]}`);
  }
  return o;
}

/** What a forward pass needs to know about the layers. */
export interface LayerSpec {
  aggregator: Aggregator;
  propagation: Propagation;
  combine: LayerCombine;
}

/** The layer spec of resolved options; models saved before an option existed get its old behaviour (sage, last layer). */
export function layerSpec(options: GraphSageOptions): LayerSpec {
  return { aggregator: options.aggregator, propagation: options.propagation ?? 'sage', combine: options.layerCombine ?? 'last' };
}

/** Weight names, shared by model building, inference and the files. */
export const weightName = {
  self: (layer: number, label: string) => `l${layer}.${label}.self`,
  bias: (layer: number, label: string) => `l${layer}.${label}.bias`,
  neigh: (layer: number, edge: string) => `l${layer}.${edge}.neigh`,
  pool: (layer: number, edge: string) => `l${layer}.${edge}.pool`,
  poolBias: (layer: number, edge: string) => `l${layer}.${edge}.poolBias`,
  id: (label: string) => `id.${label}`,
  itemBias: () => 'score.Product.bias',
};
