import { EntityKind, RecordOf } from '@graphrec/graph-model';

/** One row read from a file: either a valid record or a reason to quarantine it. */
export interface SourceItem<K extends EntityKind = EntityKind> {
  lineNo: number;
  /** Byte offset just past the row: a resumed read starts here. */
  end: number;
  raw: string;
  /** The row's full size in bytes when `raw` holds only its beginning (an over-long line). */
  rawBytes?: number;
  record?: RecordOf[K];
  reason?: string;
}

export interface ResumePoint {
  offset: number;
  /** The next line number to read. */
  line: number;
}

/**
 * A file turned into records of one kind. Native files, MovieLens and interaction logs are all
 * sources, so batching, writing, checkpoints and quarantine are one code path.
 */
export interface Source<K extends EntityKind = EntityKind> {
  kind: K;
  path: string;
  /** Format name for messages, e.g. "csv" or "movielens u.data". */
  format: string;
  /** Where reading starts on a fresh run (after a header, say). */
  start(): Promise<ResumePoint>;
  read(from: ResumePoint): AsyncGenerator<SourceItem<K>[]>;
  /** Extra work the writer must do for this source (interaction logs create their items). */
  writeOptions?: { createMissingProducts?: boolean };
}
