import { ENTITY_KINDS, EntityKind } from '@graphrec/graph-model';
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { interactionsSource } from './formats/interactions';
import { movielensSources } from './formats/movielens';
import { FileFormatError, FileSourceOptions, csvSource, jsonlSource } from './native-source';
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

type Entry = 'file' | 'folder';

/**
 * What a path is, following links; anything else (FIFO, socket, device, a link loop, a dangling
 * link) is unusable input. Checked before anything opens it: opening a FIFO blocks forever.
 */
function entryType(path: string, shown = path): Entry {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileFormatError(`${shown}: no such file or folder`);
    if (code === 'ELOOP') throw new FileFormatError(`${shown}: a symbolic link loop`);
    throw new FileFormatError(`${shown}: cannot be read (${code ?? String(error)})`);
  }
  if (stat.isDirectory()) return 'folder';
  if (stat.isFile()) return 'file';
  throw new FileFormatError(`${shown}: not a regular file (a FIFO, socket or device); ingest reads files and folders only`);
}

/** A path that must be a regular file (a named ingest file inside a folder, a MovieLens part). */
function requireFile(path: string): string {
  if (entryType(path) !== 'file') throw new FileFormatError(`${path}: a folder where a file is expected`);
  return path;
}

/** Paths to files: a folder stands for the entries in it that `wanted` accepts, each checked to be a regular file. */
function expand(paths: string[], wanted: (file: string) => boolean): string[] {
  return paths.flatMap((p) => {
    const full = resolve(p);
    if (entryType(full, p) === 'file') return [full];
    return readdirSync(full)
      .sort()
      .map((f) => join(full, f))
      .filter(wanted)
      .map(requireFile);
  });
}

export interface PlanOptions extends FileSourceOptions {
  /** What one explicitly named file holds, when its name does not say (`--kind`). */
  kind?: EntityKind;
}

/** One file of a given kind, whatever its name (`--kind`); the format comes from its extension. */
function explicitKindSource(paths: string[], kind: EntityKind, options: FileSourceOptions): Source[] {
  if (paths.length !== 1) throw new FileFormatError(`--kind applies to exactly one file, got ${paths.length} paths`);
  const file = resolve(paths[0]);
  if (entryType(file, paths[0]) !== 'file') throw new FileFormatError(`${paths[0]}: --kind needs a file, not a folder`);
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return [csvSource(kind, file, options)];
  if (ext === '.jsonl') return [jsonlSource(kind, file, options)];
  throw new FileFormatError(`${paths[0]}: --kind needs a .csv or .jsonl file`);
}

/** Turns the command line's paths into sources in load order (products before the events about them). */
export async function planSources(paths: string[], format: IngestFormat = 'native', options: PlanOptions = {}): Promise<Source[]> {
  if (!paths.length) throw new FileFormatError('give at least one file or folder to ingest');
  if (options.kind !== undefined && format !== 'native') throw new FileFormatError('--kind applies to native CSV/JSONL files only');
  if (format === 'movielens') {
    return paths.flatMap((p) => {
      const dir = resolve(p);
      if (entryType(dir, p) !== 'folder') throw new FileFormatError(`${p}: not a MovieLens 100K folder`);
      for (const f of ['u.item', 'u.user', 'u.data', 'u.genre']) {
        try {
          requireFile(join(dir, f));
        } catch (error) {
          throw new FileFormatError(`${p}: not a MovieLens 100K folder (${(error as Error).message})`);
        }
      }
      return movielensSources(dir);
    });
  }
  if (format === 'interactions') {
    return Promise.all(expand(paths, (f) => f.endsWith('.csv')).map((file) => interactionsSource(file, options)));
  }
  if (options.kind !== undefined) return explicitKindSource(paths, options.kind, options);
  // In a folder, only names that say what they hold are ours (not READMEs, quarantine files, ground truth).
  const files = expand(paths, (f) => nativeKind(f) !== undefined).map((file) => {
    const known = nativeKind(file);
    if (!known) {
      throw new FileFormatError(
        `${file}: cannot tell what it holds; name it products|users|devices|ownerships|events[-part].csv|jsonl, or give --kind`,
      );
    }
    return { file, ...known };
  });
  if (!files.length) throw new FileFormatError(`no ingest files found in ${paths.join(', ')}`);
  files.sort((a, b) => ENTITY_KINDS.indexOf(a.kind) - ENTITY_KINDS.indexOf(b.kind) || a.file.localeCompare(b.file));
  return files.map(({ file, kind, format: f }) => (f === 'csv' ? csvSource(kind, file, options) : jsonlSource(kind, file, options)));
}
