import { mkdtempSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QuarantineFile, RAW_MAX_CHARS, REASON_MAX_CHARS, WriteFn, boundRejection, quarantinePath, writeFully } from './quarantine';

const dir = () => mkdtempSync(join(tmpdir(), 'quarantine-'));
const rejection = (line: number) => ({ file: '/x/events.csv', line, raw: `row ${line}`, reason: 'bad' });

describe('quarantine writes on a full disk', () => {
  // A real write to a real file that stops short, as write(2) does when the disk fills up.
  const shortWrites = (allowed: number): WriteFn => {
    let left = allowed;
    return (fd, buffer, offset, length, position) => {
      const n = Math.min(left, length);
      left -= n;
      return n > 0 ? writeSync(fd, buffer, offset, n, position) : 0;
    };
  };

  it('keeps writing after a partial write, and throws when the rest cannot be written', () => {
    const file = join(dir(), 'part');
    const q = new QuarantineFile(file, shortWrites(10));
    q.open(0);
    expect(() => q.stage([rejection(1), rejection(2)])).toThrow(/only 10 of \d+ bytes could be written/);
    q.close();
  });

  it('loops over partial writes until every byte is written', () => {
    const file = join(dir(), 'part');
    const q = new QuarantineFile(file, (fd, buffer, offset, length, position) => writeSync(fd, buffer, offset, Math.min(7, length), position));
    q.open(0);
    const size = q.stage([rejection(1), rejection(2)]);
    q.commit(size);
    q.close();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('\u0000');
    expect(text.trim().split('\n').map((l) => JSON.parse(l).line)).toEqual([1, 2]);
    expect(size).toBe(Buffer.byteLength(text));
  });

  it('writeFully refuses a write that makes no progress instead of spinning', () => {
    expect(() => writeFully(0, Buffer.from('abc'), 0, 'x', () => 0)).toThrow(/only 0 of 3/);
  });
});

describe('quarantine entries and their place', () => {
  it('cuts raw and reason, and records the full size of a cut row', () => {
    const cut = boundRejection({ file: 'f', line: 1, raw: 'x'.repeat(10_000), reason: 'r'.repeat(5000) });
    expect(cut.raw.length).toBe(RAW_MAX_CHARS);
    expect(cut.reason.length).toBeLessThanOrEqual(REASON_MAX_CHARS + 3);
    expect(cut.rawBytes).toBe(10_000);
    expect(boundRejection(rejection(3))).toEqual(rejection(3));
  });

  it('names fallback files per input path, so two read-only folders with events.csv do not share one', () => {
    const fallback = dir();
    // Folders that do not exist are certainly not writable (tests may run as root, who may write anywhere).
    const a = quarantinePath('/nonexistent-a/events.csv', fallback);
    const b = quarantinePath('/nonexistent-b/events.csv', fallback);
    expect(a).not.toBe(b);
    expect(a.startsWith(join(fallback, 'events.csv.'))).toBe(true);
    expect(a.endsWith('.rejected.jsonl')).toBe(true);
    expect(quarantinePath('/nonexistent-a/events.csv', fallback)).toBe(a);
    expect(quarantinePath('/in/a/events.csv', fallback, '/out')).not.toBe(quarantinePath('/in/b/events.csv', fallback, '/out'));
    const writable = dir();
    expect(quarantinePath(join(writable, 'events.csv'), fallback)).toBe(join(writable, 'events.csv.rejected.jsonl'));
  });
});
