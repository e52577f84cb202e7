/**
 * Buffered CSV output (RFC 4180, `\n` line ends, UTF-8). Rows are appended to a string and flushed
 * with one synchronous write per ~1 MiB: a million users produce tens of millions of rows, and
 * per-row writes or stream callbacks would dominate the run time, while holding everything in
 * memory would not scale. Synchronous writes on our own fd also make backpressure a non-issue.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;
const NEEDS_QUOTES = /[",\n\r]/;

/** Quotes a field only when it holds a comma, quote or line break, doubling inner quotes. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class CsvSink {
  private fd: number;
  private buffer = '';
  /** Data rows written, header excluded. */
  rows = 0;
  bytes = 0;

  constructor(
    readonly path: string,
    columns: readonly string[],
  ) {
    this.fd = openSync(path, 'w');
    this.buffer = `${columns.map(csvField).join(',')}\n`;
  }

  /** Appends one data row; `line` is already escaped and has no trailing newline. */
  row(line: string): void {
    this.buffer += line + '\n';
    this.rows++;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    this.bytes += writeSync(this.fd, this.buffer, null, 'utf8');
    this.buffer = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Formats epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`. Date#toISOString per event is measurable at
 * tens of millions of rows; the date part is cached per day instead (a period has a few hundred).
 */
export class TimeFormatter {
  private days = new Map<number, string>();

  date(sec: number): string {
    return this.dayPrefix(Math.floor(sec / 86_400));
  }

  iso(sec: number): string {
    const day = Math.floor(sec / 86_400);
    let rem = sec - day * 86_400;
    const h = Math.floor(rem / 3600);
    rem -= h * 3600;
    const m = Math.floor(rem / 60);
    return `${this.dayPrefix(day)}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[rem - m * 60]}Z`;
  }

  private dayPrefix(day: number): string {
    let text = this.days.get(day);
    if (text === undefined) {
      text = new Date(day * 86_400_000).toISOString().slice(0, 10);
      this.days.set(day, text);
    }
    return text;
  }
}
