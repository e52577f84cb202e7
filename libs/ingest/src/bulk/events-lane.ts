/**
 * The events lane of the bulk load's validation: a byte range of an events CSV file validated with
 * exactly the outcome of `csvSource(...).read()` + `acceptEvent` (the same rows written, the same
 * quarantine entries and reasons, in line order), at a fraction of the cost per row.
 *
 * A physical line is "plain" when no quoted record is open, it is not over-long, not blank, holds
 * no quote character and only ASCII bytes (so it is valid UTF-8 and its latin1 text is its UTF-8
 * text). Such a line is one record whose fields are `text.split(',')`, exactly what CsvAssembler
 * gives it. When its field count matches the header and `plainEventParser` accepts its cells, the
 * event is decided straight from the cells (acceptEventValues), skipping the per-row objects of the
 * general path (record items, the row object, zod's record shape). Any
 * other line or row goes through the general path itself (CsvAssembler, csvRecordToItem, zod),
 * which therefore still words every refusal.
 */
import { isAscii } from 'node:buffer';
import { EventRecord } from '@graphrec/graph-model';
import { CsvAssembler, CsvItem } from '../csv';
import { DEFAULT_MAX_LINE_BYTES, PhysicalLine, readLines } from '../line-reader';
import { csvRecordToItem, readCsvHeader } from '../native-source';
import { SourceItem } from '../source';
import { configuredSchemas, plainEventsOf } from '../validate';
import { datetimeField } from './importer-files';
import { acceptEvent, acceptEventValues, EventFiles, EventRefs, Outcome } from './prepare';

export interface LaneRange {
  start: number;
  /** Records ending past this offset are left to the next range (Infinity: to the end of the file). */
  end: number;
  /** Line number of the line at `start`. */
  line: number;
}

export interface LaneCounts {
  rows: number;
  loaded: number;
  unchanged: number;
}

/** A refused row (the fields of its quarantine entry besides the file and the reason). */
export type RefusedRow = Pick<SourceItem<'events'>, 'lineNo' | 'raw' | 'rawBytes'>;
/** Where a refused row goes (a QuarantineStream in the callers). */
export type Refuse = (row: RefusedRow, reason: string) => void;

const QUOTE = 34;
const EVENT_CELLS = ['id', 'user_id', 'type', 'product_id', 'device_id', 'timestamp', 'value'] as const;

/** Whether a physical line can take the plain path (see the module comment). */
export function isPlainLine(line: PhysicalLine, assembler: CsvAssembler): boolean {
  return line.tooLong === undefined && !assembler.open && line.bytes.length > 0 && line.bytes.indexOf(QUOTE) === -1 && isAscii(line.bytes);
}

/**
 * Validates `range` of an events CSV file into `out`; refused rows go to `refuse` in line order.
 * `onChunk` hears the offset reached and the rows so far after each chunk read (progress).
 */
export async function validateEventsRange(
  path: string,
  range: LaneRange,
  refs: EventRefs,
  out: EventFiles,
  refuse: Refuse,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  onChunk?: (bytesDone: number, rows: number) => void,
): Promise<LaneCounts> {
  const { columns } = await readCsvHeader('events', path, maxLineBytes);
  const schemas = configuredSchemas();
  const toItem = csvRecordToItem('events', columns, schemas);
  const plain = plainEventsOf(schemas);
  // Cell index of each events column in this file's header (-1: the column is absent).
  const at = EVENT_CELLS.map((c) => columns.indexOf(c));
  const cell = (fields: string[], i: number) => (at[i] < 0 || fields[at[i]] === '' ? undefined : fields[at[i]]);
  const counts: LaneCounts = { rows: 0, loaded: 0, unchanged: 0 };
  const tally = (outcome: Outcome, row: RefusedRow) => {
    counts.rows++;
    if (outcome === 'loaded') counts.loaded++;
    else if (outcome === 'unchanged') counts.unchanged++;
    else refuse(row, outcome);
  };
  const general = (csv: CsvItem) => {
    const item = toItem(csv);
    tally(item.record === undefined ? (item.reason ?? 'invalid row') : acceptEvent(item.record as EventRecord, item.lineNo, refs, out), item);
  };
  const assembler = new CsvAssembler(undefined, maxLineBytes);
  for await (const lines of readLines(path, { startOffset: range.start, startLine: range.line, maxLineBytes })) {
    for (const line of lines) {
      if (!isPlainLine(line, assembler)) {
        for (const csv of assembler.push([line])) {
          if (csv.end > range.end) return counts;
          general(csv);
        }
        continue;
      }
      if (line.end > range.end) return counts;
      const text = line.bytes.toString('latin1');
      const fields = text.split(',');
      const e = fields.length === columns.length ? plain(cell(fields, 0), cell(fields, 1), cell(fields, 2), cell(fields, 3), cell(fields, 4), cell(fields, 5), cell(fields, 6)) : undefined;
      if (e === undefined) {
        general({ lineNo: line.lineNo, end: line.end, raw: text, fields });
        continue;
      }
      const outcome = acceptEventValues(e.id, e.userId, e.type, e.productId, e.deviceId, datetimeField(e.timestamp), e.value, line.lineNo, refs, out);
      if (outcome === 'loaded') {
        counts.rows++;
        counts.loaded++;
      } else tally(outcome, { lineNo: line.lineNo, raw: text });
    }
    if (onChunk && lines.length) onChunk(lines[lines.length - 1].end, counts.rows);
  }
  for (const csv of assembler.end()) {
    if (csv.end > range.end) return counts;
    general(csv);
  }
  return counts;
}
