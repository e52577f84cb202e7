import { GraphDb } from '@graphrec/neo4j';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliResult, startCli } from '../support/cli';
import { count, resetDb, tempDir, testDb } from '../support/db';

interface Rejected {
  line: number;
  raw: string;
  reason: string;
  rawBytes?: number;
}
const entries = (file: string): Rejected[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rejected);

/** The real CLI; a run that would hang (a FIFO) is killed after a minute and fails the test instead of the suite. */
async function ingestCli(args: string[]): Promise<CliResult> {
  const { child, done } = startCli(['ingest', ...args]);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

const PRODUCTS = 'id,name,category,price\np-cam,Indoor Cam,indoor_camera,59\n';
const event = (id: string, extra = '') =>
  `{"id":"${id}","user_id":"u1","type":"product_view","product_id":"p-cam","timestamp":"2025-01-01T00:00:00Z"${extra}}`;

describe('graphrec ingest: unusable input, odd files and huge rows (real Neo4j, real CLI)', () => {
  let db: GraphDb;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
  });
  afterAll(() => db.close());

  it('exits 2 at once for a FIFO, a symbolic link loop or a folder named like an ingest file', async () => {
    const fifo = tempDir('fifo');
    writeFileSync(join(fifo, 'products.csv'), PRODUCTS);
    expect(spawnSync('mkfifo', [join(fifo, 'events.csv')]).status).toBe(0);
    const loop = tempDir('loop');
    symlinkSync(join(loop, 'users.csv'), join(loop, 'users.csv'));
    const folder = tempDir('folder');
    mkdirSync(join(folder, 'events-x.csv'));
    for (const [dir, why] of [
      [fifo, /not a regular file/],
      [loop, /symbolic link loop/],
      [folder, /a folder where a file is expected/],
    ] as const) {
      const result = await ingestCli([dir]);
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 2, signal: null });
      expect(result.stderr).toMatch(why);
    }
  });

  it('loads one file its name does not classify with --kind (refused without it)', async () => {
    const dir = tempDir('kind');
    writeFileSync(join(dir, 'products.csv'), PRODUCTS);
    expect((await ingestCli([join(dir, 'products.csv')])).code).toBe(0);
    writeFileSync(join(dir, 'bad-events.csv'), 'id,user_id,type,product_id,timestamp\nk1,u1,product_view,p-cam,2025-01-01\n');
    const refused = await ingestCli([join(dir, 'bad-events.csv')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--kind/);
    expect((await ingestCli(['--kind', 'events', join(dir, 'bad-events.csv')])).code).toBe(0);
    expect(await count(db, "MATCH (:Event {id: 'k1'}) RETURN count(*) AS n")).toBe(1);
  });

  it('quarantines a date of 1e20 and keeps the first row of a JSONL file that starts with a BOM', async () => {
    const dir = tempDir('dates');
    writeFileSync(join(dir, 'users.jsonl'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"bom-user"}\n{"id":"u-1e20","signup_date":1e20}\n{"id":"u-ok","signup_date":"2024-01-02"}\n')]));
    const result = await ingestCli([dir]);
    expect(result.code).toBe(0);
    expect(await count(db, "MATCH (u:User) WHERE u.id IN ['bom-user', 'u-ok'] RETURN count(u) AS n")).toBe(2);
    const rejected = entries(join(dir, 'users.jsonl.rejected.jsonl'));
    expect(rejected.map((r) => r.line)).toEqual([2]);
    expect(rejected[0].reason).toMatch(/^signup_date: timestamp .* out of range/);
  });

  it('quarantines over-long lines unread, with a bounded entry, and loads the rest', async () => {
    const dir = tempDir('long');
    writeFileSync(join(dir, 'products.csv'), PRODUCTS);
    const long = event('long', `,"note":"${'x'.repeat(300_000)}"`);
    writeFileSync(join(dir, 'events.jsonl'), [event('l1'), long, event('l2')].join('\n') + '\n');
    const result = await ingestCli(['--max-line-bytes', '65536', dir]);
    expect(result.code).toBe(0);
    expect(await count(db, "MATCH (e:Event) WHERE e.id IN ['l1', 'l2', 'long'] RETURN count(e) AS n")).toBe(2);
    const [entry] = entries(join(dir, 'events.jsonl.rejected.jsonl'));
    expect(entry).toMatchObject({ line: 2, rawBytes: long.length, reason: expect.stringMatching(/longer than the limit of 65536 bytes/) });
    expect(entry.raw.length).toBeLessThanOrEqual(4096);
    expect(readFileSync(join(dir, 'events.jsonl.rejected.jsonl')).length).toBeLessThan(10_000);
  });

  it('gives inputs of the same name their own quarantine file away from their folder', async () => {
    const out = tempDir('rejected-out');
    const [a, b] = [tempDir('same-a'), tempDir('same-b')];
    writeFileSync(join(a, 'events.csv'), 'id,user_id,type,product_id,timestamp\na1,u1,teleport,p-cam,2025-01-01\n');
    writeFileSync(join(b, 'events.csv'), 'id,user_id,type,product_id,timestamp\nb1,u1,product_view,p-cam,9999-01-01\n');
    expect((await ingestCli(['--rejected-dir', out, join(a, 'events.csv'), join(b, 'events.csv')])).code).toBe(1); // nothing loaded
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(2);
    const reasons = files.map((f) => entries(join(out, f))[0].reason);
    expect(reasons.some((r) => r.startsWith('type'))).toBe(true);
    expect(reasons.some((r) => /^timestamp: .*out of range/.test(r))).toBe(true);
  });
});
