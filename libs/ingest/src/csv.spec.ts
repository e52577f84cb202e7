import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvAssembler, csvField, parseCsvFields } from './csv';
import { PhysicalLine, readLines } from './line-reader';

const lines = (...texts: (string | Buffer)[]): PhysicalLine[] =>
  texts.map((t, i) => ({ bytes: Buffer.isBuffer(t) ? t : Buffer.from(t), lineNo: i + 1, end: (i + 1) * 100 }));

describe('parseCsvFields', () => {
  it('splits plain and quoted fields, with doubled quotes and commas inside quotes', () => {
    expect(parseCsvFields('a,b,,d')).toEqual({ ok: true, fields: ['a', 'b', '', 'd'] });
    expect(parseCsvFields('"x, y","say ""hi""",z')).toEqual({ ok: true, fields: ['x, y', 'say "hi"', 'z'] });
    expect(parseCsvFields('a,""')).toEqual({ ok: true, fields: ['a', ''] });
  });
  it('tells an open quote from broken quoting', () => {
    expect(parseCsvFields('a,"multi')).toEqual({ ok: false, open: true });
    expect(parseCsvFields('a,"x"y')).toMatchObject({ ok: false, open: false, reason: expect.stringContaining('after a closing quote') });
    expect(parseCsvFields('a,b"c')).toMatchObject({ ok: false, open: false, reason: expect.stringContaining('inside unquoted') });
  });
  it('round-trips what csvField writes', () => {
    const values = ['plain', 'comma, here', 'quote " here', 'line\nbreak', 'Überwachung'];
    expect(parseCsvFields(values.map(csvField).join(','))).toEqual({ ok: true, fields: values });
    const assembler = new CsvAssembler();
    const text = values.map(csvField).join(',');
    const items = assembler.push(lines(...text.split('\n')));
    expect(items).toHaveLength(1);
    expect(items[0].fields).toEqual(values);
  });
});

describe('CsvAssembler', () => {
  it('joins a quoted field across lines and keeps the first line number', () => {
    const items = new CsvAssembler().push(lines('1,"two', 'lines",x', '2,b,c'));
    expect(items.map((i) => [i.lineNo, i.fields])).toEqual([
      [1, ['1', 'two\nlines', 'x']],
      [3, ['2', 'b', 'c']],
    ]);
    expect(items[0].end).toBe(200);
  });
  it('rejects an unterminated quote as one line and keeps reading after it', () => {
    const assembler = new CsvAssembler(3);
    const items = [...assembler.push(lines('1,"never closed', '2,a,b', '3,c,d', '4,e,f')), ...assembler.end()];
    expect(items[0]).toMatchObject({ lineNo: 1, reason: expect.stringContaining('never closed') });
    expect(items.slice(1).map((i) => i.fields?.[0])).toEqual(['2', '3', '4']);
  });
  it('rejects invalid UTF-8 with the bytes kept readable', () => {
    const items = new CsvAssembler().push(lines(Buffer.from([0x61, 0x2c, 0xff, 0xfe]), 'ok,1'));
    expect(items[0]).toMatchObject({ lineNo: 1, reason: 'invalid UTF-8' });
    expect(items[1].fields).toEqual(['ok', '1']);
  });
  it('at end of file rejects an open record line by line', () => {
    const assembler = new CsvAssembler();
    const items = [...assembler.push(lines('1,ok', '2,"open', '3,fine')), ...assembler.end()];
    expect(items.map((i) => [i.lineNo, i.reason ?? i.fields?.join('|')])).toEqual([
      [1, '1|ok'],
      [2, 'broken quoting: a quoted field is never closed'],
      [3, '3|fine'],
    ]);
  });
});

describe('readLines', () => {
  it('reports line numbers and resume offsets across chunk boundaries and CRLF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lines-'));
    const file = join(dir, 'f.csv');
    writeFileSync(file, 'h1,h2\r\nabc,1\r\n\r\nlast,2');
    const seen: PhysicalLine[] = [];
    for await (const chunk of readLines(file, { chunkBytes: 4 })) seen.push(...chunk);
    expect(seen.map((l) => [l.lineNo, l.bytes.toString(), l.end])).toEqual([
      [1, 'h1,h2', 7],
      [2, 'abc,1', 14],
      [3, '', 16],
      [4, 'last,2', 22],
    ]);
    const resumed: string[] = [];
    for await (const chunk of readLines(file, { startOffset: 14, startLine: 3 })) resumed.push(...chunk.map((l) => `${l.lineNo}:${l.bytes}`));
    expect(resumed).toEqual(['3:', '4:last,2']);
  });
});
