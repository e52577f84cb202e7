/**
 * Blue/green storage for embeddings. A Neo4j vector index covers one property of one label, so two
 * runs cannot share a property without the new one overwriting what is being served. Each
 * embeddings run therefore writes into the slot ('a' or 'b') that the current run does not use,
 * and completeRun's flag switch is the moment serving moves to it. Every property and index name
 * below is built from these allowlists only, never from input.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { WritebackError } from './errors';

export const EMBEDDING_SLOTS = ['a', 'b'] as const;
export type EmbeddingSlot = (typeof EMBEDDING_SLOTS)[number];

export const EMBEDDED_LABELS = ['User', 'Product'] as const;
export type EmbeddedLabel = (typeof EMBEDDED_LABELS)[number];

export const MAX_DIMENSION = 4096; // Neo4j 5's vector index limit

/**
 * The labels whose slot vectors get a Neo4j vector index: only those a query searches by nearest
 * neighbour. Serving searches products (user-recommend, products-by-vector, search-products);
 * user vectors are only ever read by id (the user's own vector, segments' kNN reads them all),
 * and an HNSW index over 1M users cost most of the write-back's Neo4j CPU at 1M users
 * (docs/benchmarks.md "Daily flow at 1M users, session 10").
 */
export const INDEXED_LABELS: readonly EmbeddedLabel[] = ['Product'];

export function assertSlot(slot: unknown): EmbeddingSlot {
  if (!(EMBEDDING_SLOTS as readonly unknown[]).includes(slot)) throw new WritebackError('BAD_INPUT', `embedding slot must be 'a' or 'b', got ${JSON.stringify(slot)}`);
  return slot as EmbeddingSlot;
}

export function otherSlot(slot: EmbeddingSlot | undefined): EmbeddingSlot {
  return slot === 'a' ? 'b' : 'a';
}

/** Node property names of one slot. */
export function slotProperties(slot: EmbeddingSlot) {
  assertSlot(slot);
  return {
    embedding: `embedding_${slot}`,
    popularity: `popularity_${slot}`,
    buyers: `buyers_${slot}`,
    engaged: `engaged_${slot}`,
    holders: `holders_${slot}`,
  } as const;
}

export function vectorIndexName(label: EmbeddedLabel, slot: EmbeddingSlot): string {
  if (!(EMBEDDED_LABELS as readonly string[]).includes(label)) throw new WritebackError('BAD_INPUT', `no embeddings for label "${label}"`);
  return `${label.toLowerCase()}_embedding_${assertSlot(slot)}`;
}

interface VectorIndexRow {
  name: string;
  label: string;
  property: string;
  dimension: number | null;
}

/**
 * Makes sure the slot's vector index exists for `dimension` when `label` is searched (INDEXED_LABELS),
 * recreating it when a model of another dimension used the slot before; for other labels, that
 * no index exists (one left by an older version is dropped before the slot is written). DDL takes no parameters, so the statement is assembled here, from
 * the allowlisted label and slot and an integer checked to be in range.
 */
export async function ensureVectorIndex(db: GraphDb, label: EmbeddedLabel, slot: EmbeddingSlot, dimension: number): Promise<void> {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_DIMENSION) {
    throw new WritebackError('BAD_INPUT', `embedding dimension must be an integer in 1..${MAX_DIMENSION}, got ${dimension}`);
  }
  const name = vectorIndexName(label, slot);
  const property = slotProperties(slot).embedding;
  const existing = (await db.read<VectorIndexRow>(cypher('writeback/embeddings-vector-indexes'))).find((row) => row.name === name);
  // A label without a searched index: drop the one an older version created (its upkeep is all cost).
  if (!INDEXED_LABELS.includes(label)) {
    if (existing) await db.run(`DROP INDEX ${name} IF EXISTS`);
    return;
  }
  if (existing && Number(existing.dimension) === dimension && existing.label === label && existing.property === property) return;
  if (existing) await db.run(`DROP INDEX ${name} IF EXISTS`);
  await db.run(
    `CREATE VECTOR INDEX ${name} IF NOT EXISTS FOR (n:${label}) ON n.${property} ` +
      `OPTIONS {indexConfig: {\`vector.dimensions\`: ${dimension}, \`vector.similarity_function\`: 'cosine'}}`,
  );
}
