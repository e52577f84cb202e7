/** A sequence model fitted as `graphrec train-sequence` fits it, turned into the served step model (files written and read back, as serving loads them). */
import { Session, StepModel, fitServedSequenceModel, readSequenceModel, saveSequenceModel } from '@graphrec/sequences';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function servedStepModel(sessions: readonly Session[], epochs: number, seed = 42): Promise<StepModel> {
  const fit = await fitServedSequenceModel(sessions, 'hrnn', { maxEpochs: epochs, seed }, (l) => process.stderr.write(`[hrnn] ${l}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'seq-step-'));
  try {
    saveSequenceModel(dir, fit.model, fit.itemIds);
    fit.model.net?.dispose();
    const { json, weights } = readSequenceModel(dir);
    return new StepModel(json, weights);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
