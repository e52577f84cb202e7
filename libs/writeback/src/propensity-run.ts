/**
 * Propensity models belong to the embeddings run they were trained beside (their files live in that
 * run's model folder), like the ranker: trained after the run is complete, recorded on it
 * afterwards, picked up by serving from the next request.
 */
import neo4j from 'neo4j-driver';
import { cypher, GraphDb } from '@graphrec/neo4j';
import { recordOnRun } from './record-on-run';

export interface PropensityModelRecord {
  /** Folder with booster.json and manifest.json. */
  path: string;
  /** Figures kept with the run's metrics (test AUC, ECE, rows...). */
  metrics: Record<string, unknown>;
}

export interface PropensityRecord {
  trainedAt: string;
  /** ISO time the served features are computed at (the end of the data at training). */
  asOf: string;
  actions: Record<string, PropensityModelRecord>;
}

export async function recordPropensity(db: GraphDb, runId: string, record: PropensityRecord): Promise<void> {
  const figures = Object.fromEntries(Object.entries(record.actions).map(([action, m]) => [action, m.metrics]));
  await recordOnRun(db, runId, 'propensity models', 'propensity', figures, async (tx, metrics) =>
    (await tx.run(cypher('writeback/run-set-propensity'), { id: runId, propensity: JSON.stringify(record), asOf: neo4j.int(Date.parse(record.asOf)), metrics })).records.length,
  );
}
