import { csvHeader, csvLine, formatLines, jsonLine } from './format';
import { SegmentRow } from './rows';
import { parseCsvText as parseCsv } from '@graphrec/graph-model';

const columns = ['user_id', 'segment_id', 'segment_label', 'confidence', 'run_id', 'updated_at', 'region', 'vip'];
const row: SegmentRow = {
  user_id: 'u,1',
  segment_id: 'S03',
  segment_label: 'Caméra "pro", doorbell\nowners ✓',
  confidence: 0.875,
  run_id: 'seg-20261129T031500Z-abcd',
  updated_at: '2026-11-29T03:20:00.000Z',
  region: 'Zürich\r\nNord',
  vip: true,
};

describe('CSV rows', () => {
  it('quotes commas, quotes and line breaks, keeps non-ASCII, ends lines with CRLF', () => {
    const text = csvHeader(columns) + csvLine(columns, row);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"Caméra ""pro"", doorbell\nowners ✓"');
    expect(text).toContain('"u,1"');
    const [header, parsed] = parseCsv(text);
    expect(header).toEqual(columns);
    expect(parsed).toEqual(['u,1', 'S03', 'Caméra "pro", doorbell\nowners ✓', '0.875', 'seg-20261129T031500Z-abcd', '2026-11-29T03:20:00.000Z', 'Zürich\r\nNord', 'true']);
  });

  it('writes null and missing values as empty fields', () => {
    const [parsed] = parseCsv(csvLine(columns, { user_id: 'u2', segment_id: null, confidence: null }));
    expect(parsed).toEqual(['u2', '', '', '', '', '', '', '']);
  });

  it('plain fields stay unquoted', () => {
    expect(csvHeader(['a', 'b'])).toBe('a,b\r\n');
    expect(csvLine(['a', 'b'], { a: 'x', b: 2 })).toBe('x,2\r\n');
  });
});

describe('CSV formula neutralisation (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+cmd|\' /C calc\'!A0', `'+1+cmd|' /C calc'!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A9)', `'@SUM(A1:A9)`],
    ['\tDDE', `'\tDDE`],
    ['\r=1', `"'\r=1"`],
  ])('prefixes %j with a quote mark', (text, cell) => {
    expect(csvLine(['a'], { a: text })).toBe(`${cell}\r\n`);
    // Read back, the cell is the text with the quote mark in front: nothing is lost.
    expect(parseCsv(csvLine(['a'], { a: text }))[0]).toEqual([`'${text}`]);
  });

  it('leaves numbers, booleans and harmless text alone', () => {
    expect(csvLine(['n', 'b', 't', 'm'], { n: -0.5, b: false, t: 'a=b', m: 'x-1' })).toBe('-0.5,false,a=b,x-1\r\n');
  });

  it('JSONL keeps the raw text', () => {
    expect(JSON.parse(jsonLine(['a'], { a: '=1+1' }))).toEqual({ a: '=1+1' });
  });
});

describe('JSONL rows', () => {
  it('one object per line, keys in column order, UTF-8 text unescaped', () => {
    const line = jsonLine(columns, row);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(Object.keys(JSON.parse(line))).toEqual(columns);
    expect(JSON.parse(line)).toEqual(row);
    expect(line).toContain('Zürich');
  });
});

describe('formatLines', () => {
  it('is the rows\' lines, in order, in one string (what a scoring thread sends back)', () => {
    const other: SegmentRow = { ...row, user_id: '=cmd', confidence: -1 };
    expect(formatLines(columns, [row, other], 'csv')).toBe(csvLine(columns, row) + csvLine(columns, other));
    expect(formatLines(columns, [row, other], 'jsonl')).toBe(jsonLine(columns, row) + jsonLine(columns, other));
    expect(formatLines(columns, [], 'csv')).toBe('');
  });
});
