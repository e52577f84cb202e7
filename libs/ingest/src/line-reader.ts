import { createReadStream } from 'node:fs';

export interface PhysicalLine {
  /** The line's bytes without its line ending. */
  bytes: Buffer;
  /** 1-based line number in the file. */
  lineNo: number;
  /** Byte offset just past this line's ending: where a resumed read starts. */
  end: number;
}

export interface LineReaderOptions {
  startOffset?: number;
  startLine?: number;
  chunkBytes?: number;
}

/**
 * Streams a file as physical lines, a chunk's worth at a time (one await per chunk rather
 * than per line keeps a million-line file cheap). Bytes, not strings: the caller decides the
 * encoding and can report invalid UTF-8 for the one line that has it.
 */
export async function* readLines(path: string, options: LineReaderOptions = {}): AsyncGenerator<PhysicalLine[]> {
  const startOffset = options.startOffset ?? 0;
  let lineNo = options.startLine ?? 1;
  let offset = startOffset; // file offset of `pending[0]`
  let pending: Buffer = Buffer.alloc(0);
  const stream = createReadStream(path, { start: startOffset, highWaterMark: options.chunkBytes ?? 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const lines: PhysicalLine[] = [];
    let from = 0;
    for (let nl = data.indexOf(10, from); nl !== -1; nl = data.indexOf(10, from)) {
      const stop = nl > from && data[nl - 1] === 13 ? nl - 1 : nl;
      lines.push({ bytes: data.subarray(from, stop), lineNo: lineNo++, end: offset + nl + 1 });
      from = nl + 1;
    }
    offset += from;
    // Copy the tail so the big chunk can be collected.
    pending = Buffer.from(data.subarray(from));
    if (lines.length) yield lines;
  }
  if (pending.length) {
    const stop = pending[pending.length - 1] === 13 ? pending.length - 1 : pending.length;
    yield [{ bytes: pending.subarray(0, stop), lineNo, end: offset + pending.length }];
  }
}

/** Reads just the first line (a CSV header), for resumed reads that start mid-file. */
export async function readFirstLine(path: string): Promise<PhysicalLine | undefined> {
  for await (const lines of readLines(path, { chunkBytes: 64 * 1024 })) return lines[0];
  return undefined;
}
