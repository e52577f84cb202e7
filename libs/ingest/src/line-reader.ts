import { createReadStream } from 'node:fs';

export interface PhysicalLine {
  /** The line's bytes without its line ending (only its first `LINE_PREVIEW_BYTES` when `tooLong`). */
  bytes: Buffer;
  /** 1-based line number in the file. */
  lineNo: number;
  /** Byte offset just past this line's ending: where a resumed read starts. */
  end: number;
  /** Set when the line was longer than `maxLineBytes`: its full length in bytes. The rest was never held in memory. */
  tooLong?: number;
}

/** Default cap on one line (README, `--max-line-bytes`): far above any real row, far below what hurts. */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
/** What is kept of an over-long line, for the quarantine entry. */
export const LINE_PREVIEW_BYTES = 4096;

export interface LineReaderOptions {
  startOffset?: number;
  startLine?: number;
  chunkBytes?: number;
  /** Longer lines are reported as `tooLong` instead of being assembled (default DEFAULT_MAX_LINE_BYTES). */
  maxLineBytes?: number;
}

/**
 * Streams a file as physical lines, a chunk's worth at a time (one await per chunk rather
 * than per line keeps a million-line file cheap). Bytes, not strings: the caller decides the
 * encoding and can report invalid UTF-8 for the one line that has it.
 *
 * A line longer than `maxLineBytes` is skipped to its end without being held: appending chunk
 * after chunk to an ever longer pending buffer made a 50 MB line cost quadratic time and 825 MB.
 */
export async function* readLines(path: string, options: LineReaderOptions = {}): AsyncGenerator<PhysicalLine[]> {
  const startOffset = options.startOffset ?? 0;
  const maxLine = Math.max(1, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  let lineNo = options.startLine ?? 1;
  let offset = startOffset; // file offset of `pending[0]` (or of the next unread byte while skipping)
  let pending: Buffer = Buffer.alloc(0);
  // While skipping an over-long line: its first bytes and its length so far.
  let skipping: { preview: Buffer; length: number } | undefined;
  const preview = (bytes: Buffer) => Buffer.from(bytes.subarray(0, Math.min(LINE_PREVIEW_BYTES, maxLine)));
  const stream = createReadStream(path, { start: startOffset, highWaterMark: options.chunkBytes ?? 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const lines: PhysicalLine[] = [];
    let data: Buffer = chunk;
    if (skipping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        skipping.length += chunk.length;
        offset += chunk.length;
        continue;
      }
      lines.push({ bytes: skipping.preview, lineNo: lineNo++, end: offset + nl + 1, tooLong: skipping.length + nl });
      offset += nl + 1;
      skipping = undefined;
      data = chunk.subarray(nl + 1);
    } else if (pending.length) {
      data = Buffer.concat([pending, chunk]);
    }
    let from = 0;
    for (let nl = data.indexOf(10, from); nl !== -1; nl = data.indexOf(10, from)) {
      const stop = nl > from && data[nl - 1] === 13 ? nl - 1 : nl;
      const line = data.subarray(from, stop);
      lines.push(
        line.length > maxLine
          ? { bytes: preview(line), lineNo: lineNo++, end: offset + nl + 1, tooLong: line.length }
          : { bytes: line, lineNo: lineNo++, end: offset + nl + 1 },
      );
      from = nl + 1;
    }
    offset += from;
    const tail = data.subarray(from);
    if (tail.length > maxLine) {
      skipping = { preview: preview(tail), length: tail.length };
      offset += tail.length;
      pending = Buffer.alloc(0);
    } else {
      // Copy the tail so the big chunk can be collected.
      pending = Buffer.from(tail);
    }
    if (lines.length) yield lines;
  }
  if (skipping) {
    yield [{ bytes: skipping.preview, lineNo, end: offset, tooLong: skipping.length }];
  } else if (pending.length) {
    const stop = pending[pending.length - 1] === 13 ? pending.length - 1 : pending.length;
    yield [{ bytes: pending.subarray(0, stop), lineNo, end: offset + pending.length }];
  }
}

/** Reads just the first line (a CSV header), for resumed reads that start mid-file. */
export async function readFirstLine(path: string, maxLineBytes = DEFAULT_MAX_LINE_BYTES): Promise<PhysicalLine | undefined> {
  for await (const lines of readLines(path, { chunkBytes: 64 * 1024, maxLineBytes })) return lines[0];
  return undefined;
}

/** The reason an over-long line is quarantined with. */
export const tooLongReason = (length: number, max: number) => `line of ${length} bytes is longer than the limit of ${max} bytes (--max-line-bytes)`;
