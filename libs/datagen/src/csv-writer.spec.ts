import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvSink, TimeFormatter, csvField } from './csv-writer';
import { parseCsvRows } from './testkit';

describe('csvField', () => {
  it('quotes only fields with a comma, quote or line break, doubling quotes', () => {
    expect(csvField('Indoor Cam (2nd Gen)')).toBe('Indoor Cam (2nd Gen)');
    expect(csvField('Spotlight Cam "Plus", Battery')).toBe('"Spotlight Cam ""Plus"", Battery"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(parseCsvRows(`${csvField('a "b", c')},x\n`)).toEqual([['a "b", c', 'x']]);
  });
});

describe('CsvSink', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'datagen-sink-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes header and rows in order across many buffer flushes, UTF-8 included', () => {
    const path = join(dir, 'out.csv');
    const sink = new CsvSink(path, ['id', 'name']);
    const expected = ['id,name'];
    for (let i = 0; i < 200_000; i++) {
      const line = `${i},${csvField(i % 7 === 0 ? `Caméra "${i}", ünïcode` : `row ${i}`)}`;
      sink.row(line);
      expected.push(line);
    }
    sink.close();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(`${expected.join('\n')}\n`);
    expect(sink.rows).toBe(200_000);
    expect(sink.bytes).toBe(Buffer.byteLength(text));
  });
});

describe('TimeFormatter', () => {
  it('matches Date#toISOString without milliseconds', () => {
    const fmt = new TimeFormatter();
    for (const sec of [0, 1_704_067_200, 1_709_633_472, 1_740_787_199, 1_751_328_000 - 1]) {
      expect(fmt.iso(sec)).toBe(new Date(sec * 1000).toISOString().replace('.000Z', 'Z'));
      expect(fmt.date(sec)).toBe(new Date(sec * 1000).toISOString().slice(0, 10));
    }
  });
});
