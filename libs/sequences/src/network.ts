/**
 * GRU4Rec and HRNN as one network. GRU4Rec: item embedding → session GRU → scores against output
 * item embeddings, the hidden state reset at each session start. HRNN (Quadrana et al. 2017): a
 * user-level GRU takes the final session state of each finished session; a new session's hidden
 * state is initialised from the user state (tanh(u W + b)) and, with `propagate`, the user state is
 * also fed to the session GRU at every step. A user's first session (and an anonymous one) starts
 * from u = 0, i.e. the session-level model.
 *
 * The GRU weights are tfjs variables; the item tables are ItemTables (sparse updates, see
 * item-tables.ts) whose batch rows enter each step as tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { GruWeights, gruStep, gruVariables, initGru } from './gru';
import { ItemTable } from './item-tables';

export type SequenceModelKind = 'gru4rec' | 'hrnn';

export interface NetworkConfig {
  kind: SequenceModelKind;
  nItems: number;
  /** Item embedding size (the hidden size when `tied`). */
  embedding: number;
  /**
   * One item table for input and output (GRU4Rec's "constrained embedding", its default): the
   * state after an item then lies near that item's own output vector, which makes a repeat — a
   * real next event — easy to score.
   */
  tied: boolean;
  /** Session GRU size. */
  hidden: number;
  /** User GRU size (HRNN). */
  userHidden: number;
  /** HRNN: feed the user state into every session step too. */
  propagate: boolean;
  /**
   * A step feature (Hidasi et al. 2016's feature-rich/parallel RNN line): 1 when the input item
   * occurred in one of the user's earlier sessions (a repeat across sessions: a return to something
   * owned or left in a cart), appended to the item embedding. Evaluation only for now: the served
   * step model refuses it (step-model.ts). Absent: off.
   */
  seenInput?: boolean;
  seed: number;
}

export interface StepFlags {
  newSession: tf.Tensor2D;
  newUser: tf.Tensor2D;
}

export type Weights = Record<string, { shape: number[]; values: Float32Array }>;

let instances = 0;

export class SessionNetwork {
  /** tfjs variable names are global to the engine: each network's carry its own prefix. */
  private readonly prefix = `sequences${++instances}/`;
  readonly itemsIn: ItemTable;
  readonly itemsOut: ItemTable;
  readonly biasOut: ItemTable;
  readonly session: GruWeights;
  readonly user?: GruWeights;
  readonly initW?: tf.Variable;
  readonly initB?: tf.Variable;
  /** The output table as a tensor, for scoring every item; rebuilt after training changes it. */
  private outCache: { out: tf.Tensor2D; bias: tf.Tensor1D } | undefined;

  constructor(readonly config: NetworkConfig) {
    const { nItems, hidden, userHidden, seed } = config;
    const embedding = config.tied ? hidden : config.embedding;
    this.itemsOut = new ItemTable(nItems, hidden, 'uniform', seed + 1);
    this.itemsIn = config.tied ? this.itemsOut : new ItemTable(nItems, embedding, 'uniform', seed);
    this.biasOut = new ItemTable(nItems, 1, 'zero', seed + 2);
    const hrnn = config.kind === 'hrnn';
    this.session = initGru(this.prefix + 'session', embedding + (config.seenInput ? 1 : 0) + (hrnn && config.propagate ? userHidden : 0), hidden, seed + 10);
    if (hrnn) {
      this.user = initGru(this.prefix + 'user', hidden, userHidden, seed + 20);
      const a = Math.sqrt(6 / (userHidden + hidden));
      this.initW = tf.variable(tf.randomUniform([userHidden, hidden], -a, a, 'float32', seed + 30), true, this.prefix + 'init_w');
      this.initB = tf.variable(tf.zeros([hidden]), true, this.prefix + 'init_b');
    }
  }

  /** The dense (tfjs) variables: the GRUs and HRNN's initialisation layer. */
  variables(): tf.Variable[] {
    const v = [...gruVariables(this.session)];
    if (this.user && this.initW && this.initB) v.push(...gruVariables(this.user), this.initW, this.initB);
    return v;
  }

  /** Zero states for `width` lanes. */
  zeroState(width: number): { h: tf.Tensor2D; u: tf.Tensor2D } {
    return { h: tf.zeros([width, this.config.hidden]), u: tf.zeros([width, this.config.userHidden]) };
  }

  /** Input embeddings of `items` as a tensor (inference), with the seen flag when configured. */
  embed(items: ArrayLike<number>, seen?: Float32Array): tf.Tensor2D {
    const emb = tf.tensor2d(this.itemsIn.gather(items), [items.length, this.itemsIn.cols]);
    if (!this.config.seenInput) return emb;
    return tf.tidy(() => tf.concat([emb, tf.tensor2d(seen ?? new Float32Array(items.length), [items.length, 1])], 1) as tf.Tensor2D);
  }

  /** One event per lane given its input embedding: the next session state and the user state used. */
  step(x: StepFlags, emb: tf.Tensor2D, h: tf.Tensor2D, u: tf.Tensor2D): { h: tf.Tensor2D; u: tf.Tensor2D } {
    const keepH = tf.sub(1, x.newSession);
    if (!this.user || !this.initW || !this.initB) {
      // A copy (shares the data): callers free the old state and keep the returned one.
      return { h: gruStep(this.session, emb, tf.mul(h, keepH) as tf.Tensor2D), u: tf.clone(u) };
    }
    // A session after the user's first: the user GRU takes the finished session's final state.
    const follow = tf.mul(x.newSession, tf.sub(1, x.newUser));
    const uPrev = tf.mul(u, tf.sub(1, x.newUser)) as tf.Tensor2D;
    const uCand = gruStep(this.user, h, uPrev);
    const uNext = tf.add(uPrev, tf.mul(follow, tf.sub(uCand, uPrev))) as tf.Tensor2D;
    const hInit = tf.tanh(tf.add(tf.matMul(uNext, this.initW as tf.Tensor2D), this.initB));
    const hIn = tf.add(tf.mul(h, keepH), tf.mul(hInit, x.newSession)) as tf.Tensor2D;
    const xin = this.config.propagate ? (tf.concat([emb, uNext], 1) as tf.Tensor2D) : emb;
    return { h: gruStep(this.session, xin, hIn), u: uNext };
  }

  /** Scores of every item: [lanes, nItems]. */
  scoreAll(h: tf.Tensor2D): tf.Tensor2D {
    if (!this.outCache) {
      // Kept: scoreAll is called inside tidy(), which would free a cache made there.
      this.outCache = {
        out: tf.keep(tf.tensor2d(this.itemsOut.values, [this.config.nItems, this.config.hidden])),
        bias: tf.keep(tf.tensor1d(this.biasOut.values)),
      };
    }
    return tf.add(tf.matMul(h, this.outCache.out, false, true), this.outCache.bias);
  }

  /** Call after changing the item tables. */
  tablesChanged(): void {
    if (this.outCache) tf.dispose([this.outCache.out, this.outCache.bias]);
    this.outCache = undefined;
  }

  /** Every weight as a plain array (for model files and for keeping the best epoch). */
  snapshot(): Weights {
    const w = this.liveWeights();
    for (const name of ['items_in', 'items_out', 'bias_out']) w[name] = { shape: w[name].shape, values: w[name].values.slice() };
    return w;
  }

  /**
   * Every weight, the item tables as live views (no copy: valid until the next training step);
   * for reading only, e.g. folding the weights into a moving average after each step.
   */
  liveWeights(): Weights {
    const w: Weights = Object.fromEntries(this.variables().map((v) => [v.name.slice(this.prefix.length), { shape: v.shape, values: v.dataSync() as Float32Array }]));
    w.items_in = { shape: [this.itemsIn.rows, this.itemsIn.cols], values: this.itemsIn.values };
    w.items_out = { shape: [this.itemsOut.rows, this.itemsOut.cols], values: this.itemsOut.values };
    w.bias_out = { shape: [this.biasOut.rows], values: this.biasOut.values };
    return w;
  }

  restore(weights: Weights): void {
    const check = (name: string, size: number) => {
      const w = weights[name];
      if (!w || w.values.length !== size) throw new Error(`model weights: ${name} missing or of the wrong size`);
      return w.values;
    };
    // tidy(): assign() copies, and the temporary tensor would otherwise stay allocated.
    for (const v of this.variables()) tf.tidy(() => v.assign(tf.tensor(check(v.name.slice(this.prefix.length), v.size), v.shape)));
    this.itemsIn.values.set(check('items_in', this.itemsIn.values.length));
    this.itemsOut.values.set(check('items_out', this.itemsOut.values.length));
    this.biasOut.values.set(check('bias_out', this.biasOut.values.length));
    this.tablesChanged();
  }

  dispose(): void {
    this.tablesChanged();
    for (const v of this.variables()) v.dispose();
  }
}
