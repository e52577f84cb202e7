import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planRanges, QUOTE_FREE_LINES } from './events-parallel';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'graphrec-ranges-')), 'events.csv');
  writeFileSync(path, text);
  return path;
};
const HEADER = 'id,user_id,type,product_id,device_id,timestamp,value\n';
const row = (i: number) => `E${i},U${i % 7},product_view,P1,,2024-01-01T00:00:00Z,\n`;

describe('planRanges: byte ranges of a CSV file cut only between records', () => {
  it('covers the file after the header with consecutive ranges starting at line starts', () => {
    const text = HEADER + Array.from({ length: 1000 }, (_, i) => row(i)).join('');
    const path = file(text);
    const ranges = planRanges(path, HEADER.length, 2, 4);
    expect(ranges).toHaveLength(4);
    expect(ranges[0].start).toBe(HEADER.length);
    expect(ranges[3].end).toBe(Buffer.byteLength(text));
    ranges.slice(1).forEach((r, i) => {
      expect(r.start).toBe(ranges[i].end);
      expect(text[r.start - 1]).toBe('\n');
      // The range's first line number is the line the byte offset starts.
      expect(text.slice(0, r.start).split('\n').length).toBe(r.line);
    });
  });

  it('never cuts where a quoted field could still be open', () => {
    // A quote every few lines up to the middle: no cut before QUOTE_FREE_LINES clean lines follow the last quote.
    const lines = Array.from({ length: 400 }, (_, i) => (i < 200 && i % 10 === 0 ? `E${i},U1,product_view,"P,1",,2024-01-01T00:00:00Z,\n` : row(i)));
    const text = HEADER + lines.join('');
    const ranges = planRanges(file(text), HEADER.length, 2, 4);
    const lastQuotedLine = 2 + 190; // line numbers start at 2 after the header
    for (const r of ranges.slice(1)) expect(r.line - 1 - lastQuotedLine).toBeGreaterThanOrEqual(QUOTE_FREE_LINES);
  });

  it('gives one range when there is no safe place to cut', () => {
    const text = HEADER + Array.from({ length: 100 }, (_, i) => `E${i},U1,product_view,"P1",,2024-01-01T00:00:00Z,\n`).join('');
    expect(planRanges(file(text), HEADER.length, 2, 3)).toEqual([{ start: HEADER.length, end: Buffer.byteLength(text), line: 2 }]);
  });
});
