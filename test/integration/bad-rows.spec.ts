import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBadFiles } from '../support/bad-files';
import { count, resetDb, tempDir, testDb } from '../support/db';

interface Rejected {
  file: string;
  line: number;
  raw: string;
  reason: string;
}

const rejectedOf = (file: string): Rejected[] =>
  readFileSync(`${file}.rejected.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rejected);

describe('bad input is quarantined with line and reason, the rest loads (real Neo4j)', () => {
  let db: GraphDb;
  let dir: string;
  let summary: Awaited<ReturnType<typeof ingest>>;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    dir = tempDir('bad');
    writeBadFiles(dir);
    summary = await ingest(db, [dir], { batchSize: 3 });
  });
  afterAll(() => db.close());

  it('rejects bad products and loads the good ones, quoted commas and line breaks included', async () => {
    const rejected = rejectedOf(join(dir, 'products.csv'));
    expect(rejected.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([
      [4, 'category'],
      [5, 'id'],
      [6, 'price'],
    ]);
    expect(rejected[0].raw).toBe('P-TOAST,Toaster,toaster,10,');
    expect(rejected[0].file).toBe(join(dir, 'products.csv'));
    const names = await db.read<{ name: string }>('MATCH (p:Product) RETURN p.name AS name ORDER BY name');
    expect(names.map((n) => n.name)).toEqual(['Chime, "Pro"', 'Multi\nline name', 'Video Doorbell']);
  });

  it('rejects impossible dates, broken quoting, unknown enums and short rows in users', async () => {
    const rejected = rejectedOf(join(dir, 'users.csv'));
    expect(rejected.map((r) => r.line)).toEqual([3, 4, 6, 7]);
    expect(rejected[0].reason).toContain('unparseable timestamp');
    expect(rejected[1].reason).toContain('broken quoting');
    expect(rejected[2].reason).toContain('home_type');
    expect(rejected[3].reason).toBe('expected 4 fields, found 3');
    expect(await count(db, 'MATCH (u:User) WHERE u.stub IS NULL RETURN count(u) AS n')).toBe(2);
  });

  it('rejects references to unknown products and devices, and makes stubs of unknown users', async () => {
    expect(rejectedOf(join(dir, 'devices.csv')).map((r) => [r.line, r.reason])).toEqual([[3, 'unknown product "P-NOPE"']]);
    expect(rejectedOf(join(dir, 'ownerships.csv')).map((r) => [r.line, r.reason])).toEqual([[4, 'unknown device "D-NOPE"']]);
    expect(await count(db, "MATCH (u:User {id: 'U9', stub: true})-[:OWNS]->(:Device {id: 'D1'}) RETURN count(u) AS n")).toBe(1);
    expect(await count(db, "MATCH (u:User {id: 'U7', stub: true})-[:PERFORMED]->(:Event {id: 'E6'}) RETURN count(u) AS n")).toBe(1);
  });

  it('rejects bad events of every kind and loads the rest once', async () => {
    const rejected = rejectedOf(join(dir, 'events.csv'));
    expect(rejected.map((r) => r.line)).toEqual([4, 5, 6, 9, 10]);
    expect(rejected[0].reason).toContain('unparseable timestamp');
    expect(rejected[1].reason).toBe('unknown product "P-GHOST"');
    expect(rejected[2].reason).toContain('type');
    expect(rejected[3].reason).toContain('device_id');
    expect(rejected[4].reason).toBe('invalid UTF-8');
    const ids = await db.read<{ id: string }>('MATCH (e:Event) RETURN e.id AS id ORDER BY id');
    expect(ids.map((r) => r.id)).toEqual(['E1', 'E10', 'E2', 'E6', 'J1', 'J3']);
    expect(await count(db, "MATCH (:Event {id: 'E2'})-[:FROM_DEVICE]->(:Device {id: 'D1'}) RETURN count(*) AS n")).toBe(1);
  });

  it('rejects truncated JSON and non-object lines in JSONL', () => {
    const rejected = rejectedOf(join(dir, 'events-app.jsonl'));
    expect(rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(rejected[0].reason).toMatch(/^malformed JSON/);
    expect(rejected[1].reason).toBe('a line must be one JSON object');
  });

  it('sums it up per file: loaded, unchanged, rejected', () => {
    const events = summary.files.find((f) => f.path.endsWith('events.csv'));
    expect(events).toMatchObject({ loaded: 4, unchanged: 1, rejected: 5 });
    expect(summary.rejected).toBe(3 + 4 + 1 + 1 + 5 + 2);
    expect(existsSync(join(dir, 'devices.csv.rejected.jsonl'))).toBe(true);
  });
});
