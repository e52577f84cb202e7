/**
 * A learned ranker belongs to the embeddings run it was trained beside (its features read that
 * run's vectors and its files live in that run's model folder). It is trained after the run is
 * complete, so it is recorded on the run afterwards, not through withRun: the run keeps serving
 * as before until the ranker is recorded, and serving picks the ranker up from the next request.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { recordOnRun } from './record-on-run';

export interface RankerRecord {
  /** Folder with booster.json and manifest.json. */
  path: string;
  trainedAt: string;
  /** Figures kept with the run's metrics (validation nDCG, rows, seconds...). */
  metrics: Record<string, unknown>;
}

export async function recordRanker(db: GraphDb, runId: string, ranker: RankerRecord): Promise<void> {
  await recordOnRun(db, runId, 'a ranker', 'ranker', ranker.metrics, async (tx, metrics) =>
    (await tx.run(cypher('writeback/run-set-ranker'), { id: runId, ranker: JSON.stringify(ranker), metrics })).records.length,
  );
}
