import { daysInMonth, fastEventParser, parseTimestamp, rowSchemas } from './rows';
import { DEFAULT_LIMITS } from './limits';

/**
 * The zod-free path must never accept a row the schema refuses, and must give the schema's very
 * record (values and keys) for every row it accepts; rows it leaves alone go through zod.
 */
describe('fastEventParser', () => {
  const limits = { ...DEFAULT_LIMITS, now: () => Date.UTC(2025, 5, 1) };
  const schema = rowSchemas(limits).events;
  const fast = fastEventParser(limits);
  const base = { id: 'E1', user_id: 'U1', type: 'purchase', product_id: 'P-1', device_id: undefined as string | undefined, timestamp: '2025-03-01T10:00:00Z', value: '19.99' as string | undefined };
  const variants: Record<string, unknown>[] = [
    base,
    { ...base, value: undefined },
    { ...base, device_id: 'D1', type: 'install', value: undefined },
    { ...base, type: 'install', value: undefined }, // a device event without a device: refused
    { ...base, id: ' E2 ' },
    { ...base, id: '' },
    { ...base, id: 'E 3' },
    { ...base, user_id: 42 },
    { ...base, type: 'teleport' },
    { ...base, type: ' purchase' },
    { ...base, timestamp: '2025-02-31' },
    { ...base, timestamp: '2025-03-01 10:00' },
    { ...base, timestamp: '1740823200' },
    { ...base, timestamp: '9999-01-01T00:00:00Z' },
    { ...base, timestamp: '1960-01-01T00:00:00Z' },
    { ...base, timestamp: undefined },
    { ...base, value: '1e308' },
    { ...base, value: '-1' },
    { ...base, value: ' 7 ' },
    { ...base, value: '.5' },
    { ...base, value: '0x10' },
    { ...base, value: 'NaN' },
    { ...base, value: 12 },
    { ...base, type: 'rating', value: '6' },
    { ...base, type: 'rating', value: '4.5' },
    { ...base, extra: 'ignored' },
    { id: 'E9', user_id: 'U1', type: 'product_view', product_id: 'P-1', timestamp: '2025-03-01' }, // optional keys absent
  ];

  it.each(variants.map((v, i) => [i, v]))('row %i: accepted only as the schema accepts it, with its record', (_i, row) => {
    const got = fast(row);
    const expected = schema.safeParse(row);
    if (got === undefined) return; // zod decides
    expect(expected.success).toBe(true);
    expect(got).toStrictEqual(expected.data);
    expect(Object.keys(got)).toEqual(Object.keys(expected.data as object));
  });

  it('takes the plain rows (most of a generated file) without zod', () => {
    const accepted = variants.filter((v) => fast(v) !== undefined).length;
    expect(fast(base)).toBeDefined();
    expect(fast({ ...base, device_id: 'D1', type: 'install', value: undefined })).toBeDefined();
    expect(accepted).toBeGreaterThanOrEqual(8);
  });
});

describe('parseTimestamp on plain UTC date-times', () => {
  it('gives what Date.parse gives for every plain instant, and leaves odd ones to the general rules', () => {
    const texts: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(1970, 0, 1) + Math.floor(((i * 7919) % 2000) / 2000 * 2e12) + i * 1000;
      texts.push(new Date(ms).toISOString().slice(0, 19) + 'Z');
    }
    texts.push('2024-02-29T23:59:59Z', '2000-01-01T00:00:00Z', '1999-12-31T23:59:59Z');
    for (const t of texts) expect(parseTimestamp(t)).toBe(Date.parse(t));
    // Not real instants: refused (days that do not exist are not rolled into the next month).
    for (const bad of ['2023-02-29T00:00:00Z', '2024-04-31T10:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T00:60:00Z']) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
    // ISO 8601's end of day: the general path reads it as the next midnight, as Date.parse does.
    expect(parseTimestamp('2024-01-01T24:00:00Z')).toBe(Date.UTC(2024, 0, 2));
  });
});

describe('daysInMonth', () => {
  it('counts the days Date.UTC counts, leap years included', () => {
    for (const y of [1000, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let mo = 1; mo <= 12; mo++) expect(daysInMonth(y, mo)).toBe(new Date(Date.UTC(y, mo, 0)).getUTCDate());
    }
  });
});
