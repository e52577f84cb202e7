import { EntityKind } from '@graphrec/graph-model';
import { GraphDb } from '@graphrec/neo4j';
import { rmSync, statSync } from 'node:fs';
import { batches, readAhead } from './batches';
import { CheckpointState, checkpointKey, clearCheckpoint, fingerprint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { Lane, laneOf, routingKey } from './lanes';
import { QuarantineFile, mergeQuarantineParts } from './quarantine';
import { Source, SourceItem } from './source';

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
  /** Concurrent write transactions (default 2: one per core here). Products always use one. */
  lanes?: number;
  onProgress?: (progress: FileProgress) => void;
}

async function openLanes(db: GraphDb, source: Source, options: IngestFileOptions, print: string): Promise<Lane[] | 'complete'> {
  const count = source.kind === 'products' ? 1 : Math.max(1, options.lanes ?? 2);
  const base = checkpointKey(source.kind, source.path);
  const keys = Array.from({ length: count }, (_, i) => `${base}#${i + 1}/${count}`);
  const partPath = (i: number) => `${options.quarantinePath}.lane${i + 1}`;
  if (options.restart) await Promise.all(keys.map((k) => clearCheckpoint(db, k)));
  const previous = await Promise.all(keys.map((k) => loadCheckpoint(db, k)));
  const usable = previous.map((p) => (p && p.fingerprint === print ? p : undefined));
  if (usable.every((p) => p?.done)) return 'complete';
  if (usable.every((p) => p === undefined)) {
    // A fresh load: quarantine files of earlier loads describe another version of the file.
    rmSync(options.quarantinePath, { force: true });
    keys.forEach((_, i) => rmSync(partPath(i), { force: true }));
  }
  const start = usable.some((p) => p === undefined) ? await source.start() : undefined;
  return keys.map((key, i) => {
    const state: CheckpointState = usable[i] ?? {
      fingerprint: print,
      offset: start?.offset ?? 0,
      line: start?.line ?? 1,
      rejectedBytes: 0,
      loaded: 0,
      unchanged: 0,
      rejected: 0,
      done: false,
    };
    const quarantine = new QuarantineFile(partPath(i));
    quarantine.open(state.rejectedBytes);
    return new Lane(key, state, quarantine, usable[i] !== undefined);
  });
}

/**
 * Loads one source. Rows are split over lanes (concurrent transactions); each lane's batch is
 * one transaction that also moves that lane's checkpoint, so a run killed anywhere resumes after
 * what each lane committed and ends in the same state, with the same counts.
 */
export async function ingestFile<K extends EntityKind>(db: GraphDb, source: Source<K>, options: IngestFileOptions): Promise<FileSummary> {
  const started = Date.now();
  const print = fingerprint(source.path);
  const summaryBase = { path: source.path, kind: source.kind, format: source.format };
  const opened = await openLanes(db, source, options, print);
  if (opened === 'complete') return { ...summaryBase, loaded: 0, unchanged: 0, rejected: 0, skipped: true, resumed: false, seconds: 0 };
  const lanes = opened;
  const bytesTotal = statSync(source.path).size;
  const totals = () => ({
    loaded: lanes.reduce((n, l) => n + l.state.loaded, 0),
    unchanged: lanes.reduce((n, l) => n + l.state.unchanged, 0),
    rejected: lanes.reduce((n, l) => n + l.state.rejected, 0),
  });
  // Read from the lane that is furthest behind; the others skip rows they already committed.
  const from = lanes.reduce((a, b) => (b.state.offset < a.state.offset ? b : a)).state;
  try {
    for await (const batch of readAhead(batches(source, { offset: from.offset, line: from.line }, options.batchSize ?? 10_000))) {
      const perLane: SourceItem<K>[][] = lanes.map(() => []);
      for (const item of batch.items) {
        const lane = item.record ? laneOf(routingKey(source.kind, item.record), lanes.length) : item.lineNo % lanes.length;
        if (item.end > lanes[lane].state.offset) perLane[lane].push(item);
      }
      await Promise.all(
        lanes.map((lane, i) =>
          lane.state.offset >= batch.end ? undefined : lane.write(db, source.kind, source.path, perLane[i], batch, source.writeOptions),
        ),
      );
      const done = totals();
      options.onProgress?.({
        ...summaryBase,
        bytesDone: Math.min(...lanes.map((l) => l.state.offset)),
        bytesTotal,
        rows: done.loaded + done.unchanged + done.rejected,
        ...done,
      });
    }
  } finally {
    lanes.forEach((l) => l.quarantine.close());
  }
  const rejectedRows = await mergeQuarantineParts(
    lanes.map((l) => l.quarantine.path),
    options.quarantinePath,
  );
  await db.write(async (tx) => {
    for (const lane of lanes) await saveCheckpoint(tx, lane.key, { ...lane.state, done: true });
  });
  lanes.forEach((l) => rmSync(l.quarantine.path, { force: true }));
  const result = totals();
  return {
    ...summaryBase,
    ...result,
    rejectedFile: rejectedRows ? options.quarantinePath : undefined,
    skipped: false,
    resumed: lanes.some((l) => l.resumed),
    seconds: (Date.now() - started) / 1000,
  };
}
