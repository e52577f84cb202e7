import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

const cache = new Map<string, string>();

/** Every Cypher statement lives in `cypher/<name>.cypher`; this reads one (cached). */
export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    if (!/^[a-z0-9/_-]+$/.test(name)) throw new Error(`bad cypher file name "${name}"`);
    text = stripComments(readFileSync(join(repoRoot(), 'cypher', `${name}.cypher`), 'utf8'));
    cache.set(name, text);
  }
  return text;
}

/** Splits a file of `;`-terminated statements (schema files), dropping `//` comment lines. */
export function splitStatements(text: string): string[] {
  return stripComments(text)
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .trim();
}

export function listCypherFiles(folder: string): string[] {
  return readdirSync(join(repoRoot(), 'cypher', folder))
    .filter((f) => f.endsWith('.cypher'))
    .sort();
}
