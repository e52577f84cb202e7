/**
 * Jest helpers for specs that read a public dataset (libs/eval/src/datasets.ts finds it). On a
 * machine without the dataset the spec's tests are skipped and one line says which command gets it;
 * with GRAPHREC_REQUIRE_DATASETS=1 (CI, .ci/run) a missing dataset is a failing test instead, so CI
 * can never pass by skipping.
 */
import { join } from 'node:path';
import { DatasetMissingError, DatasetName, datasetRoots, datasetsRequired, findDataset } from '../datasets';

export interface DatasetTests {
  /** The dataset's folder (where it would be, when missing and skipped). */
  dir: string;
  /** `it`, or `it.skip` when the dataset is missing (and not required). */
  it: jest.It;
  /** `describe`, or `describe.skip` likewise. */
  describe: jest.Describe;
}

const announced = new Set<string>();

export function withDataset(name: DatasetName): DatasetTests {
  const found = findDataset(name);
  if (found) return { dir: found, it, describe };
  const error = new DatasetMissingError(name, datasetRoots());
  const dir = join(datasetRoots()[0], name);
  if (datasetsRequired()) {
    // Defined where the spec calls this (top level or in a describe): one test that fails and says why.
    it(`dataset ${name} is present (GRAPHREC_REQUIRE_DATASETS=1)`, () => {
      throw error;
    });
    return { dir, it, describe };
  }
  if (!announced.has(name)) {
    announced.add(name);
    // One line on stderr, not console.warn (Jest adds a stack trace to that).
    process.stderr.write(`[datasets] skipping tests that need ${name}: not found; get it with: npm run datasets -- --from DIR|URL\n`);
  }
  return { dir, it: it.skip, describe: describe.skip };
}
