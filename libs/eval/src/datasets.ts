/**
 * The one place that knows where public datasets (MovieLens 100K, karate, football) live. Every
 * test, benchmark and example that needs one asks here, so a fresh clone has one thing to set up
 * (`npm run datasets -- --from DIR|URL`) and one variable to know (GRAPHREC_DATASETS_DIR).
 *
 * Search order, first folder holding every file of the dataset wins:
 *  1. `$GRAPHREC_DATASETS_DIR/<name>`  (a copy anywhere),
 *  2. `../shared/datasets/<name>`       (the team's read-only copy beside the repository),
 *  3. `.data/datasets/<name>`           (where `npm run datasets` copies or downloads them; gitignored).
 * The file list and sha256 sums are in datasets.json, which scripts/datasets.mjs checks against.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import manifest from './datasets.json';

export type DatasetName = keyof typeof manifest.datasets;
export const DATASET_NAMES = Object.keys(manifest.datasets) as DatasetName[];

/** The command that fetches a dataset into `.data/datasets` (README "Datasets"). */
export const DATASETS_COMMAND = 'npm run datasets -- --from DIR|URL';

/** This file sits at libs/eval/src/: the repository is three levels up (no driver import for repoRoot). */
const REPO = resolve(__dirname, '..', '..', '..');

export function datasetFiles(name: DatasetName): string[] {
  return Object.keys(manifest.datasets[name]);
}

/** The folders searched, in order. */
export function datasetRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const roots = [join(REPO, '..', 'shared', 'datasets'), join(REPO, '.data', 'datasets')];
  return env.GRAPHREC_DATASETS_DIR ? [resolve(env.GRAPHREC_DATASETS_DIR), ...roots] : roots;
}

/** The folder of a dataset, or undefined when no searched folder holds all of its files. */
export function findDataset(name: DatasetName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return datasetRoots(env)
    .map((root) => join(root, name))
    .find((dir) => datasetFiles(name).every((file) => existsSync(join(dir, file))));
}

export class DatasetMissingError extends Error {
  constructor(readonly dataset: DatasetName, roots: string[]) {
    super(`dataset ${dataset} not found (looked in ${roots.join(', ')}); get it with: ${DATASETS_COMMAND} (or set GRAPHREC_DATASETS_DIR)`);
    this.name = 'DatasetMissingError';
  }
}

/** The folder of a dataset; throws DatasetMissingError, which says how to get it. */
export function datasetDir(name: DatasetName, env: NodeJS.ProcessEnv = process.env): string {
  const dir = findDataset(name, env);
  if (!dir) throw new DatasetMissingError(name, datasetRoots(env));
  return dir;
}

/** GRAPHREC_REQUIRE_DATASETS=1 (CI): a missing dataset fails the tests that need it instead of skipping them. */
export function datasetsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GRAPHREC_REQUIRE_DATASETS === '1';
}
