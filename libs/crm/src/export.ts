/**
 * CRM export of the current segments run as CSV or JSONL. Rows stream from the driver into a file
 * stream that is awaited when full (backpressure), so memory stays flat at millions of rows. The
 * file is written under a temporary name and renamed at the end: a file at `out` is always whole.
 */
import { GraphDb } from '@graphrec/neo4j';
import { once } from 'node:events';
import { createWriteStream, promises as fsp, WriteStream } from 'node:fs';
import { WritebackError } from '@graphrec/writeback';
import { csvHeader, ExportFormat, lineFormatter } from './format';
import { planRows, RowOptions, SegmentRow, streamRows } from './rows';

export interface ExportOptions extends RowOptions {
  format: ExportFormat;
  out: string;
  /** Records per pull from Neo4j (default 10,000). */
  fetchSize?: number;
}

export interface ExportResult {
  path: string;
  format: ExportFormat;
  runId: string;
  changedSince?: string;
  columns: string[];
  rows: number;
  bytes: number;
  seconds: number;
}

/** Text is gathered into chunks of about this size: one write call per row would dominate the time. */
const CHUNK_BYTES = 256 * 1024;

async function openTemp(path: string, out: string): Promise<WriteStream> {
  try {
    const handle = await fsp.open(path, 'w');
    return createWriteStream('', { fd: handle, autoClose: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WritebackError('UNWRITABLE_PATH', `cannot write the export to ${out}: ${reason}`, { cause: error });
  }
}

async function finish(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
  // 'close' comes after the descriptor is closed; renaming before that could race on some systems.
  if (!stream.closed) await once(stream, 'close');
}

/**
 * Rows to write: their columns and the rows themselves, in order (streamed) — or, from a source that
 * formats its own rows elsewhere (the recommendations export's worker threads), their lines already
 * in `format`, a chunk of whole lines at a time with its row count.
 */
export type RowsToWrite =
  | { columns: string[]; rows: AsyncIterable<SegmentRow> }
  | { columns: string[]; lines: (format: ExportFormat) => AsyncIterable<FormattedRows> };

/** Whole lines of rows in an export format (no header), and how many rows they hold. */
export interface FormattedRows {
  text: string;
  rows: number;
}

/** `rows` as lines of `format`, gathered into chunks of about CHUNK_BYTES (what writeRowsFile writes). */
async function* formatRows(columns: readonly string[], rows: AsyncIterable<SegmentRow>, format: ExportFormat): AsyncGenerator<FormattedRows> {
  const line = lineFormatter(format);
  let text = '';
  let count = 0;
  for await (const row of rows) {
    text += line(columns, row);
    count++;
    if (text.length >= CHUNK_BYTES) {
      yield { text, rows: count };
      text = '';
      count = 0;
    }
  }
  if (count) yield { text, rows: count };
}

/**
 * Writes rows as CSV or JSONL to `out` through a temporary name (renamed when complete), with
 * backpressure, so memory stays flat whatever the row count. Shared by every CRM file export
 * (segments, recommendations).
 */
export async function writeRowsFile(feed: RowsToWrite, format: ExportFormat, out: string): Promise<{ rows: number; bytes: number }> {
  if (format !== 'csv' && format !== 'jsonl') {
    throw new WritebackError('BAD_INPUT', `unknown export format "${String(format)}"; use csv or jsonl`);
  }
  const temp = `${out}.tmp-${process.pid}`;
  const stream = await openTemp(temp, out);
  let streamError: Error | undefined;
  stream.on('error', (e) => (streamError = e));
  let rows = 0;
  let bytes = 0;
  try {
    const header = format === 'csv' ? csvHeader(feed.columns) : '';
    if (header) {
      bytes += Buffer.byteLength(header);
      stream.write(header);
    }
    const chunks = 'lines' in feed ? feed.lines(format) : formatRows(feed.columns, feed.rows, format);
    for await (const chunk of chunks) {
      rows += chunk.rows;
      bytes += Buffer.byteLength(chunk.text);
      const more = stream.write(chunk.text);
      if (streamError) throw streamError;
      // once() rejects if the stream errors while we wait.
      if (!more) await once(stream, 'drain');
    }
    await finish(stream);
    if (streamError) throw streamError;
    await fsp.rename(temp, out);
  } catch (error) {
    stream.destroy();
    await fsp.rm(temp, { force: true });
    if (error instanceof WritebackError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code)) {
      throw new WritebackError('UNWRITABLE_PATH', `cannot write the export to ${out}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
  return { rows, bytes };
}

export async function exportSegments(db: GraphDb, options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  if (options.format !== 'csv' && options.format !== 'jsonl') {
    throw new WritebackError('BAD_INPUT', `unknown export format "${String(options.format)}"; use csv or jsonl`);
  }
  // Every check that can fail happens before the temporary file exists.
  const plan = await planRows(db, options);
  const { rows, bytes } = await writeRowsFile({ columns: plan.columns, rows: streamRows(db, plan, options.fetchSize) }, options.format, options.out);
  const result: ExportResult = { path: options.out, format: options.format, runId: plan.run.id, columns: plan.columns, rows, bytes, seconds: (performance.now() - started) / 1000 };
  if (plan.since) result.changedSince = plan.since.id;
  return result;
}
