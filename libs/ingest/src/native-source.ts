import { COLUMNS, EntityKind, RowSchemas } from '@graphrec/graph-model';
import { isUtf8 } from 'node:buffer';
import { CSV_MAX_RECORD_LINES, CsvAssembler, CsvItem } from './csv';
import { lineSource } from './formats/line-source';
import { configuredSchemas, validateRecord } from './validate';
import { DEFAULT_MAX_LINE_BYTES, readFirstLine, readLines } from './line-reader';
import { ResumePoint, Source, SourceItem } from './source';

/** Columns a file cannot do without; the rest are optional (see the README). */
export const REQUIRED_COLUMNS: { [K in EntityKind]: readonly string[] } = {
  products: ['id', 'name', 'category'],
  users: ['id'],
  devices: ['id', 'product_id'],
  ownerships: ['user_id', 'device_id'],
  events: ['id', 'user_id', 'type', 'product_id', 'timestamp'],
};

export class FileFormatError extends Error {
  override name = 'FileFormatError';
}

export interface FileSourceOptions {
  /** Lines (and CSV records) longer than this are quarantined unread; default 1 MiB. */
  maxLineBytes?: number;
}

/** A CSV file's header columns and the offset where its first record starts. */
export async function readCsvHeader(kind: EntityKind, path: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): Promise<{ columns: string[]; end: number }> {
  const first = await readFirstLine(path, maxLineBytes);
  if (!first) throw new FileFormatError(`${path}: the file is empty; a header row is needed`);
  if (first.tooLong !== undefined) throw new FileFormatError(`${path}: the header row is longer than ${maxLineBytes} bytes`);
  if (!isUtf8(first.bytes)) throw new FileFormatError(`${path}: the header row is not valid UTF-8`);
  const columns = first.bytes.toString('utf8').replace(/^\uFEFF/, '').split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  const missing = REQUIRED_COLUMNS[kind].filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new FileFormatError(
      `${path}: the header lacks column(s) ${missing.join(', ')}; ${kind} files have columns ${COLUMNS[kind].join(',')}`,
    );
  }
  return { columns, end: first.end };
}

/** A CSV record (or rejected piece) of a file with `columns` as a validated SourceItem. */
export function csvRecordToItem<K extends EntityKind>(kind: K, columns: string[], schemas: RowSchemas): (item: CsvItem) => SourceItem<K> {
  return (item) => {
    if (!item.fields) return { lineNo: item.lineNo, end: item.end, raw: item.raw, rawBytes: item.rawBytes, reason: item.reason };
    if (item.fields.length !== columns.length) {
      return { ...item, reason: `expected ${columns.length} fields, found ${item.fields.length}` };
    }
    const row: Record<string, string | undefined> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]] = item.fields[i] === '' ? undefined : item.fields[i];
    return { lineNo: item.lineNo, end: item.end, raw: item.raw, ...validateRecord(kind, row, schemas) };
  };
}

/** A CSV file with a header row, in this project's own columns. */
export function csvSource<K extends EntityKind>(kind: K, path: string, options: FileSourceOptions = {}): Source<K> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let header: string[] | undefined;
  const loadHeader = async (): Promise<{ columns: string[]; end: number }> => {
    const read = await readCsvHeader(kind, path, maxLineBytes);
    header = read.columns;
    return read;
  };
  return {
    kind,
    path,
    format: 'csv',
    async start() {
      const { end } = await loadHeader();
      return { offset: end, line: 2 };
    },
    async *read(from: ResumePoint) {
      const columns = header ?? (await loadHeader()).columns;
      const assembler = new CsvAssembler(CSV_MAX_RECORD_LINES, maxLineBytes);
      // Read once per pass, not per row: the environment lookups cost more than many rows' checks.
      const toItem = csvRecordToItem(kind, columns, configuredSchemas());
      for await (const lines of readLines(path, { startOffset: from.offset, startLine: from.line, maxLineBytes })) {
        yield assembler.push(lines).map(toItem);
      }
      yield assembler.end().map(toItem);
    },
  };
}

/** One JSON object per line, keys named like the CSV columns. */
export function jsonlSource<K extends EntityKind>(kind: K, path: string, options: FileSourceOptions = {}): Source<K> {
  return lineSource(kind, path, {
    format: 'jsonl',
    encoding: 'utf8',
    maxLineBytes: options.maxLineBytes,
    parse: (raw) => {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        return `malformed JSON: ${(error as Error).message}`;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a line must be one JSON object';
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null || v === '' ? undefined : v]));
    },
  });
}
