import { repoRoot } from '@graphrec/neo4j';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMembership } from '../edgelist';
import { ParsedGraph, parseGml } from '../gml';

/** Test-only: the shared public datasets (never copied into the repo); GRAPHREC_DATASETS_DIR overrides the place. */
export function datasetsDir(): string {
  return process.env.GRAPHREC_DATASETS_DIR ?? join(repoRoot(), '..', 'shared', 'datasets');
}

export function karate(): { parsed: ParsedGraph; truth: string[] } {
  const parsed = parseGml(readFileSync(join(datasetsDir(), 'karate', 'karate.gml'), 'utf8'));
  const membership = parseMembership(readFileSync(join(datasetsDir(), 'karate', 'community.dat'), 'utf8'));
  return { parsed, truth: parsed.ids.map((id) => membership.get(id) ?? '?') };
}

export function football(): { parsed: ParsedGraph; truth: string[] } {
  const parsed = parseGml(readFileSync(join(datasetsDir(), 'football', 'football.gml'), 'utf8'));
  return { parsed, truth: parsed.nodeAttributes.map((a) => String(a.value)) };
}
