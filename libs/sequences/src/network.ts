/**
 * GRU4Rec and HRNN as one network. GRU4Rec: item embedding → session GRU → scores against output
 * item embeddings, the hidden state reset at each session start. HRNN (Quadrana et al. 2017): a
 * user-level GRU takes the final session state of each finished session; a new session's hidden
 * state is initialised from the user state (tanh(u W + b)) and, with `propagate`, the user state is
 * also fed to the session GRU at every step. A user's first session (and an anonymous one) starts
 * from u = 0, i.e. the session-level model.
 */
import * as tf from '@tensorflow/tfjs';
import { GruWeights, gruStep, gruVariables, initGru } from './gru';

export type SequenceModelKind = 'gru4rec' | 'hrnn';

export interface NetworkConfig {
  kind: SequenceModelKind;
  nItems: number;
  /** Item embedding size. */
  embedding: number;
  /** Session GRU size. */
  hidden: number;
  /** User GRU size (HRNN). */
  userHidden: number;
  /** HRNN: feed the user state into every session step too. */
  propagate: boolean;
  seed: number;
}

export interface StepInput {
  input: tf.Tensor1D;
  newSession: tf.Tensor2D;
  newUser: tf.Tensor2D;
}

let instances = 0;

export class SessionNetwork {
  /** tfjs variable names are global to the engine: each network's carry its own prefix. */
  private readonly prefix = `sequences${++instances}/`;
  readonly itemsIn: tf.Variable;
  readonly itemsOut: tf.Variable;
  readonly biasOut: tf.Variable;
  readonly session: GruWeights;
  readonly user?: GruWeights;
  readonly initW?: tf.Variable;
  readonly initB?: tf.Variable;

  constructor(readonly config: NetworkConfig) {
    const { nItems, embedding, hidden, userHidden, seed } = config;
    const scale = (n: number) => 1 / Math.sqrt(n);
    this.itemsIn = tf.variable(tf.randomUniform([nItems, embedding], -scale(embedding), scale(embedding), 'float32', seed), true, this.prefix + 'items_in');
    this.itemsOut = tf.variable(tf.randomUniform([nItems, hidden], -scale(hidden), scale(hidden), 'float32', seed + 1), true, this.prefix + 'items_out');
    this.biasOut = tf.variable(tf.zeros([nItems]), true, this.prefix + 'bias_out');
    const hrnn = config.kind === 'hrnn';
    this.session = initGru(this.prefix + 'session', embedding + (hrnn && config.propagate ? userHidden : 0), hidden, seed + 10);
    if (hrnn) {
      this.user = initGru(this.prefix + 'user', hidden, userHidden, seed + 20);
      const a = Math.sqrt(6 / (userHidden + hidden));
      this.initW = tf.variable(tf.randomUniform([userHidden, hidden], -a, a, 'float32', seed + 30), true, this.prefix + 'init_w');
      this.initB = tf.variable(tf.zeros([hidden]), true, this.prefix + 'init_b');
    }
  }

  variables(): tf.Variable[] {
    const v = [this.itemsIn, this.itemsOut, this.biasOut, ...gruVariables(this.session)];
    if (this.user && this.initW && this.initB) v.push(...gruVariables(this.user), this.initW, this.initB);
    return v;
  }

  /** Zero states for `width` lanes. */
  zeroState(width: number): { h: tf.Tensor2D; u: tf.Tensor2D } {
    return { h: tf.zeros([width, this.config.hidden]), u: tf.zeros([width, this.config.userHidden]) };
  }

  /** One event per lane: the next session state, and (HRNN) the user state it used. */
  step(x: StepInput, h: tf.Tensor2D, u: tf.Tensor2D): { h: tf.Tensor2D; u: tf.Tensor2D } {
    const keepH = tf.sub(1, x.newSession);
    const emb = tf.gather(this.itemsIn, x.input) as tf.Tensor2D;
    if (!this.user || !this.initW || !this.initB) {
      // A copy (shares the data): callers free the old state and keep the returned one.
      return { h: gruStep(this.session, emb, tf.mul(h, keepH)), u: tf.clone(u) };
    }
    // A session after the user's first: the user GRU takes the finished session's final state.
    const follow = tf.mul(x.newSession, tf.sub(1, x.newUser));
    const uPrev = tf.mul(u, tf.sub(1, x.newUser));
    const uCand = gruStep(this.user, h, uPrev as tf.Tensor2D);
    const uNext = tf.add(uPrev, tf.mul(follow, tf.sub(uCand, uPrev))) as tf.Tensor2D;
    const hInit = tf.tanh(tf.add(tf.matMul(uNext, this.initW as tf.Tensor2D), this.initB));
    const hIn = tf.add(tf.mul(h, keepH), tf.mul(hInit, x.newSession)) as tf.Tensor2D;
    const xin = this.config.propagate ? (tf.concat([emb, uNext], 1) as tf.Tensor2D) : emb;
    return { h: gruStep(this.session, xin, hIn), u: uNext };
  }

  /** Scores of every item: [lanes, nItems]. */
  scoreAll(h: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(h, this.itemsOut as tf.Tensor2D, false, true), this.biasOut);
  }

  /** Scores of the given candidate items: [lanes, candidates]. */
  scoreSome(h: tf.Tensor2D, candidates: tf.Tensor1D): tf.Tensor2D {
    const out = tf.gather(this.itemsOut, candidates) as tf.Tensor2D;
    return tf.add(tf.matMul(h, out, false, true), tf.gather(this.biasOut, candidates));
  }

  /** Every weight as a plain array (for model files and for keeping the best epoch). */
  snapshot(): Record<string, { shape: number[]; values: Float32Array }> {
    return Object.fromEntries(this.variables().map((v) => [v.name.slice(this.prefix.length), { shape: v.shape, values: v.dataSync() as Float32Array }]));
  }

  restore(weights: Record<string, { shape: number[]; values: Float32Array }>): void {
    for (const v of this.variables()) {
      const w = weights[v.name.slice(this.prefix.length)];
      if (!w || w.values.length !== v.size) throw new Error(`model weights: ${v.name} missing or of the wrong size`);
      v.assign(tf.tensor(w.values, v.shape));
    }
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}
