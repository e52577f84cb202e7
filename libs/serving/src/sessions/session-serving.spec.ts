import { initTf } from '@graphrec/gnn';
import type { GraphDb } from '@graphrec/neo4j';
import { NeuralSessionModel, saveSequenceModel, SessionNetwork } from '@graphrec/sequences';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnswerCache } from '../answer-cache';
import type { UserAnswer } from '../serving-types';
import { SessionServing } from './session-serving';
import type { SessionStore, StoredSession } from './session-store';

// Unit test of the serving logic only (which answers need a state read, what a failing store does):
// the database and the store are in-memory stand-ins; test/api/sessions.spec.ts runs the real ones.
const ITEMS = ['p1', 'p2', 'p3', 'p4'];
const NOW = 1_800_000_000_000;

class MemoryStore implements SessionStore {
  readonly name = 'neo4j';
  readonly states = new Map<string, StoredSession>();
  reads = 0;
  failing = false;
  async read(userId: string): Promise<StoredSession> {
    return this.states.get(userId) ?? { state: null, version: 0 };
  }
  async readMany(userIds: readonly string[]): Promise<Map<string, StoredSession>> {
    this.reads++;
    if (this.failing) throw new Error('store away');
    return new Map(userIds.map((u) => [u, this.states.get(u) ?? { state: null, version: 0 }]));
  }
  async seed(): Promise<number> {
    return 0;
  }
  async compareAndSet(userId: string, previous: StoredSession, state: string): Promise<boolean> {
    if ((this.states.get(userId)?.version ?? 0) !== previous.version) return false;
    this.states.set(userId, { state, version: previous.version + 1 });
    return true;
  }
  async close(): Promise<void> {}
}

describe('SessionServing', () => {
  let path: string;
  beforeAll(async () => {
    await initTf();
    const net = new SessionNetwork({ kind: 'hrnn', nItems: ITEMS.length, embedding: 4, tied: true, hidden: 4, userHidden: 3, propagate: true, seed: 5 });
    path = join(mkdtempSync(join(tmpdir(), 'graphrec-session-serving-')), 'sequence');
    saveSequenceModel(path, { net, options: {}, epochs: [], chosenEpochs: 1 } as unknown as NeuralSessionModel, ITEMS);
    net.dispose();
  });

  function setup(recent: string[] = [], catalogueRead: () => Promise<void> = async () => undefined) {
    const record = { path, kind: 'hrnn', trainedAt: 't', weightsSha256: 'abcdef0123456789', gapMs: 30 * 60_000, itemTypes: ['product_view'], metrics: {} };
    const db = {
      read: async (query: string) => {
        if (query.includes('AS sequence')) return [{ runId: 'emb-1', sequence: JSON.stringify(record) }];
        if (query.includes('p.category AS category')) return catalogueRead().then(() => ITEMS.map((id) => ({ id, name: `Name ${id}`, category: 'c' })));
        if (query.includes('u.changedAt >= $since')) return recent.map((id) => ({ id }));
        throw new Error(`unexpected read ${query}`);
      },
    } as unknown as GraphDb;
    const store = new MemoryStore();
    const cache = new AnswerCache({ maxUsers: 100 });
    let now = NOW;
    const serving = new SessionServing(db, store, cache, { now: () => now });
    const fallback = async (): Promise<UserAnswer> => ({ userId: '?', runId: null, strategy: 'popularity', items: [] });
    return { serving, store, cache, fallback, advance: (ms: number) => (now += ms) };
  }

  it('a request arriving while the model is still being read waits for it: a cold process tracks its first events (CI, stop 22)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reading: () => void = () => undefined;
    const catalogueReached = new Promise<void>((resolve) => (reading = resolve));
    const { serving } = setup([], () => {
      reading();
      return gate;
    });
    const first = serving.model();
    await catalogueReached;
    // The look up is half done (the run read, the catalogue not yet): a second request must not take it for done.
    const second = serving.model();
    const tracked = serving.track('a', 'p2', 'product_view', NOW - 1_000);
    release();
    expect((await first)?.runId).toBe('emb-1');
    expect((await second)?.runId).toBe('emb-1');
    expect(await tracked).toBe('new-session');
  });

  it('reads no state for a user not changed within the gap, and the state of one that was', async () => {
    const { serving, store, fallback } = setup(['b']);
    const a = await serving.next('a', 3, fallback);
    expect(a.strategy).toBe('session-popularity');
    expect(a.items.map((i) => i.productId)).toEqual(['p1', 'p2', 'p3']);
    expect(store.reads).toBe(0);
    // 'b' changed lately (named by the look back) but has no state: one read, then popularity.
    expect((await serving.next('b', 3, fallback)).strategy).toBe('session-popularity');
    expect(store.reads).toBe(1);
  });

  it('a tracked event opens a session that changes the answer; it expires when the session closes', async () => {
    const { serving, store, fallback, advance } = setup();
    expect(await serving.track('u', 'p3', 'product_view', NOW - 1000)).toBe('new-session');
    expect(await serving.track('u', 'p3', 'install', NOW)).toBe('not-an-item');
    const open = await serving.next('u', 2, fallback);
    expect(open.strategy).toBe('session');
    expect(open.items[0].explanation).toBe('next in this session after Name p3 (1 item so far)');
    expect(store.reads).toBe(1);
    // Held: no read again.
    expect(await serving.next('u', 2, fallback)).toBe(open);
    expect(store.reads).toBe(1);
    advance(31 * 60_000);
    expect((await serving.next('u', 2, fallback)).strategy).toBe('session-popularity');
  });

  it('after a flush of unknown users every answer reads the state until a gap has passed; a failing store degrades, never throws', async () => {
    const { serving, store, cache, fallback, advance } = setup();
    await serving.next('a', 2, fallback);
    expect(store.reads).toBe(0);
    cache.flush();
    await serving.next('a', 2, fallback);
    expect(store.reads).toBe(1);
    store.failing = true;
    const degraded = await serving.next('x', 2, fallback);
    expect(degraded.strategy).toBe('session-popularity');
    store.failing = false;
    advance(31 * 60_000 + 60_000);
    const before = store.reads;
    await serving.next('y', 2, fallback);
    expect(store.reads).toBe(before);
  });
  it('names the users who may have an open session (the look back, then this process\'s own events) for the candidate warm-up, reading no state', async () => {
    const { serving, store, advance } = setup(['b', 'c']);
    expect((await serving.mayHaveSessionUsers()).sort()).toEqual(['b', 'c']);
    expect(await serving.track('u', 'p3', 'product_view', NOW - 1000)).toBe('new-session');
    expect((await serving.mayHaveSessionUsers()).sort()).toEqual(['b', 'c', 'u']);
    // Naming them reads no session state: whether one is open is read at the request.
    expect(store.reads).toBe(0);
    // Once a gap (and the slack) has passed with no change, nobody is named.
    advance(31 * 60_000 + 60_000);
    expect(await serving.mayHaveSessionUsers()).toEqual([]);
  });
});
