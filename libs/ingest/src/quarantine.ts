import { accessSync, closeSync, constants, existsSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PhysicalLine, readLines } from './line-reader';

export interface Rejection {
  file: string;
  line: number;
  raw: string;
  reason: string;
}

/**
 * `<input>.rejected.jsonl`: one JSON object per refused row. Writes go to an explicit byte
 * position so that a retried transaction rewrites rather than duplicates, and a resumed run
 * truncates the file back to what its checkpoint says was committed.
 */
export class QuarantineFile {
  private fd: number | undefined;
  committedBytes = 0;

  constructor(readonly path: string) {}

  /** Opens the file keeping its first `keepBytes` bytes (0 on a fresh run). */
  open(keepBytes: number): void {
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, existsSync(this.path) ? 'r+' : 'w+');
    const size = statSync(this.path).size;
    if (size < keepBytes) throw new Error(`${this.path} is shorter (${size} B) than its checkpoint (${keepBytes} B); rerun with --restart`);
    ftruncateSync(this.fd, keepBytes);
    this.committedBytes = keepBytes;
  }

  /** Writes a batch's rejections after the committed part; returns the size once committed. */
  stage(rejections: Rejection[]): number {
    if (this.fd === undefined) throw new Error('quarantine file is not open');
    const text = rejections.map((r) => JSON.stringify(r) + '\n').join('');
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length) writeSync(this.fd, bytes, 0, bytes.length, this.committedBytes);
    ftruncateSync(this.fd, this.committedBytes + bytes.length);
    return this.committedBytes + bytes.length;
  }

  commit(size: number): void {
    this.committedBytes = size;
  }

  /** Closes; an empty file is removed so that its presence always means something was refused. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    if (this.committedBytes === 0) unlinkSync(this.path);
  }
}

/** Next to the input when that folder is writable (the documented place), else under `fallbackDir`. */
export function quarantinePath(input: string, fallbackDir: string, explicitDir?: string): string {
  const name = `${basename(input)}.rejected.jsonl`;
  if (explicitDir) return join(explicitDir, name);
  try {
    accessSync(dirname(input), constants.W_OK);
    return `${input}.rejected.jsonl`;
  } catch {
    return join(fallbackDir, name);
  }
}

/**
 * Joins the lanes' quarantine parts into one file ordered by line, streaming (a part is already
 * ordered), through a temporary name so a half-written file never looks complete. Parts stay
 * until the caller has recorded completion, so an interrupted merge is simply done again.
 */
export async function mergeQuarantineParts(parts: string[], target: string): Promise<number> {
  const present = parts.filter((p) => existsSync(p));
  rmSync(target, { force: true });
  if (!present.length) return 0;
  const readers = present.map((p) => readLines(p)[Symbol.asyncIterator]());
  const buffers: { lines: PhysicalLine[]; at: number; reader: AsyncIterator<PhysicalLine[]> }[] = readers.map((reader) => ({ lines: [], at: 0, reader }));
  const head = async (i: number): Promise<PhysicalLine | undefined> => {
    const b = buffers[i];
    while (b.at >= b.lines.length) {
      const next = await b.reader.next();
      if (next.done) return undefined;
      b.lines = next.value.filter((l) => l.bytes.length > 0);
      b.at = 0;
    }
    return b.lines[b.at];
  };
  const lineOf = (l: PhysicalLine) => (JSON.parse(l.bytes.toString('utf8')) as Rejection).line;
  const tmp = `${target}.tmp`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  try {
    for (;;) {
      let best = -1;
      let bestLine = Infinity;
      for (let i = 0; i < buffers.length; i++) {
        const h = await head(i);
        if (h && lineOf(h) < bestLine) [best, bestLine] = [i, lineOf(h)];
      }
      if (best < 0) break;
      const b = buffers[best];
      writeSync(fd, Buffer.concat([b.lines[b.at].bytes, Buffer.from('\n')]));
      b.at++;
      written++;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
  return written;
}
