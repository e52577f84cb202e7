import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Every kind of bad row the ingest must quarantine, each beside good rows that must load. */
function writeBadFiles(dir: string): void {
  writeFileSync(
    join(dir, 'products.csv'),
    [
      'id,name,category,price,compatible_with',
      'P-BELL,Video Doorbell,video_doorbell,99.99,',
      'P-CHIME,"Chime, ""Pro""",chime,29.99,P-BELL',
      'P-TOAST,Toaster,toaster,10,', // unknown enum value
      ',No Id,chime,10,', // missing id
      'P-CAM,Indoor Cam,indoor_camera,cheap,', // bad type
      'P-NOTE,"Multi',
      'line name",keypad,19,P-BELL', // a quoted line break is legal
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'users.csv'),
    [
      'id,home_type,region,signup_date',
      'U1,house,west,2024-01-05',
      'U2,apartment,uk,2024-02-30', // no such day
      'U3,"apartment,uk,2024-03-01', // broken quoting: never closed
      'U4,condo,south,2024-03-02',
      'U5,castle,west,2024-01-01', // unknown enum value
      'U6,house,west', // a field short
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'devices.csv'),
    ['id,product_id,status,installed_at', 'D1,P-BELL,active,2024-01-10T10:00:00Z', 'D2,P-NOPE,active,2024-01-10T10:00:00Z'].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'ownerships.csv'), ['user_id,device_id,since', 'U1,D1,2024-01-10', 'U9,D1,2024-02-01', 'U1,D-NOPE,2024-01-10'].join('\n') + '\n');
  const events = [
    'id,user_id,type,product_id,device_id,timestamp,value',
    'E1,U1,purchase,P-BELL,,2024-01-09T09:00:00Z,99.99',
    'E2,U1,install,P-BELL,D1,2024-01-10T10:00:00Z,',
    'E3,U1,product_view,P-BELL,,last tuesday,', // unparseable timestamp
    'E4,U1,product_view,P-GHOST,,2024-01-11T10:00:00Z,', // event about an unknown product
    'E5,U1,teleport,P-BELL,,2024-01-11T10:00:00Z,', // unknown event type
    'E6,U7,product_view,P-CHIME,,2024-01-12T10:00:00Z,', // unknown user: becomes a stub
    'E1,U1,purchase,P-BELL,,2024-01-09T09:00:00Z,99.99', // the same event again: unchanged
    'E8,U1,motion_alert,P-BELL,,2024-01-12T10:00:00Z,', // device event without its device
  ];
  const bytes = Buffer.concat([
    Buffer.from(events.join('\n') + '\n'),
    Buffer.from('E9,U1,product_view,P-BELL,,2024-01-13T10:00:00Z,caf'),
    Buffer.from([0xe9, 0x0a]), // latin-1 é: invalid UTF-8
    Buffer.from('E10,U4,add_to_cart,P-CHIME,,2024-01-14T10:00:00Z,\n'),
  ]);
  writeFileSync(join(dir, 'events.csv'), bytes);
  writeFileSync(
    join(dir, 'events-app.jsonl'),
    [
      '{"id":"J1","user_id":"U4","type":"live_view","product_id":"P-BELL","device_id":"D1","timestamp":"2024-02-01T08:00:00Z"}',
      '{"id":"J2","user_id":"U4","type":"product_view","product_id":"P-BELL","timest', // truncated JSON
      '["not","an","object"]',
      '{"id":"J3","user_id":"U4","type":"product_view","product_id":"P-CHIME","timestamp":1717780000}',
    ].join('\n') + '\n',
  );
}

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
