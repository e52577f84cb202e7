import { EntityKind } from '@graphrec/graph-model';
import { isUtf8 } from 'node:buffer';
import { DEFAULT_MAX_LINE_BYTES, readLines, tooLongReason } from '../line-reader';
import { configuredSchemas, validateRecord } from '../validate';
import { ResumePoint, Source, SourceItem } from '../source';

export interface LineSourceOptions {
  format: string;
  encoding: 'utf8' | 'latin1';
  /** Lines to skip at the start (a header). */
  headerLines?: number;
  /** Turns one decoded line into a row for the kind's schema, or returns a reason to reject it. */
  parse: (raw: string, lineNo: number) => Record<string, unknown> | string;
  writeOptions?: Source['writeOptions'];
  /** Longer lines are quarantined unread (default 1 MiB). */
  maxLineBytes?: number;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A file with one record per line (JSONL, MovieLens, interaction logs); blank lines are skipped. */
export function lineSource<K extends EntityKind>(kind: K, path: string, options: LineSourceOptions): Source<K> {
  return {
    kind,
    path,
    format: options.format,
    writeOptions: options.writeOptions,
    async start() {
      let point: ResumePoint = { offset: 0, line: 1 };
      const skip = options.headerLines ?? 0;
      if (!skip) return point;
      outer: for await (const lines of readLines(path, { chunkBytes: 64 * 1024 })) {
        for (const line of lines) {
          point = { offset: line.end, line: line.lineNo + 1 };
          if (line.lineNo >= skip) break outer;
        }
      }
      return point;
    },
    async *read(from: ResumePoint) {
      const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
      const schemas = configuredSchemas(); // once per pass: the environment lookups are not free
      for await (const lines of readLines(path, { startOffset: from.offset, startLine: from.line, maxLineBytes })) {
        const items: SourceItem<K>[] = [];
        for (const line of lines) {
          if (line.bytes.length === 0) continue;
          const base = { lineNo: line.lineNo, end: line.end };
          if (line.tooLong !== undefined) {
            items.push({ ...base, raw: line.bytes.toString('utf8'), rawBytes: line.tooLong, reason: tooLongReason(line.tooLong, maxLineBytes) });
            continue;
          }
          // Editors on Windows start UTF-8 files with a byte order mark; it is not part of the first row.
          const bytes = line.lineNo === 1 && options.encoding === 'utf8' && line.bytes.subarray(0, 3).equals(UTF8_BOM) ? line.bytes.subarray(3) : line.bytes;
          if (options.encoding === 'utf8' && !isUtf8(bytes)) {
            items.push({ ...base, raw: bytes.toString('latin1'), reason: 'invalid UTF-8' });
            continue;
          }
          const raw = bytes.toString(options.encoding);
          const row = options.parse(raw, line.lineNo);
          items.push(typeof row === 'string' ? { ...base, raw, reason: row } : { ...base, raw, ...validateRecord(kind, row, schemas) });
        }
        yield items;
      }
    },
  };
}

/** Fields split on a delimiter, mapped to a row. */
export function delimitedSource<K extends EntityKind>(
  kind: K,
  path: string,
  options: Omit<LineSourceOptions, 'parse'> & { delimiter: string; toRow: (fields: string[], lineNo: number) => Record<string, unknown> | string },
): Source<K> {
  return lineSource(kind, path, { ...options, parse: (raw, lineNo) => options.toRow(raw.split(options.delimiter), lineNo) });
}
