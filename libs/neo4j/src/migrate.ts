import { createHash } from 'node:crypto';
import { GraphDb } from './client';
import { cypher, listCypherFiles, splitStatements } from './cypher-files';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export interface MigrationResult {
  applied: string[];
  skipped: string[];
  version: string;
}

/**
 * Applies `cypher/schema/NNN_*.cypher` in order. Statements are written with IF NOT EXISTS so a
 * re-run is harmless; a file whose checksum is recorded unchanged is skipped, an edited one re-applied.
 */
export async function migrate(db: GraphDb): Promise<MigrationResult> {
  const files = listCypherFiles('schema').filter((f) => /^\d{3}_[a-z0-9_]+\.cypher$/.test(f));
  const recorded = new Map<string, string>();
  // The Migration constraint does not exist before the first run; the label may be absent then.
  for (const row of await db.read<{ id: string; checksum: string }>(cypher('migrations/applied'))) {
    recorded.set(row.id, row.checksum);
  }
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const id = file.replace(/\.cypher$/, '');
    const text = readFileSync(join(repoRoot(), 'cypher', 'schema', file), 'utf8');
    const checksum = createHash('sha256').update(text).digest('hex');
    if (recorded.get(id) === checksum) {
      skipped.push(id);
      continue;
    }
    for (const statement of splitStatements(text)) await db.run(statement);
    await db.run(cypher('migrations/record'), { id, checksum });
    applied.push(id);
  }
  if (applied.length) await db.run(cypher('migrations/await-indexes'));
  const version = files.length ? files[files.length - 1].replace(/\.cypher$/, '') : 'none';
  return { applied, skipped, version };
}

/** The newest schema file recorded as applied, without applying anything (for status reports). */
export async function appliedSchemaVersion(db: GraphDb): Promise<string> {
  const rows = await db.read<{ id: string }>(cypher('migrations/applied'));
  return rows.length ? rows[rows.length - 1].id : 'none';
}
