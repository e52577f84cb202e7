/**
 * Reads the drift checks' inputs from Neo4j after a run: coverage of the served runs and the
 * top-k related products of the new and the previous embeddings run (drift.ts does the arithmetic).
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { currentEmbeddings, listRuns, slotProperties } from '@graphrec/writeback';
import neo4j from 'neo4j-driver';
import { neighbourhoodDrift } from './drift';

/** Related products compared per product: the top of the list is what pages show. */
export const DRIFT_NEIGHBOURS = 10;

export interface Coverage {
  users: number;
  segmented: number;
  embedded: number;
  /** min(segmented, embedded) / users; null without users. */
  coverage: number | null;
}

export async function readCoverage(db: GraphDb, segmentsRun: string): Promise<Coverage> {
  const current = await currentEmbeddings(db);
  const property = current ? slotProperties(current.slot).embedding : null;
  const [row] = await db.read<{ users: number; segmented: number; embedded: number }>(cypher('flows/coverage'), { segmentsRun, property });
  const users = Number(row?.users ?? 0);
  const segmented = Number(row?.segmented ?? 0);
  const embedded = Number(row?.embedded ?? 0);
  return { users, segmented, embedded, coverage: users === 0 ? null : Math.min(segmented, embedded) / users };
}

/**
 * Drift of `embeddingsRun` against the newest complete embeddings run started before it (kept by
 * retention), or null when there is none.
 */
export async function readEmbeddingDrift(db: GraphDb, embeddingsRun: string): Promise<{ previousRun: string | null; drift: number | null }> {
  const runs = await listRuns(db, 'embeddings');
  const index = runs.findIndex((r) => r.id === embeddingsRun);
  const previous = runs.slice(index + 1).find((r) => r.status === 'complete');
  if (index < 0 || !previous) return { previousRun: null, drift: null };
  const rows = await db.read<{ product: string; runId: string; neighbours: string[] }>(cypher('flows/similar-neighbours'), {
    runIds: [embeddingsRun, previous.id],
    k: neo4j.int(DRIFT_NEIGHBOURS),
  });
  const of = (runId: string) => new Map(rows.filter((r) => r.runId === runId).map((r) => [r.product, r.neighbours]));
  return { previousRun: previous.id, drift: neighbourhoodDrift(of(embeddingsRun), of(previous.id)) };
}
