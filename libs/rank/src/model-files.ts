import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorSpec } from './generators';
import { RankerOptions, RankerRecommender, RankerReport } from './ranker';
import { Booster, Params, xgboostVersion } from './xgboost';

/**
 * A ranker on disk: `model.json` (XGBoost's own JSON model: the trees) and `manifest.json` (what is
 * needed to rebuild the inputs the trees expect: feature names in column order, the generators
 * with their settings, the options that shape features). Generators are not saved: they are
 * refitted on the serving data by `attach`, which also checks that the data yields the same
 * feature columns as at training.
 */
export const RANKER_MODEL_VERSION = 1;

export interface RankerManifest {
  format: 'graphrec-ranker';
  version: number;
  createdAt: string;
  xgboost: string;
  featureNames: string[];
  generators: GeneratorSpec[];
  /** The options that change features or scores (not the data-bound ones: side info, events). */
  options: Pick<RankerOptions, 'labelSplit' | 'labelShare' | 'folds' | 'seed' | 'features' | 'ignoreFeatures' | 'baseMargin'>;
  params?: Params;
  report?: RankerReport;
}

/** Writes next to the target and renames, so a reader never sees half a file. */
function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function saveRanker(ranker: RankerRecommender, dir: string): RankerManifest {
  if (!ranker.booster || !ranker.featureNames) throw new Error('ranker: nothing to save, call fit() first');
  mkdirSync(dir, { recursive: true });
  const { labelSplit, labelShare, folds, seed, features } = ranker.options;
  const { ignoreFeatures, baseMargin } = ranker;
  const manifest: RankerManifest = {
    format: 'graphrec-ranker',
    version: RANKER_MODEL_VERSION,
    createdAt: new Date().toISOString(),
    xgboost: xgboostVersion().join('.'),
    featureNames: ranker.featureNames,
    generators: ranker.specs,
    options: { labelSplit, labelShare, folds, seed, features, ignoreFeatures, baseMargin },
    params: ranker.report?.chosen,
    report: ranker.report,
  };
  // Trees first: a manifest is only ever beside the model it describes.
  writeAtomic(join(dir, 'model.json'), ranker.booster.toBuffer('json'));
  writeAtomic(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export function readManifest(dir: string): RankerManifest {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as RankerManifest;
  if (manifest.format !== 'graphrec-ranker') throw new Error(`${dir}: not a graphrec ranker (format ${String(manifest.format)})`);
  if (manifest.version > RANKER_MODEL_VERSION) {
    throw new Error(`${dir}: ranker model version ${manifest.version} is newer than this code reads (${RANKER_MODEL_VERSION})`);
  }
  return manifest;
}

/**
 * A saved ranker, ready for `attach(train)` (which refits its generators on `train`) and then
 * recommend / score / explain. `data` supplies what the manifest cannot: side info and events.
 */
export function loadRanker(dir: string, data: Pick<RankerOptions, 'side' | 'events' | 'threads'> = {}): RankerRecommender {
  const manifest = readManifest(dir);
  const ranker = new RankerRecommender({ ...manifest.options, ...data, generators: manifest.generators });
  ranker.booster = Booster.fromBuffer(readFileSync(join(dir, 'model.json')));
  ranker.featureNames = manifest.featureNames;
  ranker.report = manifest.report;
  return ranker;
}
