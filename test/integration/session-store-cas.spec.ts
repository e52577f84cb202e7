/**
 * The Neo4j session store's compare-and-set against a real server (issue 12 §4: "two events of one
 * user at once never lose one"). Session 12 found one event in 200 lost at 8 concurrent writers:
 * the unlocked read of the state and its version can straddle another writer's commit (an older
 * state paired with the newer version), and a version-only compare accepted the state built on it.
 */
import { GraphDb } from '@graphrec/neo4j';
import { Neo4jSessionStore } from '@graphrec/serving';
import { randomUUID } from 'node:crypto';
import { testDb } from '../support/db';

jest.setTimeout(120_000);

describe('Neo4jSessionStore.compareAndSet (real Neo4j)', () => {
  let db: GraphDb;
  const extra: GraphDb[] = [];
  const users: string[] = [];

  beforeAll(() => {
    db = testDb();
  });
  afterAll(async () => {
    await db.write((tx) => tx.run('UNWIND $ids AS id MATCH (n) WHERE (n:User AND n.id = id) OR (n:SessionState AND n.userId = id) DETACH DELETE n', { ids: users }));
    await Promise.all(extra.map((d) => d.close()));
    await db.close();
  });

  async function newUser(): Promise<string> {
    const id = `cas-${randomUUID()}`;
    users.push(id);
    await db.write((tx) => tx.run('CREATE (:User {id: $id})', { id }));
    return id;
  }

  it('refuses a write computed from an older state, even when paired with the current version (a torn read)', async () => {
    const store = new Neo4jSessionStore(db);
    const user = await newUser();
    expect(await store.compareAndSet(user, { state: null, version: 0 }, 'A')).toBe(true);
    expect(await store.compareAndSet(user, { state: 'A', version: 1 }, 'AB')).toBe(true);
    // State A was read before the second write's commit, its version after it.
    expect(await store.compareAndSet(user, { state: 'A', version: 2 }, 'AC')).toBe(false);
    // And the other way round: the current state with an older version.
    expect(await store.compareAndSet(user, { state: 'AB', version: 1 }, 'ABC')).toBe(false);
    expect(await store.read(user)).toEqual({ state: 'AB', version: 2 });
    expect(await store.compareAndSet(user, { state: 'AB', version: 2 }, 'ABC')).toBe(true);
  });

  it('keeps every event of 8 writers (each with its own driver, as separate API processes) racing on one user', async () => {
    const user = await newUser();
    const writers = 8;
    const events = 25;
    for (let w = 0; w < writers; w++) extra.push(testDb());
    await Promise.all(
      extra.map(async (conn, w) => {
        const store = new Neo4jSessionStore(conn);
        for (let e = 0; e < events; e++) {
          let written = false;
          // Read, append, compare-and-set: SessionServing.track's loop, with room for the contention.
          for (let attempt = 0; attempt < 200 && !written; attempt++) {
            const stored = await store.read(user);
            const list: string[] = stored.state ? JSON.parse(stored.state) : [];
            written = await store.compareAndSet(user, stored, JSON.stringify([...list, `${w}:${e}`]));
          }
          expect(written).toBe(true);
        }
      }),
    );
    const final = await new Neo4jSessionStore(db).read(user);
    const list: string[] = JSON.parse(final.state ?? '[]');
    expect(final.version).toBe(writers * events);
    expect(list).toHaveLength(writers * events);
    expect(new Set(list).size).toBe(writers * events);
    // Each writer's events in its own order.
    for (let w = 0; w < writers; w++) expect(list.filter((x) => x.startsWith(`${w}:`))).toEqual(Array.from({ length: events }, (_, e) => `${w}:${e}`));
  });
});
