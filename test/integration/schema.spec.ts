import { GraphDb, migrate } from '@graphrec/neo4j';
import { count, resetDb, testDb } from '../support/db';

describe('schema (real Neo4j)', () => {
  let db: GraphDb;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
  });
  afterAll(() => db.close());

  it('records the applied version and applies nothing the second time', async () => {
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    expect(again.version).toBe('005_session_state');
    expect(await count(db, 'MATCH (m:Migration) RETURN count(m) AS n')).toBe(5);
  });

  it('has a uniqueness constraint on id for every label of the model', async () => {
    const rows = await db.read<{ label: string; props: string[] }>(
      "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props",
    );
    const unique = new Map(rows.map((r) => [r.label, r.props]));
    for (const label of ['User', 'Device', 'Product', 'Event', 'Segment', 'Run']) expect(unique.get(label)).toEqual(['id']);
  });

  it('indexes changedAt of users and products, which the serving change feed polls by range', async () => {
    const rows = await db.read<{ name: string; label: string; props: string[] }>(
      "SHOW INDEXES YIELD name, type, labelsOrTypes, properties WHERE type = 'RANGE' RETURN name, labelsOrTypes[0] AS label, properties AS props",
    );
    expect(rows).toEqual(expect.arrayContaining([
      { name: 'user_changed_at', label: 'User', props: ['changedAt'] },
      { name: 'product_changed_at', label: 'Product', props: ['changedAt'] },
    ]));
  });

  it('refuses a second node with the same id', async () => {
    await db.run("CREATE (:Product {id: 'dup', name: 'a', category: 'chime'})");
    await expect(db.run("CREATE (:Product {id: 'dup', name: 'b', category: 'chime'})")).rejects.toThrow(/already exists/);
    expect(await count(db, "MATCH (p:Product {id: 'dup'}) RETURN count(p) AS n")).toBe(1);
  });
});
