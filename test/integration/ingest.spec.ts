import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, graphDigest, resetDb, tempDir, testDb } from '../support/db';

const rowsIn = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').length - 1;

describe('ingest of a generated world (real Neo4j)', () => {
  let db: GraphDb;
  let world: string;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    world = tempDir('world');
    await generateWorld({ users: 300, seed: 11, outDir: world });
  });
  afterAll(() => db.close());

  it('loads every row of every file, with the relationships of the model', async () => {
    const summary = await ingest(db, [world], { batchSize: 1000 });
    expect(summary.rejected).toBe(0);
    expect(summary.files.map((f) => f.kind)).toEqual(['products', 'users', 'devices', 'ownerships', 'events']);
    const expected = (name: string) => rowsIn(join(world, `${name}.csv`));
    expect(await count(db, 'MATCH (n:Product) RETURN count(n) AS n')).toBe(expected('products'));
    expect(await count(db, 'MATCH (n:User) RETURN count(n) AS n')).toBe(expected('users'));
    expect(await count(db, 'MATCH (n:Device)-[:INSTANCE_OF]->(:Product) RETURN count(n) AS n')).toBe(expected('devices'));
    expect(await count(db, 'MATCH (:User)-[r:OWNS]->(:Device) RETURN count(r) AS n')).toBe(expected('ownerships'));
    expect(await count(db, 'MATCH (:User)-[:PERFORMED]->(e:Event)-[:ABOUT]->(:Product) RETURN count(e) AS n')).toBe(expected('events'));
    const deviceEvents = readFileSync(join(world, 'events.csv'), 'utf8').split('\n').filter((l) => /,(install|motion_alert|live_view),/.test(l)).length;
    expect(await count(db, 'MATCH (:Event)-[r:FROM_DEVICE]->(:Device) RETURN count(r) AS n')).toBe(deviceEvents);
    expect(await count(db, 'MATCH (u:User {stub: true}) RETURN count(u) AS n')).toBe(0);
  });

  it('keeps typed properties: dates, date-times, numbers and lists', async () => {
    const [product] = await db.read<{ price: number; compat: string[] | null }>(
      "MATCH (p:Product {category: 'chime'}) RETURN p.price AS price, p.compatible_with AS compat LIMIT 1",
    );
    expect(typeof product.price).toBe('number');
    expect(product.compat?.length).toBeGreaterThan(0);
    const [types] = await db.read<{ signup: string; ts: string }>(
      'MATCH (u:User)-[:PERFORMED]->(e:Event) RETURN valueType(u.signup_date) AS signup, valueType(e.timestamp) AS ts LIMIT 1',
    );
    expect(types).toEqual({ signup: 'DATE NOT NULL', ts: 'ZONED DATETIME NOT NULL' });
  });

  it('loading the same files again changes nothing and reports every row unchanged', async () => {
    const before = await graphDigest(db);
    const again = await ingest(db, [world], { batchSize: 700, restart: true });
    expect(again.loaded).toBe(0);
    expect(again.rejected).toBe(0);
    expect(again.unchanged).toBe(['products', 'users', 'devices', 'ownerships', 'events'].reduce((n, f) => n + rowsIn(join(world, `${f}.csv`)), 0));
    expect(await graphDigest(db)).toBe(before);
  });

  it('skips files whose completed load is recorded, unless told to restart', async () => {
    const third = await ingest(db, [world]);
    expect(third.files.every((f) => f.skipped)).toBe(true);
    expect(third.loaded + third.unchanged).toBe(0);
  });
});
