/**
 * Test helpers: read back what the generator wrote. Kept in the library (not exported from the
 * index) so several spec files can share one RFC 4180 reader without a dependency.
 */
import { parseCsvText } from '@graphrec/graph-model';
import { readFileSync } from 'node:fs';

/** The one RFC 4180 text reader (libs/graph-model), under the name the generator's specs use. */
export const parseCsvRows = parseCsvText;

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
