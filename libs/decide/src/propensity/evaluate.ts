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
import { Booster, DMatrix, type Params } from '@graphrec/rank';
import { fitIsotonic, fitPlatt } from './calibration';
import { FEATURE_NAMES, featureMatrix } from './features';
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
  xgboost: { rounds: number; validationAuc: number };
  /** The targets on this run. */
  targets: { aucShareOfOracle: number; aboveLogistic: boolean; ece: number };
  seconds: number;
}

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

const BINS = 10;

function scores(predictions: Float64Array, labels: Uint8Array): ModelScores {
  return { auc: rocAuc(predictions, labels), prAuc: prAuc(predictions, labels), ece: expectedCalibrationError(predictions, labels, BINS), bins: reliabilityBins(predictions, labels, BINS) };
}

function rowsOf(all: Float32Array, d: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * d);
  indices.forEach((u, i) => out.set(all.subarray(u * d, (u + 1) * d), i * d));
  return out;
}

export function evaluatePropensity(world: PropensityWorld, actionName: string, options: { seed: number; maxRounds?: number }): PropensityReport {
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

  const d = FEATURE_NAMES.length;
  const all = featureMatrix(world.users, world.cutoff);
  const [xTrain, xValid, xTest] = [rowsOf(all, d, train), rowsOf(all, d, validation), rowsOf(all, d, test)];

  // Gradient-boosted trees, early-stopped on validation AUC.
  const dTrain = DMatrix.fromDense(xTrain, train.length, d).setLabels(Float32Array.from(yTrain));
  const dValid = DMatrix.fromDense(xValid, validation.length, d).setLabels(Float32Array.from(yValid));
  const dTest = DMatrix.fromDense(xTest, test.length, d);
  let rawValid: Float64Array;
  let rawTest: Float64Array;
  let rounds: number;
  let validationAuc: number;
  try {
    // base_score at the train rate: from XGBoost's default 0.5, a rare action's first trees only
    // move every margin down, and early stopping on validation AUC can end before any tree splits.
    const baseScore = Math.min(0.5, Math.max(1e-4, sum(yTrain) / train.length));
    const result = Booster.train({ ...DEFAULT_XGB_PARAMS, base_score: baseScore, seed: options.seed }, dTrain, { rounds: options.maxRounds ?? 600, evals: [{ name: 'valid', data: dValid }], earlyStoppingRounds: 40, maximize: true });
    rawValid = Float64Array.from(result.booster.predict(dValid));
    rawTest = Float64Array.from(result.booster.predict(dTest));
    rounds = result.bestIteration + 1;
    validationAuc = result.bestScore;
    result.booster.free();
  } finally {
    dTrain.free();
    dValid.free();
    dTest.free();
  }
  const isotonic = fitIsotonic(rawValid, yValid);
  const platt = fitPlatt(rawValid, yValid);

  const logistic = fitLogistic(xTrain, train.length, d, yTrain, 1);
  const logisticTest = Float64Array.from(test, (_, i) => logistic.predict(xTest.subarray(i * d, (i + 1) * d)));

  // The segment's base rate on train users, shrunk toward the overall rate by 20 pseudo-users.
  const overall = sum(yTrain) / train.length;
  const bySegment = new Map<string, [number, number]>();
  train.forEach((u, i) => {
    const s = segmentOf(world.users[u].owned);
    const cell = bySegment.get(s) ?? [0, 0];
    cell[0] += yTrain[i];
    cell[1] += 1;
    bySegment.set(s, cell);
  });
  const segmentRate = Float64Array.from(test, (u) => {
    const [y, m] = bySegment.get(segmentOf(world.users[u].owned)) ?? [0, 0];
    return (y + 20 * overall) / (m + 20);
  });

  const oracle = scores(Float64Array.from(test, (u) => world.users[u].truth[a]), yTest);
  const xgboost = scores(rawTest.map(isotonic), yTest);
  const logisticScores = scores(logisticTest, yTest);
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
    xgboost: { rounds, validationAuc },
    targets: { aucShareOfOracle: xgboost.auc / oracle.auc, aboveLogistic: xgboost.auc > logisticScores.auc, ece: xgboost.ece },
    seconds: (Date.now() - started) / 1000,
  };
}
