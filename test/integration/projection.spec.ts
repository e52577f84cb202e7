import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { HeteroGraph, ProjectionProgress, graphDifferences, projectFromFiles, projectFromNeo4j } from '@graphrec/projection';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, resetDb, tempDir, testDb } from '../support/db';

const rowsIn = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').length - 1;

describe('projection of a generated world (real Neo4j)', () => {
  let db: GraphDb;
  let world: string;
  let fromDb: HeteroGraph;
  const progress: ProjectionProgress[] = [];
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    world = tempDir('projection-world');
    await generateWorld({ users: 300, seed: 11, outDir: world });
    const loaded = await ingest(db, [world], { batchSize: 2000 });
    expect(loaded.rejected).toBe(0);
    fromDb = await projectFromNeo4j(db, { fetchSize: 1000, onProgress: (p) => progress.push(p) });
  });
  afterAll(() => db.close());

  it('streams every node and event of the database into the graph', async () => {
    expect(fromDb.nodes.User.size).toBe(await count(db, 'MATCH (u:User) RETURN count(u) AS n'));
    expect(fromDb.nodes.Product.size).toBe(rowsIn(join(world, 'products.csv')));
    expect(fromDb.nodes.Device.size).toBe(rowsIn(join(world, 'devices.csv')));
    expect(fromDb.report.rows.events).toBe(rowsIn(join(world, 'events.csv')));
    expect(fromDb.relations.instanceOf.edgeCount).toBe(fromDb.nodes.Device.size);
    expect(fromDb.relations.owns.edgeCount).toBe(rowsIn(join(world, 'ownerships.csv')));
    const purchases = await count(db, "MATCH (e:Event {type: 'purchase'}) RETURN count(e) AS n");
    expect(fromDb.relations.purchased.out.weights.reduce((a, b) => a + b, 0)).toBe(purchases);
    const finals = progress.filter((p) => p.done).map((p) => p.query);
    expect(finals).toEqual(['products', 'users', 'devices', 'ownerships', 'events']);
    expect(progress.some((p) => !p.done && p.query === 'events')).toBe(true);
    // Printed for the report: how long the projection of a 300-user world takes.
  });

  it('gives the same graph from the files as from Neo4j', async () => {
    const fromFiles = await projectFromFiles([world]);
    expect(Object.values(fromFiles.report.skipped).reduce((a, b) => a + b, 0)).toBe(0);
    expect(graphDifferences(fromDb, fromFiles, 1e-5)).toEqual([]);
    expect(fromFiles.features.User.columns).toEqual(fromDb.features.User.columns);
    expect(fromDb.features.User.columns).toContain('home_type=<unknown>');
    expect(fromDb.features.Product.columns).toContain('log1p(price)');
  });

  it('encodes a new user with the fitted encoder exactly as the projection did', () => {
    const u = 5;
    const encoder = fromDb.encoders.User;
    const { offsets } = fromDb.relations.interacted.out;
    const degrees = {
      'interacted.out': offsets[u + 1] - offsets[u],
      'purchased.out': fromDb.relations.purchased.out.offsets[u + 1] - fromDb.relations.purchased.out.offsets[u],
      'owns.out': fromDb.relations.owns.out.offsets[u + 1] - fromDb.relations.owns.out.offsets[u],
    };
    const line = readFileSync(join(world, 'users.csv'), 'utf8').split('\n').find((l) => l.startsWith(`${fromDb.nodes.User.ids[u]},`));
    const [, home_type, region, signup_date] = (line ?? '').split(',');
    const row = encoder.encode({ home_type: home_type || undefined, region: region || undefined, signup_date: signup_date || undefined }, degrees);
    const cols = fromDb.features.User.cols;
    expect(Array.from(row)).toEqual(Array.from(fromDb.features.User.data.subarray(u * cols, (u + 1) * cols)));
  });

  it('stays usable when stored events are poisoned: asOf never passes the clock, non-finite weights are skipped', async () => {
    // Written past validation, as data loaded before values and timestamps were bounded was.
    await db.run(
      `MATCH (e:Event) WITH e ORDER BY e.id LIMIT 2
       WITH collect(e) AS es
       SET (es[0]).timestamp = datetime('9999-01-01T00:00:00Z'), (es[1]).type = 'interaction', (es[1]).value = 1e308`,
    );
    const poisoned = await projectFromNeo4j(db);
    expect(poisoned.asOf).toBeLessThanOrEqual(Date.now());
    expect(poisoned.asOf).toBeGreaterThanOrEqual(fromDb.asOf);
    const weights = Array.from(poisoned.relations.interacted.out.weights);
    expect(weights.every(Number.isFinite)).toBe(true);
    // Ages still come from the real clock: the other events keep their weight instead of decaying to 0.
    expect(poisoned.relations.interacted.edgeCount).toBeGreaterThanOrEqual(fromDb.relations.interacted.edgeCount - 1);
    expect(poisoned.report.ignoredEvents).toBe(fromDb.report.ignoredEvents + 1);
  });
});

