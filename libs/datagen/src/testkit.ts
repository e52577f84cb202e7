/**
 * Test helpers: read back what the generator wrote. Kept in the library (not exported from the
 * index) so several spec files can share one RFC 4180 reader without a dependency.
 */
import { readFileSync } from 'node:fs';

/** Parses RFC 4180 text into rows of fields (quoted fields may hold commas, quotes, newlines). */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Header plus records; empty cells become undefined, as the ingest reader does. */
export function readCsv(path: string): { header: string[]; records: Record<string, string | undefined>[] } {
  const [header, ...rows] = parseCsvRows(readFileSync(path, 'utf8'));
  const records = rows.map((cells) => {
    const record: Record<string, string | undefined> = {};
    header.forEach((name, i) => (record[name] = cells[i] === '' ? undefined : cells[i]));
    return record;
  });
  return { header, records };
}
