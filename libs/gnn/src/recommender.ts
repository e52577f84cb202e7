/**
 * GraphSAGE behind the shared Recommender contract, so evaluation treats it like the baselines.
 * `fit` builds a User/Product graph from the train matrix (one `interacted` relation, degree
 * features), carves its own validation edges from that train data for early stopping, trains, and
 * keeps the embeddings; scores are dot products of the unit user and item embeddings (plus τ·b_i
 * with `itemBias`).
 */
import type { Csr } from '@graphrec/graph-model';
import { buildCsr, reverseCsr } from '@graphrec/graph-model';
import { validationSplit } from '@graphrec/eval';
import type { FeatureBlock, GraphEncoders, HeteroGraph, Relation, RelationName } from '@graphrec/projection';
import { FeatureEncoder, NodeSet, RELATION_ENDS, resolveWeights } from '@graphrec/projection';
import type { RecommendOptions, Recommender, TrainData } from '@graphrec/recommend';
import { fitted, selectTopK } from '@graphrec/recommend';
import { initTf } from './backend';
import { Embeddings, embedAll } from './infer';
import { productScoreBias } from './model';
import type { GraphSageOptions, TrainedModel } from './options';
import { DEFAULT_GRAPHSAGE_OPTIONS } from './options';
import { TrainHooks, trainGraphSage } from './trainer';

function relationOf(name: RelationName, targets: number, out: Csr): Relation {
  const { source, target } = RELATION_ENDS[name];
  const reverse = reverseCsr(out, targets);
  return { name, source, target, out, in: reverse.csr, inToOut: reverse.outIndex, edgeCount: out.targets.length };
}

function emptyCsr(rows: number): Csr {
  return { offsets: new Int32Array(rows + 1), targets: new Int32Array(0), weights: new Float32Array(0) };
}

/**
 * A HeteroGraph with users, items (as products) and one `interacted` relation from a train matrix.
 * Features: log-degree only (a train matrix has no properties), which lets the model see popularity.
 */
export function graphFromTrainData(train: TrainData): HeteroGraph {
  const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const degreeEncoder = (label: string, key: string) => new FeatureEncoder(label, [{ kind: 'degree', key } satisfies FeatureBlock]);
  const encoders: GraphEncoders = {
    User: degreeEncoder('User', 'interacted.out'),
    Product: degreeEncoder('Product', 'interacted.in'),
    Device: new FeatureEncoder('Device', []),
  };
  const interacted = relationOf('interacted', train.items, train.matrix);
  const none = (name: RelationName, rows: number, cols: number) => relationOf(name, cols, emptyCsr(rows));
  const relations = {
    interacted,
    purchased: none('purchased', train.users, train.items),
    owns: none('owns', train.users, 0),
    instanceOf: none('instanceOf', 0, train.items),
  };
  const deg = (csr: Csr) => (i: number) => csr.offsets[i + 1] - csr.offsets[i];
  const userDeg = deg(interacted.out);
  const itemDeg = deg(interacted.in);
  const noProps = () => undefined;
  return {
    nodes: { User: new NodeSet('User', ids(train.users, 'u')), Product: new NodeSet('Product', ids(train.items, 'i')), Device: new NodeSet('Device', []) },
    relations,
    features: {
      User: encoders.User.encodeAll(train.users, noProps, (i) => userDeg(i)),
      Product: encoders.Product.encodeAll(train.items, noProps, (i) => itemDeg(i)),
      Device: encoders.Device.encodeAll(0, noProps, () => 0),
    },
    encoders,
    asOf: 0,
    weights: resolveWeights({ asOf: 0 }),
    report: { source: 'arrays', rows: { events: train.matrix.targets.length }, skipped: {}, ignoredEvents: 0, seconds: {} },
  };
}

/**
 * What this class adds to DEFAULT_GRAPHSAGE_OPTIONS (callers' options override both), chosen on
 * MovieLens validation carves of train (docs/gnn.md, rounds 3 and 4): item bias, τ 0.1 and
 * learning-rate decay 0.9 led on one carve (round 3). Round 4 scored every epoch on three outer
 * carves (`bench/gnn/curve.ts`): no early-stopping rule on the inner carve (patience 3, 5 or 7, with
 * or without smoothing) could be told apart (mean nDCG 0.2482–0.2483); the per-epoch curves, with
 * and without the inner carve, reach a plateau at epoch 14 (0.250) and are no higher after it
 * within noise. A fixed budget of 14 epochs on every train edge was committed on the estimate that
 * it fit the 80 s budget; measured, it took 105–120 CPU s against ~65 for patience 3 on the inner
 * carve. With validation unable to tell them apart, the cheaper one stays: round 3's settings
 * (decided on time, not on the test figures; docs/gnn.md, round 4). `{ epochs: 14, patience: 0,
 * validationShare: 0 }` gives the fixed budget. Only here, because only this class scores with the
 * item bias: the served path (write-back, related items, evaluate-holdout) ranks by the unit
 * embeddings alone, and a model trained with the bias has left popularity to it.
 */
export const RECOMMENDER_DEFAULTS: Readonly<Partial<GraphSageOptions>> = Object.freeze({ itemBias: true, temperature: 0.1, learningRateDecay: 0.9, patience: 3 });

export class GraphSageRecommender implements Recommender {
  readonly name = 'graphsage';
  private train?: TrainData;
  private embeddings?: Embeddings;
  private trained?: TrainedModel;
  /** τ·b_i per item when the model learned an item bias (scores are cosine + it). */
  private bias?: Float32Array;

  private readonly options: Partial<GraphSageOptions>;

  constructor(
    options: Partial<GraphSageOptions> = {},
    private readonly hooks: TrainHooks = {},
  ) {
    this.options = { ...RECOMMENDER_DEFAULTS, ...options };
  }

  /** Async (the tf backend initialises asynchronously): await it before `recommend`. */
  async fit(train: TrainData): Promise<void> {
    await initTf();
    const graph = graphFromTrainData(train);
    const carved = this.carveValidation(train);
    this.trained = await trainGraphSage(carved ? graphFromTrainData(carved.train) : graph, { ...this.options, validationShare: 0 }, this.hooks, carved ? { heldOut: carved.heldOut, fullGraph: graph } : undefined);
    // Embeddings from the full train graph: held-out edges are neighbours again at serving time.
    this.embeddings = embedAll(this.trained, graph);
    this.bias = productScoreBias(this.trained, train.items);
    this.train = train;
  }

  /**
   * Validation edges for early stopping from the train data only (test data never reaches this
   * class), split item-stratified like the evaluation's test split so that the figure it stops on
   * resembles the one it is judged by.
   */
  private carveValidation(train: TrainData): { train: TrainData; heldOut: Csr } | undefined {
    const share = this.options.validationShare ?? DEFAULT_GRAPHSAGE_OPTIONS.validationShare;
    if (!(share > 0)) return undefined;
    const m = train.matrix;
    const users = new Int32Array(m.targets.length);
    for (let u = 0; u < train.users; u++) users.fill(u, m.offsets[u], m.offsets[u + 1]);
    const all = {
      users,
      items: m.targets,
      weights: m.weights,
      timestamps: new Float64Array(users.length),
      userIds: Array.from({ length: train.users }, (_, i) => String(i)),
      itemIds: Array.from({ length: train.items }, (_, i) => String(i)),
    };
    const split = validationSplit(all, { method: 'item-stratified', ratio: 1 - share, seed: this.options.seed ?? DEFAULT_GRAPHSAGE_OPTIONS.seed });
    const part = split.train;
    const held = split.validation;
    return {
      train: { users: train.users, items: train.items, matrix: buildCsr(train.users, train.items, part.users, part.items, part.weights).csr },
      heldOut: buildCsr(train.users, train.items, held.users, held.items, new Float32Array(held.users.length).fill(1)).csr,
    };
  }

  get model(): TrainedModel {
    return fitted(this.trained, this.name);
  }

  private scoreAll(user: number): Float32Array {
    const e = fitted(this.embeddings, this.name);
    const train = fitted(this.train, this.name);
    const d = e.dimension;
    const scores = new Float32Array(train.items);
    for (let i = 0; i < train.items; i++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += e.User[user * d + c] * e.Product[i * d + c];
      scores[i] = this.bias ? s + this.bias[i] : s;
    }
    return scores;
  }

  recommend(user: number, k: number, options?: RecommendOptions): Int32Array {
    return selectTopK(fitted(this.train, this.name), user, k, options, () => this.scoreAll(user), (items) => this.score(user, items));
  }

  score(user: number, items: Int32Array): Float32Array {
    const e = fitted(this.embeddings, this.name);
    const d = e.dimension;
    const out = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += e.User[user * d + c] * e.Product[items[j] * d + c];
      out[j] = this.bias ? s + this.bias[items[j]] : s;
    }
    return out;
  }
}
