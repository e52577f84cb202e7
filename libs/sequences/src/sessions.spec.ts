import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSessionLog, writeRejections, parseTimestamp } from './session-log';
import { sessionize } from './sessions';

const T0 = 1_700_000_000;

describe('sessionize', () => {
  it('splits at a gap strictly longer than the limit, not at one equal to it', () => {
    const s = sessionize([
      { user: 'u', item: 'a', t: T0 },
      { user: 'u', item: 'b', t: T0 + 1800 }, // exactly 30 min: same session
      { user: 'u', item: 'c', t: T0 + 3601 }, // 30 min 1 s after b: new session
    ]);
    expect(s.map((x) => x.items)).toEqual([['a', 'b'], ['c']]);
  });

  it('honours a configured gap', () => {
    const s = sessionize(
      [
        { user: 'u', item: 'a', t: T0 },
        { user: 'u', item: 'b', t: T0 + 61 },
      ],
      { gapSeconds: 60 },
    );
    expect(s).toHaveLength(2);
  });

  it('sorts out-of-order events and keeps same-second events in input order', () => {
    const s = sessionize([
      { user: 'u', item: 'c', t: T0 + 20 },
      { user: 'u', item: 'a', t: T0 },
      { user: 'u', item: 'b1', t: T0 + 10 },
      { user: 'u', item: 'b2', t: T0 + 10 },
    ]);
    expect(s[0].items).toEqual(['a', 'b1', 'b2', 'c']);
    expect(s[0].times).toEqual([T0, T0 + 10, T0 + 10, T0 + 20]);
  });

  it('drops exact duplicates but keeps a repeat at another time or of another type', () => {
    const s = sessionize([
      { user: 'u', item: 'a', t: T0, type: 'product_view' },
      { user: 'u', item: 'a', t: T0, type: 'product_view' },
      { user: 'u', item: 'a', t: T0, type: 'add_to_cart' },
      { user: 'u', item: 'a', t: T0 + 5, type: 'product_view' },
    ]);
    expect(s[0].items).toEqual(['a', 'a', 'a']);
  });

  it('keeps only configured event types and users apart', () => {
    const s = sessionize(
      [
        { user: 'u', item: 'a', t: T0, type: 'product_view' },
        { user: 'u', item: 'cam', t: T0 + 1, type: 'motion_alert' },
        { user: 'v', item: 'b', t: T0 + 2, type: 'purchase' },
      ],
      { itemTypes: ['product_view', 'purchase'] },
    );
    expect(s.map((x) => [x.user, x.items])).toEqual([
      ['u', ['a']],
      ['v', ['b']],
    ]);
  });
});

describe('session log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'session-log-'));

  it('reads ISO 8601 and epoch seconds, sorts, drops duplicates and quarantines bad rows with line and reason', async () => {
    const path = join(dir, 'log.csv');
    writeFileSync(
      path,
      [
        'session_id,item_id,timestamp,user_id',
        's1,b,2024-01-01T10:05:00Z,u1',
        's1,a,2024-01-01T10:00:00Z,u1',
        's1,a,2024-01-01T10:00:00Z,u1',
        `s2,c,${Date.UTC(2024, 0, 2) / 1000},`,
        's2,d,yesterday,',
        's3,e,9999-01-01T00:00:00Z,u2',
        's1,f,2024-01-01T10:06:00Z,u9',
        's4,,2024-01-01T10:00:00Z,u2',
        '"s5,broken',
      ].join('\n') + '\n',
    );
    const log = await readSessionLog(path);
    const byId = Object.fromEntries(log.sessions.map((s) => [s.id, s]));
    expect(byId.s1.items).toEqual(['a', 'b']);
    expect(byId.s1.user).toBe('u1');
    expect(byId.s2.user).toBeUndefined();
    expect(byId.s2.times).toEqual([Date.UTC(2024, 0, 2) / 1000]);
    expect(log.duplicates).toBe(1);
    expect(log.rows).toBe(9);
    expect(log.rejected.map((r) => [r.line, r.reason.split(' ')[0]])).toEqual([
      [6, 'timestamp'],
      [7, 'timestamp'],
      [8, 'session'],
      [9, 'empty'],
      [10, 'broken'],
    ]);
    expect(log.rejected[1].reason).toContain('outside 1970..2099');
    const q = join(dir, 'log.csv.rejected.jsonl');
    writeRejections(q, log.rejected);
    expect(readFileSync(q, 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('refuses a file without the header and leaves no quarantine for a clean file', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'user,item\nu,a\n');
    await expect(readSessionLog(path)).rejects.toThrow(/session_id,item_id,timestamp/);
    writeRejections(join(dir, 'none.jsonl'), []);
    expect(existsSync(join(dir, 'none.jsonl'))).toBe(false);
  });

  it('parses timestamps strictly', () => {
    expect(parseTimestamp('1700000000')).toBe(1_700_000_000);
    expect(parseTimestamp('2024-01-01T00:00:00+01:00')).toBe(Date.UTC(2023, 11, 31, 23) / 1000);
    expect(parseTimestamp('2024-01-01 00:00:00')).toBe(Date.UTC(2024, 0, 1) / 1000);
    expect(typeof parseTimestamp('1e308')).toBe('string');
    expect(typeof parseTimestamp('2024-13-45T00:00:00Z')).toBe('string');
    // Dates that do not exist are refused, not rolled over into the next month.
    expect(parseTimestamp('2024-02-31T10:00:00Z')).toMatch(/not a valid ISO 8601 date/);
    expect(parseTimestamp('2023-02-29')).toMatch(/not a valid ISO 8601 date/);
    expect(parseTimestamp('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 1000);
    expect(parseTimestamp('9999-01-01T00:00:00Z')).toMatch(/outside 1970..2099/);
  });
});
