/**
 * One way to record a model on a complete embeddings run (ranker, propensity, sequence): check the
 * run, then in one transaction lock it, read its metrics, add this model's figures under `key` and
 * write the model with them. The lock is what keeps two recordings at once (the daily flow runs
 * the ranker and the propensity step side by side) from losing one's figures.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import type { ManagedTransaction } from 'neo4j-driver';
import { WritebackError } from './errors';
import { requireRun } from './runs';

export async function recordOnRun(
  db: GraphDb,
  runId: string,
  what: string,
  key: string,
  figures: unknown,
  write: (tx: ManagedTransaction, metrics: string) => Promise<number>,
): Promise<void> {
  const run = await requireRun(db, runId, 'embeddings');
  if (run.status !== 'complete') throw new WritebackError('STATE_MISMATCH', `run "${runId}" is ${run.status}; ${what} is recorded on a complete run`);
  const written = await db.write(async (tx) => {
    const locked = await tx.run(cypher('writeback/run-lock-metrics'), { id: runId });
    if (!locked.records.length) return 0;
    const read = await tx.run(cypher('writeback/run-read-metrics'), { id: runId });
    const text = read.records[0]?.get('metrics') as string | null | undefined;
    const current = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return write(tx, JSON.stringify({ ...current, [key]: figures }));
  });
  if (!written) throw new WritebackError('UNKNOWN_RUN', `run "${runId}" disappeared (or stopped being complete) before ${what} could be recorded`);
}
