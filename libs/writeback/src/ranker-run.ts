/**
 * A learned ranker belongs to the embeddings run it was trained beside (its features read that
 * run's vectors and its files live in that run's model folder). It is trained after the run is
 * complete, so it is recorded on the run afterwards, not through withRun: the run keeps serving
 * as before until the ranker is recorded, and serving picks the ranker up from the next request.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { WritebackError } from './errors';
import { requireRun } from './runs';

export interface RankerRecord {
  /** Folder with booster.json and manifest.json. */
  path: string;
  trainedAt: string;
  /** Figures kept with the run's metrics (validation nDCG, rows, seconds...). */
  metrics: Record<string, unknown>;
}

export async function recordRanker(db: GraphDb, runId: string, ranker: RankerRecord): Promise<void> {
  const run = await requireRun(db, runId, 'embeddings');
  if (run.status !== 'complete') throw new WritebackError('STATE_MISMATCH', `run "${runId}" is ${run.status}; a ranker is recorded on a complete run`);
  const metrics = { ...(run.metrics as Record<string, unknown> | undefined), ranker: ranker.metrics };
  const rows = await db.write(async (tx) => (await tx.run(cypher('writeback/run-set-ranker'), { id: runId, ranker: JSON.stringify(ranker), metrics: JSON.stringify(metrics) })).records);
  if (!rows.length) throw new WritebackError('UNKNOWN_RUN', `run "${runId}" disappeared before its ranker could be recorded`);
}
