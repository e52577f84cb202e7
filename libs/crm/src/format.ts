/** Row serialisation for CRM files (pure, unit-tested). */
import { csvField } from '@graphrec/graph-model';
import { Cell, SegmentRow } from './rows';

/** RFC 4180 line ends (CRLF); fields quoted only when they hold a comma, quote or line break. */
export const CSV_EOL = '\r\n';

const csvCell = (value: Cell): string => csvField(typeof value === 'boolean' ? String(value) : value);

export function csvHeader(columns: readonly string[]): string {
  return columns.map((c) => csvField(c)).join(',') + CSV_EOL;
}

export function csvLine(columns: readonly string[], row: SegmentRow): string {
  return columns.map((c) => csvCell(row[c] ?? null)).join(',') + CSV_EOL;
}

/** JSONL: one object per line, keys in column order, absent values as null. */
export function jsonLine(columns: readonly string[], row: SegmentRow): string {
  const ordered: SegmentRow = {};
  for (const c of columns) ordered[c] = row[c] ?? null;
  return JSON.stringify(ordered) + '\n';
}
