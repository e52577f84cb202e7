/**
 * A trained propensity model: XGBoost trees (early-stopped on validation AUC) and the isotonic map
 * fitted on validation that turns their output into a calibrated probability. One trainer for the
 * evaluation on a generated world (evaluate.ts) and for the served models trained on the graph
 * (`graphrec train-propensity`); one scorer for serving, the export and the benchmark.
 */
import { Booster, DMatrix, type Params } from '@graphrec/rank';
import { fitIsotonicTable, isotonicCalibrator, type Calibrator, type IsotonicTable } from './calibration';
import { FEATURE_NAMES } from './features';

export const DEFAULT_XGB_PARAMS: Params = {
  objective: 'binary:logistic',
  eval_metric: 'auc',
  eta: 0.05,
  max_depth: 4,
  min_child_weight: 5,
  subsample: 0.8,
  colsample_bytree: 0.8,
  lambda: 1,
  nthread: 2,
};

/** Rows (n × FEATURE_NAMES.length, row-major) and their 0/1 labels. */
export interface LabelledRows {
  x: Float32Array;
  y: Uint8Array;
}

export interface TrainedPropensity {
  booster: Booster;
  calibration: IsotonicTable;
  rounds: number;
  validationAuc: number;
  /** The trees' raw output on the validation rows (before calibration). */
  rawValid: Float64Array;
}

const positives = (y: Uint8Array): number => y.reduce((s, v) => s + v, 0);

/** Rounds without a better validation AUC before boosting stops (the best round is kept). */
export const DEFAULT_EARLY_STOPPING_ROUNDS = 40;

/**
 * How the trees are trained, beyond the defaults: `params` override DEFAULT_XGB_PARAMS (e.g. a
 * more regularised variant in the evaluation), `earlyStoppingRounds` DEFAULT_EARLY_STOPPING_ROUNDS.
 */
export interface PropensityTreeOptions {
  seed: number;
  maxRounds?: number;
  /** The rows' width when they carry more than FEATURE_NAMES (the evaluation's extra columns). */
  columns?: number;
  params?: Params;
  earlyStoppingRounds?: number;
}

/** Boosts on `train`, early-stopped on `validation` (rows of the same width). The caller frees the booster. */
export function boostEarlyStopped(train: LabelledRows, validation: LabelledRows, options: PropensityTreeOptions): { booster: Booster; rounds: number; validationAuc: number } {
  const d = options.columns ?? FEATURE_NAMES.length;
  const nTrain = train.y.length;
  const dTrain = DMatrix.fromDense(train.x, nTrain, d).setLabels(Float32Array.from(train.y));
  const dValid = DMatrix.fromDense(validation.x, validation.y.length, d).setLabels(Float32Array.from(validation.y));
  try {
    // base_score at the train rate: from XGBoost's default 0.5, a rare action's first trees only
    // move every margin down, and early stopping on validation AUC can end before any tree splits.
    const baseScore = Math.min(0.5, Math.max(1e-4, positives(train.y) / nTrain));
    const params = { ...DEFAULT_XGB_PARAMS, ...options.params, base_score: baseScore, seed: options.seed };
    const result = Booster.train(params, dTrain, { rounds: options.maxRounds ?? 600, evals: [{ name: 'valid', data: dValid }], earlyStoppingRounds: options.earlyStoppingRounds ?? DEFAULT_EARLY_STOPPING_ROUNDS, maximize: true });
    return { booster: result.booster, rounds: result.bestIteration + 1, validationAuc: result.bestScore };
  } finally {
    dTrain.free();
    dValid.free();
  }
}

/**
 * Trains the trees on `train`, early-stopped and calibrated on `validation`. The caller frees the
 * booster. `columns`: the rows' width when they carry more than FEATURE_NAMES (the evaluation's
 * extra columns, e.g. a sequence model's user features); served models use FEATURE_NAMES only.
 */
export function trainPropensity(train: LabelledRows, validation: LabelledRows, options: PropensityTreeOptions): TrainedPropensity {
  const d = options.columns ?? FEATURE_NAMES.length;
  const { booster, rounds, validationAuc } = boostEarlyStopped(train, validation, options);
  const dValid = DMatrix.fromDense(validation.x, validation.y.length, d);
  try {
    const rawValid = Float64Array.from(booster.predict(dValid));
    return { booster, calibration: fitIsotonicTable(rawValid, validation.y), rounds, validationAuc, rawValid };
  } finally {
    dValid.free();
  }
}

/** Calibrated probabilities of rows (n × columns, FEATURE_NAMES by default) by a booster and its isotonic map. */
export class PropensityScorer {
  private readonly calibrate: Calibrator;

  constructor(
    readonly booster: Booster,
    readonly calibration: IsotonicTable,
    /** The rows' width (trainPropensity's `columns`). */
    readonly columns: number = FEATURE_NAMES.length,
  ) {
    this.calibrate = isotonicCalibrator(calibration);
  }

  /** The trees' raw outputs (uncalibrated). */
  raw(rows: Float32Array, n: number): Float32Array {
    if (n === 0) return new Float32Array(0);
    const m = DMatrix.fromDense(rows, n, this.columns);
    try {
      return this.booster.predict(m);
    } finally {
      m.free();
    }
  }

  score(rows: Float32Array, n: number): Float64Array {
    return Float64Array.from(this.raw(rows, n), this.calibrate);
  }

  free(): void {
    this.booster.free();
  }
}

/** Pseudo-users of the overall rate added to each group's rate (small groups lean on the overall rate). */
export const BASE_RATE_PRIOR_USERS = 20;

export interface GroupRate {
  rate: number;
  users: number;
}

/**
 * Each group's rate of the label, shrunk toward the overall rate by BASE_RATE_PRIOR_USERS
 * pseudo-users: the segment base rate (a baseline in the evaluation, context in the served answer).
 */
export function groupRates(groups: ArrayLike<string | null>, labels: ArrayLike<number>): { overall: number; groups: Record<string, GroupRate> } {
  const n = labels.length;
  let total = 0;
  const cells = new Map<string, [number, number]>();
  for (let i = 0; i < n; i++) {
    total += labels[i];
    const g = groups[i];
    if (g === null) continue;
    const cell = cells.get(g) ?? [0, 0];
    cell[0] += labels[i];
    cell[1] += 1;
    cells.set(g, cell);
  }
  const overall = n ? total / n : 0;
  const out: Record<string, GroupRate> = {};
  for (const [g, [y, m]] of [...cells].sort((a, b) => a[0].localeCompare(b[0]))) out[g] = { rate: (y + BASE_RATE_PRIOR_USERS * overall) / (m + BASE_RATE_PRIOR_USERS), users: m };
  return { overall, groups: out };
}
