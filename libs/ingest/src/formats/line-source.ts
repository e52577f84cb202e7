import { EntityKind } from '@graphrec/graph-model';
import { isUtf8 } from 'node:buffer';
import { readLines } from '../line-reader';
import { validateRecord } from '../validate';
import { ResumePoint, Source, SourceItem } from '../source';

export interface LineSourceOptions {
  format: string;
  encoding: 'utf8' | 'latin1';
  /** Lines to skip at the start (a header). */
  headerLines?: number;
  /** Turns one decoded line into a row for the kind's schema, or returns a reason to reject it. */
  parse: (raw: string, lineNo: number) => Record<string, unknown> | string;
  writeOptions?: Source['writeOptions'];
}

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
      for await (const lines of readLines(path, { startOffset: from.offset, startLine: from.line })) {
        const items: SourceItem<K>[] = [];
        for (const line of lines) {
          if (line.bytes.length === 0) continue;
          const base = { lineNo: line.lineNo, end: line.end };
          if (options.encoding === 'utf8' && !isUtf8(line.bytes)) {
            items.push({ ...base, raw: line.bytes.toString('latin1'), reason: 'invalid UTF-8' });
            continue;
          }
          const raw = line.bytes.toString(options.encoding);
          const row = options.parse(raw, line.lineNo);
          items.push(typeof row === 'string' ? { ...base, raw, reason: row } : { ...base, raw, ...validateRecord(kind, row) });
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
