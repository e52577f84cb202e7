import { COLUMNS, EntityKind, ROW_SCHEMAS, RecordOf, describeIssues } from '@graphrec/graph-model';
import { isUtf8 } from 'node:buffer';
import { CsvAssembler } from './csv';
import { readFirstLine, readLines } from './line-reader';
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

export function validateRecord<K extends EntityKind>(kind: K, row: unknown): { record?: RecordOf[K]; reason?: string } {
  const parsed = ROW_SCHEMAS[kind].safeParse(row);
  if (parsed.success) return { record: parsed.data as RecordOf[K] };
  return { reason: describeIssues(parsed.error) };
}

/** A CSV file with a header row, in this project's own columns. */
export function csvSource<K extends EntityKind>(kind: K, path: string): Source<K> {
  let header: string[] | undefined;
  const loadHeader = async (): Promise<{ columns: string[]; end: number }> => {
    const first = await readFirstLine(path);
    if (!first) throw new FileFormatError(`${path}: the file is empty; a header row is needed`);
    if (!isUtf8(first.bytes)) throw new FileFormatError(`${path}: the header row is not valid UTF-8`);
    const columns = first.bytes.toString('utf8').replace(/^\uFEFF/, '').split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const missing = REQUIRED_COLUMNS[kind].filter((c) => !columns.includes(c));
    if (missing.length) {
      throw new FileFormatError(
        `${path}: the header lacks column(s) ${missing.join(', ')}; ${kind} files have columns ${COLUMNS[kind].join(',')}`,
      );
    }
    header = columns;
    return { columns, end: first.end };
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
      const assembler = new CsvAssembler();
      const toItem = (item: ReturnType<CsvAssembler['push']>[number]): SourceItem<K> => {
        if (!item.fields) return { lineNo: item.lineNo, end: item.end, raw: item.raw, reason: item.reason };
        if (item.fields.length !== columns.length) {
          return { ...item, reason: `expected ${columns.length} fields, found ${item.fields.length}` };
        }
        const row: Record<string, string | undefined> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]] = item.fields[i] === '' ? undefined : item.fields[i];
        return { lineNo: item.lineNo, end: item.end, raw: item.raw, ...validateRecord(kind, row) };
      };
      for await (const lines of readLines(path, { startOffset: from.offset, startLine: from.line })) {
        yield assembler.push(lines).map(toItem);
      }
      yield assembler.end().map(toItem);
    },
  };
}

/** One JSON object per line, keys named like the CSV columns. */
export function jsonlSource<K extends EntityKind>(kind: K, path: string): Source<K> {
  return {
    kind,
    path,
    format: 'jsonl',
    async start() {
      return { offset: 0, line: 1 };
    },
    async *read(from: ResumePoint) {
      for await (const lines of readLines(path, { startOffset: from.offset, startLine: from.line })) {
        const items: SourceItem<K>[] = [];
        for (const line of lines) {
          if (line.bytes.length === 0) continue;
          const base = { lineNo: line.lineNo, end: line.end };
          if (!isUtf8(line.bytes)) {
            items.push({ ...base, raw: line.bytes.toString('latin1'), reason: 'invalid UTF-8' });
            continue;
          }
          const raw = line.bytes.toString('utf8');
          let value: unknown;
          try {
            value = JSON.parse(raw);
          } catch (error) {
            items.push({ ...base, raw, reason: `malformed JSON: ${(error as Error).message}` });
            continue;
          }
          if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            items.push({ ...base, raw, reason: 'a line must be one JSON object' });
            continue;
          }
          const row = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null || v === '' ? undefined : v]));
          items.push({ ...base, raw, ...validateRecord(kind, row) });
        }
        yield items;
      }
    },
  };
}
