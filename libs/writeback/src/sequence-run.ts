/**
 * The served sequence model (GRU4Rec/HRNN, issue 12 §4) belongs to the embeddings run it was
 * trained beside, like the ranker (ranker-run.ts): its files live in that run's model folder and
 * it is recorded on the complete run afterwards, so that serving picks it up with the run (and the
 * answer caches' generation changes with it: cypher/serving/changes.cypher).
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { WritebackError } from './errors';
import { requireRun } from './runs';

export interface SequenceRecord {
  /** Folder with model.json and weights.bin (libs/sequences/src/model-files.ts). */
  path: string;
  kind: 'hrnn' | 'gru4rec';
  trainedAt: string;
  /** sha256 of weights.bin (hex): with the run id, the key a stored session state names its model by (the same seeded training gives the same key). */
  weightsSha256: string;
  /** Inactivity (ms) that ends a session, as in training. */
  gapMs: number;
  /** Event types that are session items, as in training. */
  itemTypes: string[];
  metrics: Record<string, unknown>;
}

export async function recordSequenceModel(db: GraphDb, runId: string, record: SequenceRecord): Promise<void> {
  const run = await requireRun(db, runId, 'embeddings');
  if (run.status !== 'complete') throw new WritebackError('STATE_MISMATCH', `run "${runId}" is ${run.status}; a sequence model is recorded on a complete run`);
  const metrics = { ...(run.metrics as Record<string, unknown> | undefined), sequence: record.metrics };
  const rows = await db.write(async (tx) => (await tx.run(cypher('writeback/run-set-sequence'), { id: runId, sequence: JSON.stringify(record), metrics: JSON.stringify(metrics) })).records);
  if (!rows.length) throw new WritebackError('UNKNOWN_RUN', `run "${runId}" disappeared before its sequence model could be recorded`);
}
