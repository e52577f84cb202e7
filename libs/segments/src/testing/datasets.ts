import { datasetDir } from '@graphrec/eval';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMembership } from '../edgelist';
import { ParsedGraph, parseGml } from '../gml';

/** Test-only readers of the public datasets, found by the one resolver (libs/eval/src/datasets.ts). */
export function karate(): { parsed: ParsedGraph; truth: string[] } {
  const parsed = parseGml(readFileSync(join(datasetDir('karate'), 'karate.gml'), 'utf8'));
  const membership = parseMembership(readFileSync(join(datasetDir('karate'), 'community.dat'), 'utf8'));
  return { parsed, truth: parsed.ids.map((id) => membership.get(id) ?? '?') };
}

export function football(): { parsed: ParsedGraph; truth: string[] } {
  const parsed = parseGml(readFileSync(join(datasetDir('football'), 'football.gml'), 'utf8'));
  return { parsed, truth: parsed.nodeAttributes.map((a) => String(a.value)) };
}
