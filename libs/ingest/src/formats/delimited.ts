import { EntityKind } from '@graphrec/graph-model';
import { isUtf8 } from 'node:buffer';
import { readLines } from '../line-reader';
import { validateRecord } from '../native-source';
import { ResumePoint, Source, SourceItem } from '../source';

export interface DelimitedOptions {
  format: string;
  delimiter: string | RegExp;
  encoding: 'utf8' | 'latin1';
  /** Lines to skip at the start (a header). */
  headerLines?: number;
  /** Maps split fields to a row for the kind's schema, or returns a reason to reject. */
  toRow: (fields: string[], lineNo: number) => Record<string, unknown> | string;
  writeOptions?: Source['writeOptions'];
}

/** Headerless or fixed-layout text files of other projects (MovieLens, interaction logs). */
export function delimitedSource<K extends EntityKind>(kind: K, path: string, options: DelimitedOptions): Source<K> {
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
          const row = options.toRow(raw.split(options.delimiter), line.lineNo);
          items.push(typeof row === 'string' ? { ...base, raw, reason: row } : { ...base, raw, ...validateRecord(kind, row) });
        }
        yield items;
      }
    },
  };
}
