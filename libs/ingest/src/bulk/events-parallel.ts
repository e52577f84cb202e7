/**
 * Validation of one large events CSV file by several worker threads, each a byte range of it.
 * Validation (CSV parsing + the zod row schema) is the bulk load's JS-side bottleneck; events are
 * most of any world, and their rule needs only read-only lookups (products, devices, users) plus
 * "an id is written once", so ranges can be validated apart:
 * - ranges are cut only where the reader is certainly between records: after a line break that
 *   follows at least QUOTE_FREE_LINES lines without a quote character (the CSV reader gives up a
 *   quoted field after 20 lines, so no quoted field can be open there); no such cut, no split;
 * - each worker writes its own importer part files and quarantine part, in line order; the main
 *   thread concatenates the quarantine parts in range order;
 * - an event id seen in two ranges (or in an earlier file) cannot be decided apart ("first row
 *   wins"): then the parts are thrown away and the file is validated sequentially instead.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runTsWorker } from '@graphrec/graph-model';
import { CSV_MAX_RECORD_LINES } from '../csv';

/** One more than the CSV reader's quoted-field line limit (csv.ts). */
export const QUOTE_FREE_LINES = CSV_MAX_RECORD_LINES + 1;
/** Smaller files are validated on the main thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 2 ** 20;

export interface ByteRange {
  start: number;
  end: number;
  /** Line number of the first line at `start`. */
  line: number;
}

/**
 * Up to `n` ranges covering [start, size) of the file, cut near equal sizes at safe line breaks;
 * fewer (possibly one) where no safe break exists.
 */
export function planRanges(path: string, start: number, line: number, n: number): ByteRange[] {
  const size = statSync(path).size;
  const targets = Array.from({ length: n - 1 }, (_, i) => start + Math.floor(((size - start) * (i + 1)) / n));
  const cuts: { at: number; line: number }[] = [];
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(8 * 2 ** 20);
    let position = start;
    let lineNo = line; // the line being scanned
    let lastQuoteLine = line - 1;
    let t = 0;
    while (t < targets.length && position < size) {
      const got = readSync(fd, chunk, 0, chunk.length, position);
      if (got <= 0) break;
      const buf = chunk.subarray(0, got);
      let quote = buf.indexOf(34);
      let from = 0;
      for (let nl = buf.indexOf(10, from); nl !== -1 && t < targets.length; nl = buf.indexOf(10, from)) {
        while (quote !== -1 && quote < nl) {
          lastQuoteLine = lineNo;
          quote = buf.indexOf(34, quote + 1);
        }
        const after = position + nl + 1;
        if (after >= targets[t] && lineNo - lastQuoteLine >= QUOTE_FREE_LINES && after < size) {
          cuts.push({ at: after, line: lineNo + 1 });
          t++;
        }
        lineNo++;
        from = nl + 1;
      }
      if (quote !== -1) lastQuoteLine = lineNo; // a quote on the unfinished last line of the chunk
      position += got;
    }
  } finally {
    closeSync(fd);
  }
  const starts = [{ at: start, line }, ...cuts];
  return starts.map((s, i) => ({ start: s.at, line: s.line, end: i + 1 < starts.length ? starts[i + 1].at : size }));
}

export interface EventsJob {
  path: string;
  range: ByteRange;
  /** Prefix of this range's part files (`<prefix>-events.csv`, ...). */
  prefix: string;
  quarantine: string;
  maxLineBytes?: number;
  /** Each kind's keys in node id order, from node id `first` on (prepare.ts, "Node ids"). */
  products: IdLookup;
  devices: IdLookup;
  users: IdLookup;
  /** The node id of the event on line n is `eventBase + n`. */
  eventBase: number;
  /**
   * Send the written ids back as text: needed when other events files must be checked against
   * them. Otherwise only their 64-bit hashes come back (`hashes`), enough to find a repeat across
   * ranges without the main thread holding every id.
   */
  returnIds: boolean;
}

export interface IdLookup {
  keys: string[];
  first: number;
}

/** The Map of an IdLookup: each key to its node id. */
export function idsOf(lookup: IdLookup): Map<string, number> {
  const ids = new Map<string, number>();
  lookup.keys.forEach((key, i) => ids.set(key, lookup.first + i));
  return ids;
}

export interface EventsPartResult {
  rows: number;
  loaded: number;
  unchanged: number;
  rejected: number;
  /** Written event ids, '\n'-joined (one string crosses the thread boundary cheaply), when `returnIds`. */
  ids?: string;
  /** The written ids' hashes (id-set.ts hashIds), transferred, not copied. */
  hashes: ArrayBuffer;
  /** Events written (distinct ids). */
  written: number;
  stubs: string[];
  multiline: boolean;
  fromDeviceRows: number;
  /** Events by stubs: their PERFORMED lines wait in `parts.stubPerformed` for the stubs' ids. */
  stubPerformedRows: number;
  /** The highest event node id written (-1: none). */
  maxEvent: number;
  parts: { events: string; performed: string; about: string; fromDevice: string; stubPerformed: string };
  quarantine?: string;
}

export const partPaths = (prefix: string) => ({
  events: `${prefix}-events.csv`,
  performed: `${prefix}-performed.csv`,
  about: `${prefix}-about.csv`,
  fromDevice: `${prefix}-fromDevice.csv`,
  stubPerformed: `${prefix}-stub-performed.jsonl`,
});

/** Runs one job in a worker thread (TypeScript through tsx, as the CLI itself runs). */
export function runEventsWorker(job: EventsJob, tsconfig: string): Promise<EventsPartResult> {
  return runTsWorker<EventsPartResult>(join(__dirname, 'events-worker.ts'), `events validation worker (${job.path} from byte ${job.range.start})`, {
    workerData: job,
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
  });
}
