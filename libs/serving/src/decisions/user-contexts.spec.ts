import type { GraphDb } from '@graphrec/neo4j';
import { REREAD_AFTER_MS, UserContexts } from './user-contexts';

/** A stand-in for the two reads UserContexts makes (user ids page, user contexts), counting them. */
function fakeDb(owned: Map<string, string[]>) {
  const calls = { pages: 0, contexts: 0 };
  const db = {
    read: async (_query: string, params: { userIds?: string[]; after?: string; n?: { toNumber(): number } }) => {
      if (params.userIds) {
        calls.contexts++;
        return params.userIds.filter((id) => owned.has(id)).map((id) => ({ userId: id, region: 'west', homeType: 'house', segment: null, owned: owned.get(id) }));
      }
      calls.pages++;
      const ids = [...owned.keys()].sort().filter((id) => id > (params.after ?? ''));
      return ids.slice(0, params.n?.toNumber() ?? ids.length).map((id) => ({ id }));
    },
  };
  return { db: db as unknown as GraphDb, calls };
}

describe('UserContexts (decision contexts held in process)', () => {
  it('warms every user, then answers without reads; an unknown user is read each time and known=false', async () => {
    const { db, calls } = fakeDb(new Map([['u1', ['p2', 'p1']], ['u2', []]]));
    const users = new UserContexts(db, { maxUsers: 10 });
    expect(await users.warm()).toBe(2);
    const reads = calls.contexts;
    expect((await users.get('u1')).features).toEqual({ region: 'west', home_type: 'house', segment: '', owned: 'p1|p2', n_owned: 2 });
    expect(calls.contexts).toBe(reads);
    expect((await users.get('nobody')).known).toBe(false);
    const afterFirst = calls.contexts;
    expect((await users.get('nobody')).known).toBe(false);
    expect(calls.contexts).toBe(afterFirst + 1);
    expect(users.size).toBe(2);
  });

  it('re-reads after invalidate or flush, and never stores a read that an invalidation overtook', async () => {
    const owned = new Map([['u1', ['p1']]]);
    const { db, calls } = fakeDb(owned);
    const users = new UserContexts(db, { maxUsers: 10 });
    await users.get('u1');
    owned.set('u1', ['p1', 'p3']);
    expect((await users.get('u1')).owned).toEqual(['p1']); // held: no read
    users.invalidate('u1');
    expect((await users.get('u1')).owned).toEqual(['p1', 'p3']);
    owned.set('u1', ['p4']);
    users.flush();
    expect(users.size).toBe(0);
    const slow = users.get('u1'); // a read starts…
    users.invalidate('u1'); // …the feed reports u1 changed meanwhile…
    expect((await slow).owned).toEqual(['p4']);
    const before = calls.contexts;
    await users.get('u1'); // …so that read was not kept
    expect(calls.contexts).toBe(before + 1);
  });

  it('holds at most maxUsers, and nothing with maxUsers 0', async () => {
    const { db, calls } = fakeDb(new Map([['a', []], ['b', []], ['c', []]]));
    const small = new UserContexts(db, { maxUsers: 2 });
    for (const id of ['a', 'b', 'c']) await small.get(id);
    expect(small.size).toBe(2);
    const none = new UserContexts(db, { maxUsers: 0 });
    const before = calls.contexts;
    await none.get('a');
    await none.get('a');
    expect(calls.contexts).toBe(before + 2);
    expect(none.size).toBe(0);
  });

  it('reads invalidated held users again together in the background, so their next decision reads nothing', async () => {
    const owned = new Map([['u1', ['p1']], ['u2', []], ['u3', []]]);
    const { db, calls } = fakeDb(owned);
    const users = new UserContexts(db, { maxUsers: 10 });
    await users.warm();
    owned.set('u1', ['p1', 'p2']);
    owned.set('u2', ['p3']);
    const before = calls.contexts;
    users.invalidate('u1');
    users.invalidate('u2');
    users.invalidate('never-held'); // not held: not read in the background (a bogus id costs nothing)
    await new Promise((r) => setTimeout(r, REREAD_AFTER_MS + 50));
    expect(calls.contexts).toBe(before + 1); // one query for both
    expect((await users.get('u1')).owned).toEqual(['p1', 'p2']);
    expect((await users.get('u2')).owned).toEqual(['p3']);
    expect(calls.contexts).toBe(before + 1);
    expect(users.size).toBe(3);
    // Flushed before the background read: nothing is read for them (the warm-up reads everyone).
    users.invalidate('u3');
    users.flush();
    await new Promise((r) => setTimeout(r, REREAD_AFTER_MS + 50));
    expect(calls.contexts).toBe(before + 1);
  });
});
