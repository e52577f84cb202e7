/**
 * A small typed wrapper over XGBoost's C API (Debian's `libxgboost0`, 1.7), loaded in-process with
 * koffi: no Python, no child process, no model server. Only what the ranker needs: dense DMatrix
 * with labels and query groups, boosting one round at a time with validation and early stopping,
 * predictions, SHAP contributions, and models to/from files and buffers. Every return code is
 * checked; every handle has an explicit `free()` (XGBoost's memory is not the GC's).
 */
import koffi from 'koffi';
import { readFileSync, writeFileSync } from 'node:fs';
import { assertLive, check, load, Pointer } from './xgboost-native';

export { XGBoostError, xgboostAvailable, xgboostVersion } from './xgboost-native';

/** A dense matrix of float32 features (row-major), NaN marking a missing value. */
export class DMatrix {
  private handle: Pointer | undefined;

  private constructor(
    handle: Pointer,
    readonly rows: number,
    readonly cols: number,
  ) {
    this.handle = handle;
  }

  static fromDense(data: Float32Array, rows: number, cols: number, missing = Number.NaN): DMatrix {
    if (data.length !== rows * cols) throw new RangeError(`data has ${data.length} values, expected ${rows} × ${cols}`);
    const api = load();
    const out: Pointer[] = [null];
    check(api.dmatrixFromMat(data, rows, cols, missing, out), 'XGDMatrixCreateFromMat');
    return new DMatrix(out[0], rows, cols);
  }

  /** @internal the native handle, for Booster. */
  get native(): Pointer {
    return assertLive(this.handle, 'DMatrix');
  }

  setLabels(labels: Float32Array): this {
    if (labels.length !== this.rows) throw new RangeError(`${labels.length} labels for ${this.rows} rows`);
    check(load().dmatrixSetFloat(this.native, 'label', labels, labels.length), 'XGDMatrixSetFloatInfo(label)');
    return this;
  }

  /** Per-row starting margin: boosting then learns a correction to it (and predictions add it back). */
  setBaseMargin(margin: Float32Array): this {
    if (margin.length !== this.rows) throw new RangeError(`${margin.length} base margins for ${this.rows} rows`);
    check(load().dmatrixSetFloat(this.native, 'base_margin', margin, margin.length), 'XGDMatrixSetFloatInfo(base_margin)');
    return this;
  }

  /**
   * Query groups for ranking, as sizes of consecutive row blocks (rows must be sorted by group).
   * XGBoost 1.7's SetUIntInfo knows the key "group" (sizes; it builds group_ptr itself) and rejects
   * "group_ptr" ("Unknown key for MetaInfo"), which only later versions accept.
   */
  setGroups(sizes: ArrayLike<number>): this {
    const groups = Uint32Array.from(sizes);
    let total = 0;
    for (const size of groups) total += size;
    if (total !== this.rows) throw new RangeError(`groups cover ${total} rows, matrix has ${this.rows}`);
    check(load().dmatrixSetUInt(this.native, 'group', groups, groups.length), 'XGDMatrixSetUIntInfo(group)');
    return this;
  }

  free(): void {
    if (this.handle === undefined) return;
    const handle = this.handle;
    this.handle = undefined;
    check(load().dmatrixFree(handle), 'XGDMatrixFree');
  }
}

export type Params = Record<string, string | number | boolean>;

export interface TrainOptions {
  /** Most boosting rounds. */
  rounds: number;
  /** Evaluated after every round (the eval_metric params); the last one drives early stopping. */
  evals?: { name: string; data: DMatrix }[];
  /** Stop when the watched metric has not improved for this many rounds; keep the best round. */
  earlyStoppingRounds?: number;
  /** Higher is better for the watched metric (ndcg, map, auc); default true. */
  maximize?: boolean;
}

export interface TrainResult {
  booster: Booster;
  /** 0-based round of the best watched score (last round without early stopping). */
  bestIteration: number;
  bestScore: number;
  /** Per round, metric name ("valid-ndcg@10") → value. */
  history: Record<string, number>[];
}

/** Parses "[3]\ttrain-ndcg@10:0.51\tvalid-ndcg@10:0.49" into { 'train-ndcg@10': 0.51, … }. */
export function parseEvalLine(line: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of line.trim().split('\t').slice(1)) {
    const colon = part.lastIndexOf(':');
    if (colon > 0) out[part.slice(0, colon)] = Number(part.slice(colon + 1));
  }
  return out;
}

/** Option mask bits of XGBoosterPredict (c_api.h). */
const PREDICT_MARGIN = 1;
const PREDICT_LEAF = 2;
const PREDICT_CONTRIBS = 4;
const PREDICT_APPROX_CONTRIBS = 8;

/**
 * A loaded model predicts a request's few rows: on one thread. nthread is not saved with a model,
 * so XGBoost would otherwise start an OpenMP team over every core per call, whose spinning threads
 * competed with Neo4j and the API on a 2-core machine (recommendations at 37 req/s, p50 751 ms).
 */
const LOADED_PARAMS: Params = { nthread: 1 };

export class Booster {
  private handle: Pointer | undefined;

  private constructor(handle: Pointer) {
    this.handle = handle;
  }

  /** A new booster; `cache` lists the matrices it will train or evaluate on (may be empty). */
  static create(params: Params = {}, cache: DMatrix[] = []): Booster {
    const api = load();
    const out: Pointer[] = [null];
    check(api.boosterCreate(cache.map((d) => d.native), cache.length, out), 'XGBoosterCreate');
    const booster = new Booster(out[0]);
    try {
      booster.setParams(params);
    } catch (error) {
      booster.free();
      throw error;
    }
    return booster;
  }

  /**
   * Boosts up to `rounds` rounds, evaluating after each; with early stopping, returns a booster
   * sliced to the best round (the extra rounds are dropped, so predictions use the best model).
   */
  static train(params: Params, dtrain: DMatrix, options: TrainOptions): TrainResult {
    const evals = options.evals ?? [];
    const booster = Booster.create(params, [dtrain, ...evals.map((e) => e.data)]);
    const maximize = options.maximize ?? true;
    const history: Record<string, number>[] = [];
    let bestIteration = -1;
    let bestScore = maximize ? -Infinity : Infinity;
    try {
      for (let iter = 0; iter < options.rounds; iter++) {
        booster.update(iter, dtrain);
        if (!evals.length) {
          bestIteration = iter;
          continue;
        }
        const scores = booster.evaluate(iter, evals);
        history.push(scores);
        // The watched metric: the last eval set's last metric, as xgboost.train does.
        const keys = Object.keys(scores).filter((k) => k.startsWith(`${evals[evals.length - 1].name}-`));
        const watched = scores[keys[keys.length - 1]];
        if (maximize ? watched > bestScore : watched < bestScore) {
          bestScore = watched;
          bestIteration = iter;
        }
        if (options.earlyStoppingRounds !== undefined && iter - bestIteration >= options.earlyStoppingRounds) break;
      }
      if (bestIteration + 1 < booster.rounds()) {
        const best = booster.slice(0, bestIteration + 1);
        booster.free();
        return { booster: best, bestIteration, bestScore, history };
      }
      return { booster, bestIteration, bestScore, history };
    } catch (error) {
      booster.free();
      throw error;
    }
  }

  static loadModel(path: string): Booster {
    const booster = Booster.create();
    try {
      check(load().boosterLoad(booster.native, path), 'XGBoosterLoadModel');
      booster.setParams(LOADED_PARAMS);
    } catch (error) {
      booster.free();
      throw error;
    }
    return booster;
  }

  /** From the bytes of `toBuffer` (JSON or UBJSON) or of a saved model file. */
  static fromBuffer(bytes: Uint8Array): Booster {
    const booster = Booster.create();
    try {
      check(load().boosterFromBuffer(booster.native, bytes, bytes.length), 'XGBoosterLoadModelFromBuffer');
      booster.setParams(LOADED_PARAMS);
    } catch (error) {
      booster.free();
      throw error;
    }
    return booster;
  }

  private get native(): Pointer {
    return assertLive(this.handle, 'Booster');
  }

  setParams(params: Params): void {
    for (const [name, value] of Object.entries(params)) {
      check(load().boosterSetParam(this.native, name, String(value)), `XGBoosterSetParam(${name})`);
    }
  }

  update(iter: number, dtrain: DMatrix): void {
    check(load().boosterUpdate(this.native, iter, dtrain.native), 'XGBoosterUpdateOneIter');
  }

  evaluate(iter: number, evals: { name: string; data: DMatrix }[]): Record<string, number> {
    const out: string[] = [''];
    check(
      load().boosterEval(this.native, iter, evals.map((e) => e.data.native), evals.map((e) => e.name), evals.length, out),
      'XGBoosterEvalOneIter',
    );
    return parseEvalLine(out[0]);
  }

  rounds(): number {
    const out = [0];
    check(load().boosterRounds(this.native, out), 'XGBoosterBoostedRounds');
    return out[0];
  }

  /** Rounds [begin, end) as a new booster. */
  slice(begin: number, end: number): Booster {
    const out: Pointer[] = [null];
    check(load().boosterSlice(this.native, begin, end, 1, out), 'XGBoosterSlice');
    return new Booster(out[0]);
  }

  private predictMask(data: DMatrix, mask: number): Float32Array {
    const len: number[] = [0];
    const out: Pointer[] = [null];
    check(load().boosterPredict(this.native, data.native, mask, 0, 0, len, out), 'XGBoosterPredict');
    // The result lives in XGBoost's thread-local buffer until the next call: decode copies it out.
    return koffi.decode(out[0], 'float', Number(len[0])) as Float32Array;
  }

  /** One prediction per row (transformed: probabilities for binary:logistic). */
  predict(data: DMatrix): Float32Array {
    return this.predictMask(data, 0);
  }

  /** Untransformed scores (the sum of leaf values plus base_score); what rankers order by. */
  predictMargin(data: DMatrix): Float32Array {
    return this.predictMask(data, PREDICT_MARGIN);
  }

  /** The leaf each row reaches in each tree: rows × trees node ids (XGBoost's pred_leaf; see tree-ensemble.ts). */
  leaves(data: DMatrix): Float32Array {
    return this.predictMask(data, PREDICT_LEAF);
  }

  /**
   * Per-row feature contributions to the margin, rows × (cols + 1), bias last: exact TreeSHAP, or
   * Saabas' path attribution when `approximate` (cheaper, not consistent). Each row sums to the margin.
   */
  contributions(data: DMatrix, options: { approximate?: boolean } = {}): Float32Array {
    return this.predictMask(data, PREDICT_CONTRIBS | (options.approximate ? PREDICT_APPROX_CONTRIBS : 0));
  }

  /** Saves to a file; the format follows the extension (.json or .ubj), as in XGBoost. */
  saveModel(path: string): void {
    check(load().boosterSave(this.native, path), 'XGBoosterSaveModel');
  }

  toBuffer(format: 'json' | 'ubj' = 'json'): Buffer {
    const len: number[] = [0];
    const out: Pointer[] = [null];
    check(load().boosterToBuffer(this.native, JSON.stringify({ format }), len, out), 'XGBoosterSaveModelToBuffer');
    return Buffer.from(koffi.view(out[0], Number(len[0])).slice(0));
  }

  free(): void {
    if (this.handle === undefined) return;
    const handle = this.handle;
    this.handle = undefined;
    check(load().boosterFree(handle), 'XGBoosterFree');
  }
}

/** Save/load helpers through buffers, so a model directory needs no XGBoost-specific file naming. */
export function writeBooster(booster: Booster, path: string): void {
  writeFileSync(path, booster.toBuffer(path.endsWith('.ubj') ? 'ubj' : 'json'));
}

export function readBooster(path: string): Booster {
  return Booster.fromBuffer(readFileSync(path));
}
