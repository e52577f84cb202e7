/**
 * The served sequence model (GRU4Rec/HRNN, issue 12 §4) belongs to the embeddings run it was
 * trained beside, like the ranker (ranker-run.ts): its files live in that run's model folder and
 * it is recorded on the complete run afterwards, so that serving picks it up with the run (and the
 * answer caches' generation changes with it: cypher/serving/changes.cypher).
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { recordOnRun } from './record-on-run';

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
  await recordOnRun(db, runId, 'a sequence model', 'sequence', record.metrics, async (tx, metrics) =>
    (await tx.run(cypher('writeback/run-set-sequence'), { id: runId, sequence: JSON.stringify(record), metrics })).records.length,
  );
}
