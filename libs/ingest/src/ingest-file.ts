import { EntityKind, RecordOf } from '@graphrec/graph-model';
import { GraphDb } from '@graphrec/neo4j';
import { statSync } from 'node:fs';
import { CheckpointState, checkpointKey, clearCheckpoint, fingerprint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { QuarantineFile, Rejection } from './quarantine';
import { ResumePoint, Source, SourceItem } from './source';
import { writeBatch } from './writers';

export interface FileProgress {
  path: string;
  kind: EntityKind;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  loaded: number;
  unchanged: number;
  rejected: number;
}

export interface FileSummary {
  path: string;
  kind: EntityKind;
  format: string;
  /** Created or changed by this load. */
  loaded: number;
  /** Already in the graph exactly so. */
  unchanged: number;
  rejected: number;
  rejectedFile?: string;
  /** True when the file had been loaded completely before and was not read again. */
  skipped: boolean;
  /** True when this run continued from an interrupted one. */
  resumed: boolean;
  seconds: number;
}

export interface IngestFileOptions {
  batchSize?: number;
  /** Ignore checkpoints: read every file from its start (still idempotent). */
  restart?: boolean;
  quarantinePath: string;
  onProgress?: (progress: FileProgress) => void;
}

interface Batch<K extends EntityKind> {
  records: RecordOf[K][];
  /** Line number of each record, for rejections the database decides. */
  lines: number[];
  raws: string[];
  parseRejections: Rejection[];
  end: number;
  nextLine: number;
}

async function* batches<K extends EntityKind>(source: Source<K>, from: ResumePoint, size: number): AsyncGenerator<Batch<K>> {
  let batch: Batch<K> = { records: [], lines: [], raws: [], parseRejections: [], end: from.offset, nextLine: from.line };
  let items = 0;
  for await (const chunk of source.read(from)) {
    for (const item of chunk as SourceItem<K>[]) {
      if (item.record) {
        batch.records.push(item.record);
        batch.lines.push(item.lineNo);
        batch.raws.push(item.raw);
      } else {
        batch.parseRejections.push({ file: source.path, line: item.lineNo, raw: item.raw, reason: item.reason ?? 'invalid row' });
      }
      batch.end = item.end;
      batch.nextLine = item.lineNo + 1 + (item.raw.match(/\n/g)?.length ?? 0);
      if (++items >= size) {
        yield batch;
        batch = { records: [], lines: [], raws: [], parseRejections: [], end: batch.end, nextLine: batch.nextLine };
        items = 0;
      }
    }
  }
  if (items) yield batch;
}

/** Reads one item ahead, so the next batch is parsed while the database writes this one. */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  next.catch(() => undefined);
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = source.next();
    // If the consumer stops on an error, this read-ahead must not become an unhandled rejection.
    next.catch(() => undefined);
    yield current.value;
  }
}

/**
 * Loads one source. Each batch is one transaction that also moves the file's checkpoint, so a
 * run killed anywhere resumes after the last committed batch and ends in the same state.
 */
export async function ingestFile<K extends EntityKind>(db: GraphDb, source: Source<K>, options: IngestFileOptions): Promise<FileSummary> {
  const started = Date.now();
  const key = checkpointKey(source.kind, source.path);
  const print = fingerprint(source.path);
  if (options.restart) await clearCheckpoint(db, key);
  const previous = await loadCheckpoint(db, key);
  const summaryBase = { path: source.path, kind: source.kind, format: source.format };
  if (previous && previous.fingerprint === print && previous.done) {
    return { ...summaryBase, loaded: 0, unchanged: 0, rejected: 0, skipped: true, resumed: false, seconds: 0 };
  }
  const resuming = previous !== undefined && previous.fingerprint === print;
  const state: CheckpointState = resuming
    ? { ...previous }
    : { fingerprint: print, ...(await source.start()), rejectedBytes: 0, loaded: 0, unchanged: 0, rejected: 0, done: false };
  const quarantine = new QuarantineFile(options.quarantinePath);
  quarantine.open(state.rejectedBytes);
  const bytesTotal = statSync(source.path).size;
  try {
    for await (const batch of readAhead(batches(source, { offset: state.offset, line: state.line }, options.batchSize ?? 10_000))) {
      const next = await db.write(async (tx) => {
        const outcome = await writeBatch(tx, source.kind, batch.records, source.writeOptions);
        const dbRejections: Rejection[] = [...outcome.rejected].map(([i, reason]) => ({
          file: source.path,
          line: batch.lines[i],
          raw: batch.raws[i],
          reason,
        }));
        const rejections = [...batch.parseRejections, ...dbRejections].sort((a, b) => a.line - b.line);
        const rejectedBytes = quarantine.stage(rejections);
        const after: CheckpointState = {
          ...state,
          offset: batch.end,
          line: batch.nextLine,
          rejectedBytes,
          loaded: state.loaded + outcome.changed,
          unchanged: state.unchanged + outcome.unchanged,
          rejected: state.rejected + rejections.length,
        };
        await saveCheckpoint(tx, key, after);
        return after;
      });
      quarantine.commit(next.rejectedBytes);
      Object.assign(state, next);
      options.onProgress?.({
        ...summaryBase,
        bytesDone: state.offset,
        bytesTotal,
        rows: state.loaded + state.unchanged + state.rejected,
        loaded: state.loaded,
        unchanged: state.unchanged,
        rejected: state.rejected,
      });
    }
    await db.write((tx) => saveCheckpoint(tx, key, { ...state, done: true }));
  } finally {
    quarantine.close();
  }
  return {
    ...summaryBase,
    loaded: state.loaded,
    unchanged: state.unchanged,
    rejected: state.rejected,
    rejectedFile: state.rejected ? options.quarantinePath : undefined,
    skipped: false,
    resumed: resuming,
    seconds: (Date.now() - started) / 1000,
  };
}
