import { GraphDb, migrate, resolveNeo4jConfig } from '@graphrec/neo4j';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The test database: scripts/test.mjs sets NEO4J_* for it and GRAPHREC_TEST_DB=1. */
export function testDb(): GraphDb {
  if (process.env.GRAPHREC_TEST_DB !== '1') {
    throw new Error('integration tests run through `npm test` (scripts/test.mjs), which starts and points at the test Neo4j');
  }
  return new GraphDb(resolveNeo4jConfig());
}

/** Empties the test database (schema kept) and applies the schema. Refuses outside the test run. */
export async function resetDb(db: GraphDb): Promise<void> {
  if (process.env.GRAPHREC_TEST_DB !== '1') throw new Error('refusing to wipe a database outside the test run');
  await db.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  await migrate(db);
}

export async function count(db: GraphDb, query: string, params: Record<string, unknown> = {}): Promise<number> {
  const [row] = await db.read<{ n: number }>(query, params);
  return row.n;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `graphrec-${prefix}-`));
}

/** Driver values (temporal types, lists) as stable text, map keys sorted. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && value.constructor === Object) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return value && typeof value === 'object' ? String(value) : JSON.stringify(value);
}

/**
 * A canonical text of the whole graph (nodes and relationships with properties), to compare states.
 * `changedAt` is left out: it says when a write happened (for the serving change feed), not what
 * the graph holds, so two equal loads at different times still compare equal.
 */
export async function graphDigest(db: GraphDb): Promise<string> {
  const nodes = await db.read<{ labels: string[]; props: Record<string, unknown> }>(
    'MATCH (n) WHERE NOT n:IngestCheckpoint AND NOT n:Migration RETURN labels(n) AS labels, n {.*, changedAt: null} AS props',
  );
  const rels = await db.read<{ from: string; type: string; to: string; props: Record<string, unknown> }>(
    'MATCH (a)-[r]->(b) RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props',
  );
  return [
    ...nodes.map((n) => `${n.labels.join(':')}${canonical(n.props)}`),
    ...rels.map((r) => `${r.from}-${r.type}->${r.to}${canonical(r.props)}`),
  ]
    .sort()
    .join('\n');
}
