/**
 * The CRM export as an HTTP body: the same rows, columns and formatting as `graphrec export
 * segments` (libs/writeback planRows/streamRows/csvLine/jsonLine), but into the response instead
 * of a file. Rows are pulled from the driver only as fast as the client reads (Readable.from
 * applies backpressure to the generator), so memory stays flat however many users there are.
 */
import { GraphDb } from '@graphrec/neo4j';
import { csvHeader, ExportFormat, lineFormatter, planRows, RowOptions, RowPlan, streamRows } from '@graphrec/crm';
import { Readable } from 'node:stream';

const CHUNK_BYTES = 64 * 1024;

async function* chunks(db: GraphDb, plan: RowPlan, format: ExportFormat): AsyncGenerator<string> {
  const line = lineFormatter(format);
  let chunk = format === 'csv' ? csvHeader(plan.columns) : '';
  for await (const row of streamRows(db, plan, 5_000)) {
    chunk += line(plan.columns, row);
    if (chunk.length >= CHUNK_BYTES) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** Checks everything that can fail (run, options) before the first byte, then streams. */
export async function segmentsExportStream(db: GraphDb, format: ExportFormat, options: RowOptions): Promise<{ plan: RowPlan; body: Readable }> {
  const plan = await planRows(db, options);
  return { plan, body: Readable.from(chunks(db, plan, format), { objectMode: false, highWaterMark: CHUNK_BYTES }) };
}
