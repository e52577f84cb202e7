import { createHash } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PhysicalLine, readLines } from './line-reader';

export interface Rejection {
  file: string;
  line: number;
  raw: string;
  reason: string;
  /** Present when `raw` was cut to RAW_MAX_CHARS: the row's full size in bytes. */
  rawBytes?: number;
}

/** A quarantine entry shows what was wrong, it is not a second copy of a huge row. */
export const RAW_MAX_CHARS = 4096;
export const REASON_MAX_CHARS = 1024;

/** Cuts `raw` and `reason` to their caps; `rawBytes` records the original size of a cut row. */
export function boundRejection(r: Rejection): Rejection {
  const reason = r.reason.length > REASON_MAX_CHARS ? `${r.reason.slice(0, REASON_MAX_CHARS)}...` : r.reason;
  if (r.raw.length <= RAW_MAX_CHARS && r.rawBytes === undefined) return { ...r, reason };
  return { ...r, raw: r.raw.slice(0, RAW_MAX_CHARS), reason, rawBytes: r.rawBytes ?? Buffer.byteLength(r.raw, 'utf8') };
}

/** `fs.writeSync`'s shape, so the partial-write handling is testable without filling a disk. */
export type WriteFn = (fd: number, buffer: Buffer, offset: number, length: number, position: number) => number;

/**
 * Writes every byte of `bytes` at `position`, or throws. `write` may write fewer bytes than asked
 * (a nearly full disk); ignoring that left NUL bytes in a committed quarantine part.
 */
export function writeFully(fd: number, bytes: Buffer, position: number, what: string, write: WriteFn = writeSync): void {
  let done = 0;
  while (done < bytes.length) {
    const n = write(fd, bytes, done, bytes.length - done, position + done);
    if (!(n > 0)) throw new Error(`${what}: only ${done} of ${bytes.length} bytes could be written (disk full?)`);
    done += n;
  }
}

/**
 * `<input>.rejected.jsonl`: one JSON object per refused row. Writes go to an explicit byte
 * position so that a retried transaction rewrites rather than duplicates, and a resumed run
 * truncates the file back to what its checkpoint says was committed.
 */
export class QuarantineFile {
  private fd: number | undefined;
  committedBytes = 0;

  constructor(
    readonly path: string,
    private readonly write: WriteFn = writeSync,
  ) {}

  /** Opens the file keeping its first `keepBytes` bytes (0 on a fresh run). */
  open(keepBytes: number): void {
    mkdirSync(dirname(this.path), { recursive: true });
    this.fd = openSync(this.path, existsSync(this.path) ? 'r+' : 'w+');
    const size = statSync(this.path).size;
    if (size < keepBytes) throw new Error(`${this.path} is shorter (${size} B) than its checkpoint (${keepBytes} B); rerun with --restart`);
    ftruncateSync(this.fd, keepBytes);
    this.committedBytes = keepBytes;
  }

  /**
   * Writes a batch's rejections after the committed part and returns the size once committed.
   * Called inside the batch's transaction: it throws unless every byte is on disk (written and
   * synced), so a failed write fails the batch before its checkpoint can move.
   */
  stage(rejections: Rejection[]): number {
    if (this.fd === undefined) throw new Error('quarantine file is not open');
    const text = rejections.map((r) => JSON.stringify(boundRejection(r)) + '\n').join('');
    const bytes = Buffer.from(text, 'utf8');
    writeFully(this.fd, bytes, this.committedBytes, this.path, this.write);
    ftruncateSync(this.fd, this.committedBytes + bytes.length);
    if (bytes.length) fdatasyncSync(this.fd);
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

/**
 * Next to the input when that folder is writable (the documented place), else under `fallbackDir`
 * (or `explicitDir`, `--rejected-dir`). Away from the input, the name carries a hash of the input's
 * absolute path: two folders that each hold events.csv must not share (and overwrite) one file.
 */
export function quarantinePath(input: string, fallbackDir: string, explicitDir?: string): string {
  const elsewhere = (dir: string) => join(dir, `${basename(input)}.${createHash('sha1').update(resolve(input)).digest('hex').slice(0, 12)}.rejected.jsonl`);
  if (explicitDir) return elsewhere(explicitDir);
  try {
    accessSync(dirname(input), constants.W_OK);
    return `${input}.rejected.jsonl`;
  } catch {
    return elsewhere(fallbackDir);
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
  let position = 0;
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
      const entry = Buffer.concat([b.lines[b.at].bytes, Buffer.from('\n')]);
      writeFully(fd, entry, position, tmp);
      position += entry.length;
      b.at++;
      written++;
    }
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
  return written;
}
