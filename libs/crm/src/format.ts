/** Row serialisation for CRM files (pure, unit-tested). */
import { csvField } from '@graphrec/graph-model';
import { Cell, SegmentRow } from './rows';

/** The CRM file formats. */
export type ExportFormat = 'csv' | 'jsonl';

/** RFC 4180 line ends (CRLF); fields quoted only when they hold a comma, quote or line break. */
export const CSV_EOL = '\r\n';

/**
 * Text a spreadsheet would read as a formula or a command: a cell starting with `=`, `+`, `-`, `@`,
 * a tab or a carriage return (OWASP "CSV injection"). Segment labels and user attributes come from
 * ingested files and the API's trackEvent, i.e. from outside, and CRM users open exports in Excel.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text cells that could run as a formula get a leading `'`, which spreadsheets show as text and hide
 * (the OWASP rule); the cell is then quoted as RFC 4180 requires. Numbers and booleans are written
 * as they are: a negative number is data, and prefixing it would turn it into text. JSONL is not
 * changed (no spreadsheet reads it), so consumers that need the raw value use JSONL.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const csvCell = (value: Cell): string => {
  if (typeof value === 'string') return csvField(neutraliseFormula(value));
  return csvField(typeof value === 'boolean' ? String(value) : value);
};

export function csvHeader(columns: readonly string[]): string {
  return columns.map((c) => csvField(neutraliseFormula(c))).join(',') + CSV_EOL;
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

/** The one-row writer of `format`. */
export function lineFormatter(format: ExportFormat): (columns: readonly string[], row: SegmentRow) => string {
  return format === 'csv' ? csvLine : jsonLine;
}

/** Rows as lines of `format` (no header), in one string. */
export function formatLines(columns: readonly string[], rows: readonly SegmentRow[], format: ExportFormat): string {
  const line = lineFormatter(format);
  let text = '';
  for (const row of rows) text += line(columns, row);
  return text;
}
