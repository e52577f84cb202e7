import { EntityKind } from '@graphrec/graph-model';
import { GraphDb, repoRoot } from '@graphrec/neo4j';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FileProgress, FileSummary, ingestFile } from './ingest-file';
import { IngestFormat, planSources } from './plan';
import { quarantinePath } from './quarantine';

export interface IngestOptions {
  format?: IngestFormat;
  batchSize?: number;
  /** Concurrent write transactions per file (default 2). */
  lanes?: number;
  restart?: boolean;
  /** Where `.rejected.jsonl` files go when not next to their input. */
  rejectedDir?: string;
  /** Lines (CSV records) longer than this are quarantined unread (default 1 MiB). */
  maxLineBytes?: number;
  /** What a single file holds when its name does not say (`--kind`). */
  kind?: EntityKind;
  onProgress?: (progress: FileProgress) => void;
  onFileStart?: (file: { path: string; kind: string; index: number; total: number; bytes: number }) => void;
}

export interface IngestSummary {
  files: FileSummary[];
  loaded: number;
  unchanged: number;
  rejected: number;
  seconds: number;
}

export async function ingest(db: GraphDb, paths: string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const started = Date.now();
  const sources = await planSources(paths, options.format, { kind: options.kind, maxLineBytes: options.maxLineBytes });
  const fallback = join(repoRoot(), '.data', 'rejected');
  const files: FileSummary[] = [];
  for (const [index, source] of sources.entries()) {
    options.onFileStart?.({ path: source.path, kind: source.kind, index, total: sources.length, bytes: statSync(source.path).size });
    files.push(
      await ingestFile(db, source, {
        batchSize: options.batchSize,
        lanes: options.lanes,
        restart: options.restart,
        quarantinePath: quarantinePath(source.path, fallback, options.rejectedDir),
        onProgress: options.onProgress,
      }),
    );
  }
  const sum = (key: 'loaded' | 'unchanged' | 'rejected') => files.reduce((n, f) => n + f[key], 0);
  return { files, loaded: sum('loaded'), unchanged: sum('unchanged'), rejected: sum('rejected'), seconds: (Date.now() - started) / 1000 };
}
