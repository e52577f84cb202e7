import { accessSync, closeSync, existsSync, constants, ftruncateSync, mkdirSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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
