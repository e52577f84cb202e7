/**
 * `graphrec propensity`: the 30-day propensity of a high-value action, evaluated against the
 * generator's truth. Users are split at random (seeded) into train 60%, validation 20% and test
 * 20%; features are what was known at the cutoff, labels what happened in the window after it (a
 * time split between features and labels; test users are never seen in training or tuning).
 *
 * Models: gradient-boosted trees (XGBoost through libs/rank's wrapper, early stopping on
 * validation AUC), then calibrated by isotonic regression fitted on validation; logistic
 * regression (L2, standardised); the segment's base rate (train users, shrunk to the overall rate).
 * The oracle scores each test user by their true probability. Scores on test: AUC, PR-AUC, ECE
 * (10 equal-mass bins) and the reliability bins.
 */
import type { PropensityWorld } from '@graphrec/datagen';
import { segmentOf } from '@graphrec/datagen';
import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import { fitPlatt, isotonicCalibrator } from './calibration';
import { aggregateEvents, FEATURE_NAMES, featureMatrix } from './features';
import { baggedRaw, freeBagged, trainBaggedPropensity } from './bagging';
import { groupRates, PropensityScorer, trainPropensity, type PropensityTreeOptions } from './model';
import { fitLogistic } from './logistic';
import { expectedCalibrationError, prAuc, reliabilityBins, rocAuc, type ReliabilityBin } from './metrics';

export interface ModelScores {
  auc: number;
  prAuc: number;
  ece: number;
  bins: ReliabilityBin[];
}

export interface PropensityReport {
  action: string;
  categories: string[];
  users: number;
  seed: number;
  windowDays: number;
  features: number;
  split: { train: number; validation: number; test: number };
  positives: { train: number; validation: number; test: number };
  models: {
    oracle: ModelScores;
    xgboost: ModelScores;
    'xgboost-uncalibrated': ModelScores;
    'xgboost-platt': ModelScores;
    logistic: ModelScores;
    'segment-rate': ModelScores;
  };
  /** Rounds (bagged: the boosters' mean), validation AUC (bagged: the mean over the folds), boosters (1 unless bagged). */
  xgboost: { rounds: number; validationAuc: number; boosters: number };
  /** The targets on this run. */
  targets: { aucShareOfOracle: number; aboveLogistic: boolean; ece: number };
  seconds: number;
}

const BINS = 10;

function scores(predictions: Float64Array, labels: Uint8Array): ModelScores {
  return { auc: rocAuc(predictions, labels), prAuc: prAuc(predictions, labels), ece: expectedCalibrationError(predictions, labels, BINS), bins: reliabilityBins(predictions, labels, BINS) };
}

function rowsOf(all: Float32Array, d: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * d);
  indices.forEach((u, i) => out.set(all.subarray(u * d, (u + 1) * d), i * d));
  return out;
}

/**
 * Columns appended to every user's features (evaluation only: the served models read FEATURE_NAMES),
 * computed from what was known at the cutoff — e.g. a sequence model's user summary
 * (bench/decide/propensity-sequence.bench.ts). Row-major users × names.length, in world.users order.
 */
export interface ExtraFeatures {
  names: readonly string[];
  values: Float32Array;
}

/** The base matrix with `extra`'s columns appended to each row. */
export function withExtra(base: Float32Array, n: number, extra?: ExtraFeatures): Float32Array {
  if (!extra || extra.names.length === 0) return base;
  const e = extra.names.length;
  if (extra.values.length !== n * e) throw new RangeError(`extra features: ${extra.values.length} values for ${n} users × ${e} columns`);
  const b = base.length / n;
  const out = new Float32Array(n * (b + e));
  for (let i = 0; i < n; i++) {
    out.set(base.subarray(i * b, (i + 1) * b), i * (b + e));
    out.set(extra.values.subarray(i * e, (i + 1) * e), i * (b + e) + b);
  }
  return out;
}

/**
 * How the evaluation trains its trees. `params` / `earlyStoppingRounds`: see PropensityTreeOptions.
 * `bag`: K > 1 trains K boosters over K folds of the non-test users instead of one booster on the
 * train part (bagging.ts); the baselines keep the train part.
 */
/** Most boosters a bagged evaluation trains (each a full early-stopped fit: bounds the work). */
export const MAX_BAG = 20;

export interface EvaluateOptions extends Pick<PropensityTreeOptions, 'maxRounds' | 'params' | 'earlyStoppingRounds'> {
  seed: number;
  extra?: ExtraFeatures;
  bag?: number;
  /** The world's base feature matrix (featureMatrix of every user at the cutoff), when the caller evaluates the same world many times. */
  baseFeatures?: Float32Array;
  /**
   * The logistic baseline's scores from an earlier run on the same split and the same columns (it
   * does not depend on the trees' options): the caller's cache when it compares tree variants.
   */
  logisticScores?: ModelScores;
}

/** The world's base feature matrix (users × FEATURE_NAMES, world.users order) at its cutoff. */
export function worldFeatures(world: PropensityWorld): Float32Array {
  return featureMatrix(world.users.map((u) => aggregateEvents(u, world.cutoff)), world.cutoff);
}

/** Trees on the split's train (and, bagged, validation) rows: calibrated test scores, raw validation-or-out-of-fold fit for Platt. */
function treeScores(
  xTrain: Float32Array,
  yTrain: Uint8Array,
  xValid: Float32Array,
  yValid: Uint8Array,
  xTest: Float32Array,
  nTest: number,
  d: number,
  options: EvaluateOptions,
): { rawTest: Float64Array; calibrated: Float64Array; platt: (s: number) => number; rounds: number; validationAuc: number } {
  const tree: PropensityTreeOptions = { seed: options.seed, maxRounds: options.maxRounds, columns: d, params: options.params, earlyStoppingRounds: options.earlyStoppingRounds };
  if (options.bag !== undefined && options.bag > 1) {
    if (!Number.isInteger(options.bag) || options.bag > MAX_BAG) throw new RangeError(`bag must be a whole number up to ${MAX_BAG}, got ${options.bag}`);
    const x = new Float32Array(xTrain.length + xValid.length);
    x.set(xTrain);
    x.set(xValid, xTrain.length);
    const y = new Uint8Array(yTrain.length + yValid.length);
    y.set(yTrain);
    y.set(yValid, yTrain.length);
    const bag = trainBaggedPropensity({ x, y }, { ...tree, folds: options.bag });
    try {
      const rawTest = baggedRaw(bag, xTest, nTest);
      const isotonic = isotonicCalibrator(bag.calibration);
      const platt = fitPlatt(bag.outOfFold, y);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      return { rawTest, calibrated: rawTest.map(isotonic), platt, rounds: Math.round(mean(bag.rounds)), validationAuc: mean(bag.foldAucs) };
    } finally {
      freeBagged(bag);
    }
  }
  const trained = trainPropensity({ x: xTrain, y: yTrain }, { x: xValid, y: yValid }, tree);
  const scorer = new PropensityScorer(trained.booster, trained.calibration, d);
  let rawTest: Float64Array;
  try {
    rawTest = Float64Array.from(scorer.raw(xTest, nTest));
  } finally {
    scorer.free();
  }
  const isotonic = isotonicCalibrator(trained.calibration);
  return { rawTest, calibrated: rawTest.map(isotonic), platt: fitPlatt(trained.rawValid, yValid), rounds: trained.rounds, validationAuc: trained.validationAuc };
}

function scoreLogistic(xTrain: Float32Array, nTrain: number, d: number, yTrain: Uint8Array, xTest: Float32Array, nTest: number, yTest: Uint8Array): ModelScores {
  const logistic = fitLogistic(xTrain, nTrain, d, yTrain, 1);
  return scores(Float64Array.from({ length: nTest }, (_, i) => logistic.predict(xTest.subarray(i * d, (i + 1) * d))), yTest);
}

export function evaluatePropensity(world: PropensityWorld, actionName: string, options: EvaluateOptions): PropensityReport {
  const started = Date.now();
  const a = world.actions.findIndex((x) => x.name === actionName);
  if (a < 0) throw new Error(`unknown action "${actionName}"; known: ${world.actions.map((x) => x.name).join(', ')}`);
  const n = world.users.length;
  const order = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), createRng(options.seed));
  const train = order.subarray(0, Math.floor(n * 0.6));
  const validation = order.subarray(train.length, Math.floor(n * 0.8));
  const test = order.subarray(train.length + validation.length);
  const labelsOf = (idx: Int32Array) => Uint8Array.from(idx, (u) => world.users[u].labels[a]);
  const [yTrain, yValid, yTest] = [labelsOf(train), labelsOf(validation), labelsOf(test)];
  const sum = (y: Uint8Array) => y.reduce((s, v) => s + v, 0);
  if (sum(yTrain) === 0 || sum(yValid) === 0 || sum(yTest) === 0) throw new Error(`too few users took "${actionName}" to evaluate: use more --users`);

  const base = options.baseFeatures ?? worldFeatures(world);
  if (base.length !== n * FEATURE_NAMES.length) throw new RangeError(`baseFeatures: ${base.length} values for ${n} users × ${FEATURE_NAMES.length} columns`);
  const all = withExtra(base, n, options.extra);
  const d = FEATURE_NAMES.length + (options.extra?.names.length ?? 0);
  const [xTrain, xValid, xTest] = [rowsOf(all, d, train), rowsOf(all, d, validation), rowsOf(all, d, test)];

  // Gradient-boosted trees, early-stopped on validation AUC, calibrated by isotonic regression on
  // validation (bagged: on the out-of-fold scores).
  const { rawTest, calibrated, platt, rounds, validationAuc } = treeScores(xTrain, yTrain, xValid, yValid, xTest, test.length, d, options);

  // Extra columns may be NaN (missing, for the trees); logistic regression reads them as 0.
  const finite = (x: Float32Array) => (options.extra ? x.map((v) => (Number.isNaN(v) ? 0 : v)) : x);
  const logisticScores = options.logisticScores ?? scoreLogistic(finite(xTrain), train.length, d, yTrain, finite(xTest), test.length, yTest);

  // The segment's base rate on train users, shrunk toward the overall rate.
  const rates = groupRates(Array.from(train, (u) => segmentOf(world.users[u].owned)), yTrain);
  const segmentRate = Float64Array.from(test, (u) => rates.groups[segmentOf(world.users[u].owned)]?.rate ?? rates.overall);

  const oracle = scores(Float64Array.from(test, (u) => world.users[u].truth[a]), yTest);
  const xgboost = scores(calibrated, yTest);
  return {
    action: actionName,
    categories: [...world.actions[a].categories],
    users: n,
    seed: options.seed,
    windowDays: world.windowDays,
    features: d,
    split: { train: train.length, validation: validation.length, test: test.length },
    positives: { train: sum(yTrain), validation: sum(yValid), test: sum(yTest) },
    models: {
      oracle,
      xgboost,
      'xgboost-uncalibrated': scores(rawTest, yTest),
      'xgboost-platt': scores(rawTest.map(platt), yTest),
      logistic: logisticScores,
      'segment-rate': scores(segmentRate, yTest),
    },
    xgboost: { rounds, validationAuc, boosters: options.bag !== undefined && options.bag > 1 ? options.bag : 1 },
    targets: { aucShareOfOracle: xgboost.auc / oracle.auc, aboveLogistic: xgboost.auc > logisticScores.auc, ece: xgboost.ece },
    seconds: (Date.now() - started) / 1000,
  };
}
