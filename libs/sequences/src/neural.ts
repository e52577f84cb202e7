/**
 * GRU4Rec and HRNN as session recommenders: fitted with early stopping on a validation carve of
 * train (the same protocol applied to train; test is never looked at), then refitted on all of
 * train for the chosen number of epochs. Seeded: same data and options, same model.
 */
import * as tf from '@tensorflow/tfjs';
import { initTf } from '@graphrec/gnn';
import { LaneScheduler, Stream, userStreams } from './lanes';
import { MetricsAccumulator, rankOf } from './metrics';
import { NetworkConfig, SequenceModelKind, SessionNetwork, Weights } from './network';
import { SplitOptions, validationCarve } from './protocol';
import type { ScoreVisitor, SessionRecommender, SessionTrainData } from './recommender';
import { EpochStats, TrainOptions, createTrainer, flagTensors, trainEpoch } from './train';
import type { EncodedSession } from './types';
import { EmaWeights, MAX_EMA_EPOCHS, SwaWindow, checkEmaDecay, checkSwaEpochs } from './weight-average';

export interface NeuralOptions extends TrainOptions {
  embedding: number;
  /** One item table for input and output (see NetworkConfig.tied). */
  tied: boolean;
  hidden: number;
  userHidden: number;
  propagate: boolean;
  maxEpochs: number;
  /** Epochs without a better validation MRR@20 before stopping. */
  patience: number;
  /** Refit on all of train for the chosen epochs (else keep the carve's best model). */
  refit: boolean;
  /**
   * Choose the epochs on the validation carve (default). False: no carve, exactly `maxEpochs`
   * epochs on all of train — for a twin of a model whose epochs an earlier fit already chose
   * (train-ranker's carve twin of the served model: half the served fit's cost).
   */
  carve: boolean;
  /** The "seen in an earlier session" step feature (NetworkConfig.seenInput); evaluation only. */
  seenInput: boolean;
  /**
   * Weight averaging (weight-average.ts), 0 = off: the network is validated, kept and served with
   * the exponential moving average of its weights over a window of about `emaEpochs` epochs (the
   * per-step decay 1 − batch / (emaEpochs × training pairs), so that the window means the same on a
   * 5,000-user world and a 50,000-user sample) ...
   */
  emaEpochs: number;
  /** ... or with the mean of its weights at the end of the last `swaEpochs` epochs (SWA; 0 or 1 = off). */
  swaEpochs: number;
  /**
   * Distillation (train.ts `Teachers`), 0 = off: this many teachers of the same configuration
   * (seeds seed+1 …) are fitted first, and the network learns from their mean softmax mixed into the
   * target with weight `distillWeight`. In the carve phase the teachers are their carve models (they
   * never saw the validation sessions); in the refit, their refitted ones. Costs the teachers' fits.
   */
  distillSeeds: number;
  distillWeight: number;
}

/** Modest sizes so that an epoch over a million events fits in a minute on two wasm cores. */
export const NEURAL_DEFAULTS: NeuralOptions = {
  embedding: 32,
  tied: true,
  hidden: 32,
  userHidden: 32,
  propagate: true,
  batch: 128,
  learningRate: 0.003,
  negatives: 32,
  fullSoftmaxMaxItems: 2048,
  seed: 1,
  maxEpochs: 10,
  patience: 2,
  refit: true,
  carve: true,
  embeddingDropout: 0,
  hiddenDropout: 0,
  seenInput: false,
  emaEpochs: 0,
  swaEpochs: 0,
  distillSeeds: 0,
  distillWeight: 0.5,
};

/** Most teachers a distilled fit trains first. */
export const MAX_DISTILL_SEEDS = 8;

/** The averaging a fit keeps up while it trains, or undefined when off. */
interface Averaging {
  afterStep?: () => void;
  endEpoch(): void;
  /** The averaged weights (undefined before the first step). */
  value(): Weights | undefined;
}

/** Per-step EMA decay for a window of `epochs` epochs over `pairs` training pairs in lanes of `batch`. */
export function emaDecayFor(epochs: number, pairs: number, batch: number): number {
  if (!(epochs >= 0 && epochs <= MAX_EMA_EPOCHS)) throw new RangeError(`emaEpochs must be in 0..${MAX_EMA_EPOCHS}, got ${epochs}`);
  if (epochs === 0) return 0;
  const steps = Math.max(1, (epochs * pairs) / Math.max(1, batch));
  return checkEmaDecay(Math.max(0.5, 1 - 1 / steps));
}

function averaging(net: SessionNetwork, options: NeuralOptions, sessions: readonly EncodedSession[]): Averaging | undefined {
  const pairs = sessions.reduce((n, s) => n + Math.max(0, s.items.length - 1), 0);
  const decay = emaDecayFor(options.emaEpochs ?? 0, pairs, options.batch);
  const window = checkSwaEpochs(options.swaEpochs ?? 0);
  if (decay > 0 && window > 1) throw new RangeError('emaEpochs and swaEpochs: choose one way of averaging the weights');
  if (decay > 0) {
    const ema = new EmaWeights(decay);
    return { afterStep: () => ema.update(net.liveWeights()), endEpoch: () => undefined, value: () => ema.value() };
  }
  if (window > 1) {
    const swa = new SwaWindow(window);
    return { endEpoch: () => swa.push(net.liveWeights()), value: () => swa.value() };
  }
  return undefined;
}

export interface EpochReport extends EpochStats {
  epoch: number;
  validMrr20?: number;
}

export class NeuralSessionModel implements SessionRecommender {
  readonly options: NeuralOptions;
  net: SessionNetwork | undefined;
  readonly epochs: EpochReport[] = [];
  chosenEpochs = 0;
  /** The carve phase's kept weights (the model that never saw the validation sessions). */
  carveWeights: Weights | undefined;

  constructor(
    readonly name: SequenceModelKind,
    private readonly split: SplitOptions,
    options: Partial<NeuralOptions> = {},
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.options = { ...NEURAL_DEFAULTS, ...options };
  }

  private config(nItems: number): NetworkConfig {
    const o = this.options;
    return { kind: this.name, nItems, embedding: o.embedding, tied: o.tied, hidden: o.hidden, userHidden: o.userHidden, propagate: o.propagate, seed: o.seed, ...(o.seenInput ? { seenInput: true } : {}) };
  }

  /**
   * GRU4Rec: one stream per session (session-parallel: lanes stay balanced, the state resets at
   * each session anyway). HRNN: one per user (user-parallel), so the user state carries over.
   */
  private streams(sessions: readonly EncodedSession[]): Stream[] {
    if (this.name === 'gru4rec') return sessions.map((s) => ({ sessions: [s] }));
    return userStreams(sessions).map((list) => ({ sessions: list }));
  }

  async fit(data: SessionTrainData): Promise<void> {
    await initTf();
    const teachers = await this.fitTeachers(data);
    try {
      await this.fitStudent(data, teachers);
    } finally {
      for (const t of new Set([...(teachers?.carve ?? []), ...(teachers?.full ?? [])])) t.dispose();
    }
  }

  /** The distillation teachers (undefined when off): the same configuration, other seeds. */
  private async fitTeachers(data: SessionTrainData): Promise<{ carve: SessionNetwork[]; full: SessionNetwork[]; weight: number } | undefined> {
    const k = this.options.distillSeeds ?? 0;
    if (!Number.isInteger(k) || k < 0 || k > MAX_DISTILL_SEEDS) throw new RangeError(`distillSeeds must be an integer in 0..${MAX_DISTILL_SEEDS}, got ${k}`);
    if (k === 0) return undefined;
    const weight = this.options.distillWeight;
    if (!(weight > 0 && weight <= 1)) throw new RangeError(`distillWeight must be in (0, 1], got ${weight}`);
    const carve: SessionNetwork[] = [];
    const full: SessionNetwork[] = [];
    for (let i = 1; i <= k; i++) {
      const teacher = new NeuralSessionModel(this.name, this.split, { ...this.options, distillSeeds: 0, seed: this.options.seed + i }, (l) => this.log(`teacher ${i}: ${l}`));
      await teacher.fit(data);
      const net = teacher.net as SessionNetwork;
      full.push(net);
      if (teacher.carveWeights) {
        const c = new SessionNetwork(net.config);
        c.restore(teacher.carveWeights);
        carve.push(c);
      } else carve.push(net);
    }
    return { carve, full, weight };
  }

  private async fitStudent(data: SessionTrainData, teachers: { carve: SessionNetwork[]; full: SessionNetwork[]; weight: number } | undefined): Promise<void> {
    // An options record saved before `carve` existed reads as undefined: the carve, as then.
    const { train, valid } = this.options.carve === false ? { train: data.train, valid: [] } : validationCarve(data.train, this.split);
    let epochs = this.options.maxEpochs;
    let net = new SessionNetwork(this.config(data.nItems));
    if (valid.length) {
      const trainer = createTrainer(this.options.learningRate);
      const streams = this.streams(train);
      let best = -1;
      let bestAt = 0;
      let bestWeights = net.snapshot();
      const avg = averaging(net, this.options, train);
      for (let e = 1; e <= this.options.maxEpochs; e++) {
        const stats = trainEpoch(net, trainer, streams, this.options, e, data.popularity, avg?.afterStep, teachers && { nets: teachers.carve, weight: teachers.weight });
        avg?.endEpoch();
        // Validated with the averaged weights (what would be kept and served), then training goes
        // on from the raw ones.
        const raw = avg ? net.snapshot() : undefined;
        const averaged = avg?.value();
        if (averaged) net.restore(averaged);
        const acc = new MetricsAccumulator();
        this.net = net;
        await this.score(train, valid, (i, pos, scores) => acc.add(rankOf(scores, valid[i].items[pos])));
        const mrr = acc.result()['mrr@20'];
        if (mrr > best) bestWeights = net.snapshot();
        if (raw) net.restore(raw);
        this.epochs.push({ epoch: e, ...stats, validMrr20: mrr });
        this.log(`${this.name} epoch ${e}: loss ${stats.loss.toFixed(4)}, ${stats.events} events in ${stats.seconds.toFixed(1)} s, validation MRR@20 ${mrr.toFixed(4)}`);
        if (mrr > best) {
          best = mrr;
          bestAt = e;
        } else if (e - bestAt >= this.options.patience) break;
      }
      trainer.optimizer.dispose();
      epochs = bestAt;
      this.carveWeights = bestWeights;
      if (!this.options.refit) net.restore(bestWeights);
    }
    this.chosenEpochs = epochs;
    if (this.options.refit || !valid.length) {
      net.dispose();
      net = new SessionNetwork(this.config(data.nItems));
      const trainer = createTrainer(this.options.learningRate);
      const streams = this.streams(data.train);
      const avg = averaging(net, this.options, data.train);
      for (let e = 1; e <= epochs; e++) {
        const stats = trainEpoch(net, trainer, streams, this.options, e, data.popularity, avg?.afterStep, teachers && { nets: teachers.full, weight: teachers.weight });
        avg?.endEpoch();
        this.log(`${this.name} refit epoch ${e}/${epochs}: loss ${stats.loss.toFixed(4)}, ${stats.events} events in ${stats.seconds.toFixed(1)} s`);
      }
      trainer.optimizer.dispose();
      const averaged = avg?.value();
      if (averaged) net.restore(averaged);
    }
    this.net = net;
  }

  /**
   * Runs each user's history (state only) then test sessions, scoring every item after each test
   * prefix. GRU4Rec's state starts fresh in each session, so it reads the test sessions alone.
   */
  async score(history: readonly EncodedSession[], test: readonly EncodedSession[], visit: ScoreVisitor): Promise<void> {
    const net = this.net;
    if (!net) throw new Error(`${this.name}: score before fit`);
    const streams: Stream[] = [];
    if (this.name === 'gru4rec') {
      test.forEach((s, i) => streams.push({ sessions: [s], scored: [true], tags: [i] }));
    } else {
      const byUser = new Map<number, { s: EncodedSession; tag: number }[]>();
      test.forEach((s, i) => {
        if (s.user < 0) streams.push({ sessions: [s], scored: [true], tags: [i] });
        else {
          let l = byUser.get(s.user);
          if (!l) byUser.set(s.user, (l = []));
          l.push({ s, tag: i });
        }
      });
      for (const s of history) byUser.get(s.user)?.push({ s, tag: -1 });
      for (const list of byUser.values()) {
        list.sort((a, b) => a.s.start - b.s.start || (a.tag < 0 ? -1 : 0) - (b.tag < 0 ? -1 : 0));
        streams.push({ sessions: list.map((x) => x.s), scored: list.map((x) => x.tag >= 0), tags: list.map((x) => x.tag) });
      }
    }
    const width = Math.min(this.options.batch * 2, Math.max(1, streams.length));
    const lanes = new LaneScheduler(streams, width);
    const n = net.config.nItems;
    let state = tf.tidy(() => net.zeroState(width));
    for (let st = lanes.advance(); st; st = lanes.advance()) {
      const flags = flagTensors(st);
      const emb = net.embed(st.input, st.seen);
      const next = tf.tidy(() => net.step(flags, emb, state.h, state.u));
      let wanted = false;
      for (let l = 0; l < width; l++) if (st.active[l] && st.scored[l]) wanted = true;
      if (wanted) {
        const scores = tf.tidy(() => net.scoreAll(next.h));
        const values = scores.dataSync() as Float32Array;
        scores.dispose();
        for (let l = 0; l < width; l++) if (st.active[l] && st.scored[l]) visit(st.tag[l], st.pos[l], values.subarray(l * n, (l + 1) * n));
      }
      tf.dispose([emb, flags.newSession, flags.newUser, state.h, state.u]);
      state = next;
    }
    tf.dispose([state.h, state.u]);
  }
}
