/**
 * Training: link prediction on user–product edges with sampled neighbourhoods, Adam, and early
 * stopping on held-out validation edges. Everything random (initial weights, batches, negatives,
 * neighbour samples, validation carve) comes from one seeded PRNG, so a seed gives the same
 * embeddings on the same backend.
 *
 * Dense weights are tf.Variables updated by tf's Adam. Id-embedding tables stay in plain JS and
 * get a lazy (row-sparse) Adam update: a step touches only the rows of the nodes in its blocks,
 * and a dense update of a 1M × 64 table per step would cost more than the step itself.
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr, Rng } from '@graphrec/graph-model';
import { createRng } from '@graphrec/graph-model';
import type { HeteroGraph, ProjectedLabel } from '@graphrec/projection';
import { PROJECTED_LABELS } from '@graphrec/projection';
import { currentBackend, initTf } from './backend';
import { holdOutEdges } from './holdout';
import { EarlyStopping } from './early-stop';
import { embedAll } from './infer';
import { linkLoss } from './loss';
import { featureStats, idOffset, initWeights, inputDim, inputRows, productScoreBias } from './model';
import type { GraphSageConfig, GraphSageOptions, TrainedModel, WeightArray } from './options';
import { layerSpec, resolveOptions, weightName } from './options';
import { sageForward } from './sage-layer';
import { Block, NeighbourSampler, PairExclusion, edgeTypesOf } from './sampler';
import { Batch, BatchSampler } from './batches';
import { rankingAtK } from './validation';

/**
 * Seconds per training-step phase, summed over one training, when GRAPHREC_GNN_PROFILE is set
 * (printed to stderr after each epoch): the split that decides where speed work goes. Owned by
 * the training, so two trainings in one process keep separate figures.
 */
export class StepProfiler {
  private readonly seconds: Record<string, number> = {};
  private mark = 0;
  constructor(readonly enabled: boolean = !!process.env.GRAPHREC_GNN_PROFILE) {}

  /** Starts timing the next phase. */
  start(): void {
    if (this.enabled) this.mark = performance.now();
  }

  /** Ends the phase `name` (time since the last start or phase) and starts the next. */
  phase(name: string): void {
    if (!this.enabled) return;
    const now = performance.now();
    this.seconds[name] = (this.seconds[name] ?? 0) + (now - this.mark) / 1000;
    this.mark = now;
  }

  totals(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.seconds).map(([k, v]) => [k, +v.toFixed(2)]));
  }
}

/** Makes variable names unique across trainings in one process (tf keeps a global registry). */
let trainings = 0;

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  /** The validation figure (options.validationMetric at validationK), NaN without validation edges. */
  validation: number;
  /** Since training started. */
  seconds: number;
  /**
   * The model as it stands after this epoch (not the best so far), copied when called: for tuning
   * scripts that score every epoch on their own held-out data (bench/gnn/curve.ts). Lazy, so a
   * hook that does not call it costs nothing.
   */
  current: () => TrainedModel;
}

export interface TrainHooks {
  onEpoch?: (report: EpochReport) => void;
}

export interface ValidationEdges {
  /** Held-out user → products, over the graph's user and product indices; absent from `graph`. */
  heldOut: Csr;
  /** `graph` with the held-out edges back in: what `refit` trains on. */
  fullGraph?: HeteroGraph;
}

/** Row-sparse Adam for one id table (β and ε as tf.train.adam's defaults). */
class LazyAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  constructor(
    private readonly table: WeightArray,
    /** Set between epochs by the learning-rate schedule. */
    public lr: number,
    private readonly decay: number,
  ) {
    this.m = new Float32Array(table.values.length);
    this.v = new Float32Array(table.values.length);
  }

  /** `grad` has a row per node of `rows` (distinct), `stride` wide, the id columns from `offset`; `step` counts from 1. */
  update(rows: Int32Array, grad: Float32Array, step: number, stride: number, offset: number): void {
    const d = this.table.shape[1];
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** step;
    const c2 = 1 - b2 ** step;
    const w = this.table.values;
    for (let i = 0; i < rows.length; i++) {
      const base = rows[i] * d;
      for (let c = 0; c < d; c++) {
        const k = base + c;
        const g = grad[i * stride + offset + c] + this.decay * w[k];
        this.m[k] = b1 * this.m[k] + (1 - b1) * g;
        this.v[k] = b2 * this.v[k] + (1 - b2) * g * g;
        w[k] -= (this.lr * (this.m[k] / c1)) / (Math.sqrt(this.v[k] / c2) + 1e-7);
      }
    }
  }
}

function copyWeights(weights: Record<string, WeightArray>): Record<string, WeightArray> {
  return Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, { shape: [...w.shape], values: w.values.slice() }]));
}

function makeConfig(graph: HeteroGraph, options: GraphSageOptions): GraphSageConfig {
  const labels = PROJECTED_LABELS.filter((l) => graph.nodes[l].size > 0);
  const relations = options.relations.includes(options.supervision) ? options.relations : [...options.relations, options.supervision];
  const edgeTypes = edgeTypesOf(graph, relations).filter((t) => labels.includes(t.src) && labels.includes(t.dst));
  const featureColumns = {} as Record<ProjectedLabel, string[]>;
  const idRows = {} as Record<ProjectedLabel, number>;
  const featureMean = {} as Record<ProjectedLabel, number[]>;
  const featureStd = {} as Record<ProjectedLabel, number[]>;
  for (const l of PROJECTED_LABELS) {
    featureColumns[l] = [...graph.features[l].columns];
    idRows[l] = graph.nodes[l].size;
    const stats = featureStats(graph, l);
    featureMean[l] = stats.mean;
    featureStd[l] = stats.std;
  }
  return { version: 1, options, labels, edgeTypes, featureColumns, idRows, featureMean, featureStd };
}

/**
 * Trains on `graph`. Validation edges for early stopping are `validation.heldOut` when given (the
 * caller has removed them from `graph`), else `options.validationShare` of the supervision edges
 * held out here. The returned weights are those of the best validation check, or with `refit` those
 * of a second training on the whole graph for the best step count (its metrics keep the first
 * training's validation history; `seconds` covers both).
 */
export async function trainGraphSage(
  graph: HeteroGraph,
  options: Partial<GraphSageOptions> = {},
  hooks: TrainHooks = {},
  validation?: ValidationEdges,
): Promise<TrainedModel> {
  const opts = resolveOptions(options);
  const started = performance.now();
  const { model, fullGraph } = await trainOnce(graph, opts, hooks, validation);
  const m = model.metrics;
  if (!opts.refit || !fullGraph || m.validationEdges === 0) return model;
  const again = await trainOnce(fullGraph, { ...opts, epochs: Math.max(1, m.bestEpoch), patience: 0, patienceEdges: 0, validationShare: 0, refit: false }, {}, undefined, { maxSteps: Math.max(1, m.bestStep ?? 0) });
  const seconds = (performance.now() - started) / 1000;
  return { ...again.model, metrics: { ...m, seconds, steps: m.steps + again.model.metrics.steps, trainEdges: again.model.metrics.trainEdges } };
}

/** `maxSteps`: stop after this many steps (a refit repeats the first training's best step count). */
async function trainOnce(graph: HeteroGraph, opts: GraphSageOptions, hooks: TrainHooks, validation?: ValidationEdges, limits: { maxSteps?: number } = {}): Promise<{ model: TrainedModel; fullGraph?: HeteroGraph }> {
  await initTf();
  const started = performance.now();
  const rng = createRng(opts.seed);
  let trainGraph = graph;
  let heldOut = validation?.heldOut;
  let fullGraph = validation?.fullGraph;
  if (!heldOut && opts.validationShare > 0) {
    const carved = holdOutEdges(graph, opts.supervision, opts.validationShare, rng);
    trainGraph = carved.graph;
    heldOut = carved.heldOut;
    fullGraph = graph;
  }
  const config = makeConfig(trainGraph, opts);
  const weights = initWeights(config, rng);
  const encoders = Object.fromEntries(PROJECTED_LABELS.map((l) => [l, graph.encoders[l].toJSON()])) as TrainedModel['encoders'];
  const positives = trainGraph.relations[opts.supervision].out;
  if (positives.targets.length === 0) throw new Error(`trainGraphSage: no ${opts.supervision} edges to train on`);

  const denseNames = Object.keys(weights).filter((n) => !n.startsWith('id.'));
  const vars = Object.fromEntries(denseNames.map((n) => [n, tf.variable(tf.tensor(weights[n].values, weights[n].shape), true, `gnn/${++trainings}/${n}`)]));
  const decayed = denseNames.filter((n) => n.endsWith('.self') || n.endsWith('.neigh') || n.endsWith('.pool'));
  const idDim = opts.idEmbeddingDim;
  const lazy: Partial<Record<ProjectedLabel, LazyAdam>> = {};
  if (idDim > 0) for (const l of config.labels) lazy[l] = new LazyAdam(weights[weightName.id(l)], opts.learningRate, opts.embeddingDecay);
  const optimizer = tf.train.adam(opts.learningRate);
  const sampler = new NeighbourSampler(trainGraph, config.edgeTypes, opts.neighbourNorm);
  const batches = new BatchSampler(positives, trainGraph.nodes.Product.size, opts, rng);
  // With an epoch bound below the edge count, an epoch is the next slice of the permutation (the
  // sampler reshuffles only when it is used up), so no edge repeats before every edge was seen.
  const epochCapped = opts.epochEdges > 0 && opts.epochEdges < batches.edges;
  const stepsPerEpoch = Math.max(1, Math.ceil((epochCapped ? opts.epochEdges : batches.edges) / opts.batchSize));

  const snapshot = (): Record<string, WeightArray> => {
    for (const n of denseNames) weights[n] = { shape: weights[n].shape, values: vars[n].dataSync() as Float32Array };
    return weights;
  };
  const validationRng = createRng(opts.seed ^ 0x5eed);
  const validate = (): number => {
    if (!heldOut || heldOut.targets.length === 0) return NaN;
    const model: TrainedModel = { config, weights: snapshot(), encoders, metrics: emptyMetrics() };
    const emb = embedAll(model, trainGraph);
    const figures = rankingAtK({ users: emb.User, items: emb.Product, itemBias: productScoreBias(model, trainGraph.nodes.Product.size), dimension: emb.dimension, heldOut, seen: positives, k: opts.validationK, maxUsers: opts.validationUsers, rng: validationRng });
    return figures[opts.validationMetric];
  };

  const profiler = new StepProfiler();
  const context: StepContext = { sampler, config, graph: trainGraph, vars, weights, decayed, lazy, optimizer, rng, profiler };
  let step = 0;
  let bestEpoch = 0;
  let bestStep = 0;
  let lastCheckStep = 0;
  let bestWeights = copyWeights(snapshot());
  const lossHistory: number[] = [];
  const validationHistory: number[] = [];
  const stopping = new EarlyStopping(opts.patience, opts.validationSmoothing ?? 1);
  let epoch = 0;
  // A check between epochs, and within an epoch every `validationSteps` steps (see the option).
  const check = (): number => {
    const figure = validate();
    validationHistory.push(figure);
    lastCheckStep = step;
    if (stopping.push(figure)) {
      bestEpoch = epoch;
      bestStep = step;
      bestWeights = copyWeights(snapshot());
    }
    return figure;
  };
  // Edges counted between checks, so a check is never skipped for edges trained after the last one.
  const patienceSpent = () => stopping.shouldStop || (opts.patienceEdges > 0 && (lastCheckStep - bestStep) * opts.batchSize >= opts.patienceEdges);
  const budgetSteps = opts.maxTrainEdges > 0 ? Math.max(1, Math.ceil(opts.maxTrainEdges / opts.batchSize)) : Infinity;
  const maxSteps = Math.min(limits.maxSteps ?? Infinity, budgetSteps);
  try {
    for (epoch = 1; epoch <= opts.epochs && step < maxSteps && !patienceSpent(); epoch++) {
      let lossSum = 0;
      let stepsDone = 0;
      if (!epochCapped || epoch === 1) batches.shuffle();
      for (let s = 0; s < stepsPerEpoch && step < maxSteps; s++) {
        step++;
        stepsDone++;
        profiler.start();
        const batch = batches.next();
        profiler.phase('batch');
        lossSum += trainStep(context, batch, step);
        if (opts.validationSteps > 0 && s + 1 < stepsPerEpoch && (s + 1) % opts.validationSteps === 0 && heldOut) {
          check();
          if (patienceSpent()) break;
        }
      }
      if (profiler.enabled) process.stderr.write(`profile ${JSON.stringify(profiler.totals())}\n`);
      const loss = lossSum / Math.max(1, stepsDone);
      lossHistory.push(loss);
      const figure = patienceSpent() ? (validationHistory[validationHistory.length - 1] ?? NaN) : check();
      const current = (): TrainedModel => ({ config, weights: copyWeights(snapshot()), encoders, metrics: emptyMetrics() });
      hooks.onEpoch?.({ epoch, epochs: opts.epochs, loss, validation: figure, seconds: (performance.now() - started) / 1000, current });
      // Lets a progress bar redraw and signals through between epochs.
      await new Promise((resolve) => setImmediate(resolve));
      const lr = opts.learningRate * opts.learningRateDecay ** epoch;
      for (const l of Object.values(lazy)) l.lr = lr;
      // tf's Adam reads its (protected) learningRate field at every applyGradients; there is no setter.
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
    }
    epoch--;
  } finally {
    for (const v of Object.values(vars)) v.dispose();
    optimizer.dispose();
  }
  const model: TrainedModel = {
    config,
    weights: bestWeights,
    encoders,
    metrics: {
      backend: currentBackend(),
      epochs: epoch,
      bestEpoch,
      bestStep,
      bestValidation: stopping.kept > 0 ? validationHistory[stopping.kept - 1] : NaN,
      validationMetric: `${opts.validationMetric}@${opts.validationK}`,
      validationHistory,
      lossHistory,
      seconds: (performance.now() - started) / 1000,
      steps: step,
      trainEdges: positives.targets.length,
      validationEdges: heldOut?.targets.length ?? 0,
    },
  };
  return { model, fullGraph };
}

function emptyMetrics(): TrainedModel['metrics'] {
  return { backend: currentBackend(), epochs: 0, bestEpoch: 0, bestStep: 0, bestValidation: NaN, validationMetric: '', validationHistory: [], lossHistory: [], seconds: 0, steps: 0, trainEdges: 0, validationEdges: 0 };
}

/** What every step of one training shares. */
interface StepContext {
  sampler: NeighbourSampler;
  config: GraphSageConfig;
  /** The graph trained on (validation edges removed). */
  graph: HeteroGraph;
  /** Dense weights, updated by `optimizer`. */
  vars: Record<string, tf.Variable>;
  /** Every weight as plain arrays; the id tables are read for inputs and updated by `lazy`. */
  weights: Record<string, WeightArray>;
  /** Dense weights under weight decay. */
  decayed: string[];
  lazy: Partial<Record<ProjectedLabel, LazyAdam>>;
  optimizer: tf.Optimizer;
  rng: Rng;
  profiler: StepProfiler;
}

/** One optimisation step on `batch` (`step` counts from 1); returns the loss. */
function trainStep(ctx: StepContext, batch: Batch, step: number): number {
  const { sampler, config, graph, vars, weights, decayed, lazy, optimizer, rng, profiler } = ctx;
  const opts = config.options;
  const exclude: PairExclusion | undefined = opts.excludeBatchEdges ? { relations: ['interacted', 'purchased'], products: graph.nodes.Product.size, keys: batch.keys } : undefined;
  const blocks: Block[] = sampler.blocks(batch.seeds, opts.fanouts, rng, exclude);
  profiler.phase('sample');
  const input = blocks[0].src;
  const idDim = opts.idEmbeddingDim;
  // Each label's whole input row (features ⊕ id embedding) enters as one per-step variable: its
  // gradient comes back as a (rows × width) tensor whose id columns feed the lazy update, instead of
  // a dense gradient of the whole table. One tensor, not a concat of features and ids: the gradient
  // of a column concat is a column split, which wasm does in JS after copying the whole gradient.
  const inputs: Partial<Record<ProjectedLabel, tf.Tensor2D>> = {};
  const none = new Float32Array(idDim); // every training node has a row: never read
  for (const l of config.labels) {
    const nodes = input[l];
    if (!nodes || nodes.length === 0) continue;
    const t = tf.tensor2d(inputRows(config, graph, l, nodes, weights, none), [nodes.length, inputDim(config, 0, l)]);
    if (idDim > 0) {
      inputs[l] = tf.variable(t, true);
      t.dispose();
    } else {
      inputs[l] = t;
    }
  }
  profiler.phase('inputs');
  const userIdx = tf.tensor1d(batch.user, 'int32');
  const posIdx = tf.tensor1d(batch.pos, 'int32');
  const negIdx = tf.tensor1d(batch.neg, 'int32');
  // The item bias is indexed by product, not by row of the batch's output.
  const seedProducts = batch.seeds.Product ?? new Int32Array(0);
  const biasIdx = opts.itemBias
    ? { pos: tf.tensor1d(Int32Array.from(batch.pos, (r) => seedProducts[r]), 'int32'), neg: tf.tensor1d(Int32Array.from(batch.neg, (r) => seedProducts[r]), 'int32') }
    : undefined;
  const co = batch.coA.length > 0 ? { a: tf.tensor1d(batch.coA, 'int32'), b: tf.tensor1d(batch.coB, 'int32') } : undefined;
  const idVars = idDim > 0 ? (Object.values(inputs) as tf.Variable[]) : [];
  const varList = [...Object.values(vars), ...idVars];
  const { value, grads } = tf.variableGrads(() => {
    const h0 = inputs;
    const out = sageForward(vars, blocks, h0, layerSpec(opts));
    const users = out.User as tf.Tensor2D;
    const products = out.Product as tf.Tensor2D;
    const negs = tf.gather(products, negIdx);
    const itemBias = vars[weightName.itemBias()];
    const bias = itemBias && biasIdx ? { pos: tf.gather(itemBias, biasIdx.pos) as tf.Tensor1D, neg: tf.gather(itemBias, biasIdx.neg) as tf.Tensor1D } : undefined;
    let loss = linkLoss(opts.loss, tf.gather(users, userIdx), tf.gather(products, posIdx), negs, opts.temperature, batch.mask, bias);
    if (co) {
      const coLoss = linkLoss(opts.loss, tf.gather(products, co.a), tf.gather(products, co.b), negs, opts.temperature);
      loss = tf.add(loss, tf.mul(coLoss, opts.coEngagementWeight));
    }
    if (opts.weightDecay > 0) {
      for (const n of decayed) loss = tf.add(loss, tf.mul(tf.sum(tf.square(vars[n])), opts.weightDecay));
    }
    profiler.phase('forward');
    return loss as tf.Scalar;
  }, varList);
  const lossValue = value.dataSync()[0];
  profiler.phase('backward');
  const dense: Record<string, tf.Tensor> = {};
  for (const v of Object.values(vars)) if (grads[v.name]) dense[v.name] = grads[v.name];
  if (Object.keys(dense).length > 0) optimizer.applyGradients(dense); // `light` has no dense weights
  profiler.phase('adam');
  if (idDim > 0) {
    for (const l of config.labels) {
      const v = inputs[l] as tf.Variable | undefined;
      const nodes = input[l];
      if (!v || !nodes) continue;
      const g = grads[v.name];
      if (g) lazy[l]?.update(nodes, g.dataSync() as Float32Array, step, inputDim(config, 0, l), idOffset(config, l));
    }
  }
  profiler.phase('lazyAdam');
  tf.dispose([value, ...Object.values(grads), ...Object.values(inputs), userIdx, posIdx, negIdx]);
  if (co) tf.dispose([co.a, co.b]);
  if (biasIdx) tf.dispose([biasIdx.pos, biasIdx.neg]);
  profiler.phase('dispose');
  return lossValue;
}
