/**
 * Propensity models on disk, one folder per action beside the run's other model files:
 * `<model dir>/<embeddings run id>/propensity/<action>/` holds `booster.json` (XGBoost's JSON
 * model) and `manifest.json` (the feature names in column order, the isotonic calibration, the
 * reference time features are computed at when scoring, the segment base rates and per-segment
 * average propensity, the training report). Both are written to temporary names and renamed,
 * trees first, so a manifest is only ever beside the trees it describes.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBooster, writeBooster } from '@graphrec/rank';
import type { IsotonicTable } from './calibration';
import { FEATURE_NAMES } from './features';
import { PropensityScorer, type GroupRate } from './model';

export const PROPENSITY_DIR = 'propensity';
const BOOSTER_FILE = 'booster.json';
const MANIFEST_FILE = 'manifest.json';

export interface PropensityReportSummary {
  /** Users trained on, validated on and tested on (a random split of the sampled users). */
  split: { train: number; validation: number; test: number };
  positives: { train: number; validation: number; test: number };
  rounds: number;
  /** Held-out test users of the graph (features before the cutoff, labels in the window after it). */
  test: { auc: number; prAuc: number; ece: number; baseRateAuc: number };
  seconds: number;
}

export interface PropensityManifest {
  format: 'graphrec-propensity';
  version: 1;
  action: string;
  categories: string[];
  featureNames: string[];
  calibration: IsotonicTable;
  windowDays: number;
  /** ISO time: the end of the data at training. Served scores compute features as of this time. */
  asOf: string;
  /** ISO time: the training cutoff (asOf − windowDays): features before it, labels after it. */
  cutoff: string;
  /** The segments run whose segments `baseRates` and `segmentAverages` are keyed by (null: none was served). */
  segmentsRun: string | null;
  /** The action's rate in the label window per segment (shrunk toward `overallRate`). */
  baseRates: Record<string, GroupRate>;
  overallRate: number;
  /** Mean calibrated propensity as of `asOf` per segment (every user with a segment), and over all users. */
  segmentAverages: Record<string, { mean: number; users: number }>;
  overallAverage: { mean: number; users: number };
  report: PropensityReportSummary;
  trainedWith: Record<string, unknown>;
}

export function propensityDir(modelDir: string, runId: string, action: string): string {
  return join(modelDir, runId, PROPENSITY_DIR, action);
}

export function savePropensityModel(dir: string, scorer: PropensityScorer, manifest: PropensityManifest): void {
  mkdirSync(dir, { recursive: true });
  const suffix = `.tmp-${process.pid}.json`;
  writeBooster(scorer.booster, join(dir, BOOSTER_FILE + suffix));
  writeFileSync(join(dir, MANIFEST_FILE + suffix), JSON.stringify(manifest) + '\n');
  renameSync(join(dir, BOOSTER_FILE + suffix), join(dir, BOOSTER_FILE));
  renameSync(join(dir, MANIFEST_FILE + suffix), join(dir, MANIFEST_FILE));
}

export function readPropensityManifest(dir: string): PropensityManifest {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as PropensityManifest;
  if (manifest.format !== 'graphrec-propensity' || manifest.version !== 1) throw new Error(`${dir}: not a graphrec propensity model (version 1)`);
  // The trees index columns by position: a model of another feature list would score garbage.
  if (manifest.featureNames.join() !== FEATURE_NAMES.join()) throw new Error(`${dir}: the model's ${manifest.featureNames.length} features are not this code's ${FEATURE_NAMES.length}; retrain it (graphrec train-propensity)`);
  return manifest;
}

/** The model in a folder: its scorer (the caller frees it) and manifest. */
export function loadPropensityModel(dir: string): { scorer: PropensityScorer; manifest: PropensityManifest } {
  const manifest = readPropensityManifest(dir);
  return { scorer: new PropensityScorer(readBooster(join(dir, BOOSTER_FILE)), manifest.calibration), manifest };
}
