import { ENTITY_KINDS, EntityKind } from '@graphrec/graph-model';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { interactionsSource } from './formats/interactions';
import { movielensSources } from './formats/movielens';
import { FileFormatError, csvSource, jsonlSource } from './native-source';
import { Source } from './source';

export const INGEST_FORMATS = ['native', 'movielens', 'interactions'] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];

const NATIVE_NAME = /^(products|users|devices|ownerships|events)([._-][^/]*)?\.(csv|jsonl)$/;

/** products.csv, users.jsonl, events-2025-01.csv ...: the kind is the name's first word. */
export function nativeKind(path: string): { kind: EntityKind; format: 'csv' | 'jsonl' } | undefined {
  const m = NATIVE_NAME.exec(basename(path));
  if (!m || basename(path).includes('.rejected.')) return undefined;
  return { kind: m[1] as EntityKind, format: m[3] as 'csv' | 'jsonl' };
}

function expand(paths: string[]): string[] {
  return paths.flatMap((p) => {
    const full = resolve(p);
    if (!existsSync(full)) throw new FileFormatError(`${p}: no such file or folder`);
    return statSync(full).isDirectory() ? readdirSync(full).sort().map((f) => join(full, f)) : [full];
  });
}

/** Turns the command line's paths into sources in load order (products before the events about them). */
export async function planSources(paths: string[], format: IngestFormat = 'native'): Promise<Source[]> {
  if (!paths.length) throw new FileFormatError('give at least one file or folder to ingest');
  if (format === 'movielens') {
    return paths.flatMap((p) => {
      const dir = resolve(p);
      for (const f of ['u.item', 'u.user', 'u.data', 'u.genre']) {
        if (!existsSync(join(dir, f))) throw new FileFormatError(`${p}: not a MovieLens 100K folder (no ${f})`);
      }
      return movielensSources(dir);
    });
  }
  if (format === 'interactions') return Promise.all(expand(paths).filter((f) => f.endsWith('.csv')).map(interactionsSource));
  const explicit = paths.filter((p) => existsSync(p) && statSync(p).isFile()).map((p) => resolve(p));
  const files = expand(paths).flatMap((file) => {
    const known = nativeKind(file);
    if (!known) {
      if (explicit.includes(file)) {
        throw new FileFormatError(`${file}: cannot tell what it holds; name it products|users|devices|ownerships|events[-part].csv|jsonl`);
      }
      return []; // other files in a folder (READMEs, quarantine files, ground truth) are not ours to load
    }
    return [{ file, ...known }];
  });
  if (!files.length) throw new FileFormatError(`no ingest files found in ${paths.join(', ')}`);
  files.sort((a, b) => ENTITY_KINDS.indexOf(a.kind) - ENTITY_KINDS.indexOf(b.kind) || a.file.localeCompare(b.file));
  return files.map(({ file, kind, format: f }) => (f === 'csv' ? csvSource(kind, file) : jsonlSource(kind, file)));
}
