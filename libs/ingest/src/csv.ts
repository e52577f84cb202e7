/**
 * RFC 4180 CSV on top of physical lines. A quoted field may hold line breaks, so a record can
 * span lines; but an unterminated quote must not swallow the rest of the file, so a record
 * that is still open after `maxRecordLines` lines is rejected as its first line only, and
 * parsing goes on with the line after it. Likewise a record longer than `maxRecordBytes`, and
 * a physical line the reader already cut as too long, are rejected without being assembled.
 */
import { isUtf8 } from 'node:buffer';
import { DEFAULT_MAX_LINE_BYTES, PhysicalLine, tooLongReason } from './line-reader';

export { csvField } from '@graphrec/graph-model';

export type FieldParse = { ok: true; fields: string[] } | { ok: false; open: true } | { ok: false; open: false; reason: string };

/** Splits one record's text into fields; `open` means a quoted field is still unterminated. */
export function parseCsvFields(text: string): FieldParse {
  if (!text.includes('"')) return { ok: true, fields: text.split(',') };
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) return { ok: false, open: true };
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return { ok: true, fields };
      if (text[i] !== ',') return { ok: false, open: false, reason: `broken quoting: unexpected "${text[i]}" after a closing quote (column ${fields.length})` };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const value = comma === -1 ? text.slice(i) : text.slice(i, comma);
      if (value.includes('"')) return { ok: false, open: false, reason: `broken quoting: a quote inside unquoted field ${fields.length + 1}` };
      fields.push(value);
      if (comma === -1) return { ok: true, fields };
      i = comma + 1;
    }
  }
}

/** One logical record, or one rejected piece of the file. */
export interface CsvItem {
  lineNo: number;
  end: number;
  raw: string;
  /** The full size in bytes when `raw` holds only the beginning of an over-long line. */
  rawBytes?: number;
  fields?: string[];
  reason?: string;
}

/** A quoted field still open after this many lines is abandoned (its first line is rejected). */
export const CSV_MAX_RECORD_LINES = 20;

export class CsvAssembler {
  private pending: PhysicalLine[] = [];

  constructor(
    private readonly maxRecordLines = CSV_MAX_RECORD_LINES,
    private readonly maxRecordBytes = DEFAULT_MAX_LINE_BYTES,
  ) {}

  /** Feeds lines; returns the items that are complete. */
  push(lines: PhysicalLine[]): CsvItem[] {
    const out: CsvItem[] = [];
    for (const line of lines) {
      if (line.tooLong !== undefined) {
        // An open record cannot run through a line nobody read: it ends, broken, before it.
        this.drain(out, true);
        const reason = tooLongReason(line.tooLong, this.maxRecordBytes);
        out.push({ lineNo: line.lineNo, end: line.end, raw: line.bytes.toString('utf8'), rawBytes: line.tooLong, reason });
        continue;
      }
      if (this.pending.length) {
        this.pending.push(line);
        this.drain(out, false);
      } else {
        this.single(line, out);
      }
    }
    return out;
  }

  /** True while a quoted field spans lines: the next line belongs to that record. */
  get open(): boolean {
    return this.pending.length > 0;
  }

  /** At end of file: whatever is still open is rejected line by line from its start. */
  end(): CsvItem[] {
    const out: CsvItem[] = [];
    this.drain(out, true);
    return out;
  }

  private single(line: PhysicalLine, out: CsvItem[]): void {
    if (line.bytes.length === 0) return; // blank lines carry no record
    if (!isUtf8(line.bytes)) {
      out.push({ lineNo: line.lineNo, end: line.end, raw: line.bytes.toString('latin1'), reason: 'invalid UTF-8' });
      return;
    }
    const text = line.bytes.toString('utf8');
    const parsed = parseCsvFields(text);
    if (parsed.ok) out.push({ lineNo: line.lineNo, end: line.end, raw: text, fields: parsed.fields });
    else if (parsed.open) this.pending.push(line);
    else out.push({ lineNo: line.lineNo, end: line.end, raw: text, reason: parsed.reason });
  }

  private drain(out: CsvItem[], atEnd: boolean): void {
    while (this.pending.length) {
      const first = this.pending[0];
      const joined = Buffer.concat(this.pending.flatMap((l, i) => (i ? [Buffer.from('\n'), l.bytes] : [l.bytes])));
      const last = this.pending[this.pending.length - 1];
      if (!isUtf8(joined)) return this.rejectFirst(out, 'invalid UTF-8');
      const text = joined.toString('utf8');
      const parsed = parseCsvFields(text);
      if (parsed.ok) {
        out.push({ lineNo: first.lineNo, end: last.end, raw: text, fields: parsed.fields });
        this.pending = [];
        return;
      }
      if (!parsed.open) {
        out.push({ lineNo: first.lineNo, end: last.end, raw: text, reason: parsed.reason });
        this.pending = [];
        return;
      }
      const tooBig = joined.length > this.maxRecordBytes;
      if (!atEnd && !tooBig && this.pending.length < this.maxRecordLines) return; // wait for more lines
      this.rejectFirst(out, 'broken quoting: a quoted field is never closed');
    }
  }

  /** Rejects the first pending line and re-reads the lines after it as fresh records. */
  private rejectFirst(out: CsvItem[], reason: string): void {
    const [first, ...rest] = this.pending;
    out.push({ lineNo: first.lineNo, end: first.end, raw: first.bytes.toString(isUtf8(first.bytes) ? 'utf8' : 'latin1'), reason });
    this.pending = [];
    for (const line of rest) {
      if (this.pending.length) this.pending.push(line);
      else this.single(line, out);
    }
  }
}
