/**
 * Session-aware serving through the real stack (issue 12 §4): a generated world in the test Neo4j,
 * `graphrec train` and `graphrec train-sequence` (HRNN), the API in its own process. trackEvent in
 * a session changes the next nextInSession answer, a second event changes it again, the state
 * survives an API restart, an unknown user gets an answer, bad input leaves the state alone, two
 * events of one user at once both land, and a second API process reflects an event taken by the
 * first. The same with the state in Redis when the test Redis is there.
 */
import { GraphDb } from '@graphrec/neo4j';
import { decodeSessionState, readSequenceModel } from '@graphrec/sequences';
import { REDIS_SESSION_PREFIX, RedisSessionStore } from '@graphrec/serving';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { testDb } from '../support/db';
import { trainedWorld } from '../support/world';
import { codes, gql, KEYS, KEYS_ENV } from './support';

jest.setTimeout(600_000);

const NEXT = 'query($id: ID!) { nextInSession(userId: $id, k: 5) { userId strategy runId items { product { id name } score rank explanation } } }';
const TRACK = 'mutation($input: TrackEventInput!) { trackEvent(input: $input) { id created } }';

interface Answer {
  strategy: string;
  runId: string | null;
  items: { product: { id: string; name: string }; score: number; rank: number; explanation: string }[];
}

describe('nextInSession and trackEvent (real API, Neo4j' + (process.env.GRAPHREC_TEST_REDIS_URL ? ', Redis)' : ')'), () => {
  let db: GraphDb;
  let products: string[];
  let users: string[];

  beforeAll(async () => {
    db = testDb();
    const { models } = await trainedWorld(db, { name: 'sessions', users: 300, seed: 12 });
    // The evaluated configuration (docs/sequences.md, session 11): refit, weights averaged, hidden dropout.
    const seq = await runCli(['train-sequence', '--epochs', '2', '--refit', '--ema-epochs', '2', '--hidden-dropout', '0.2', '--model-dir', models]);
    if (seq.code !== 0) throw new Error(`graphrec train-sequence failed: ${seq.stderr}`);
    products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id')).map((r) => r.id);
    const all = (await db.read<{ id: string }>('MATCH (u:User) WHERE u.stub IS NULL RETURN u.id AS id ORDER BY id')).map((r) => r.id);
    users = [all[Math.floor(all.length / 3)], all[Math.floor((2 * all.length) / 3)], all[all.length - 1]];
  });
  afterAll(async () => {
    await db?.close();
  });

  it('train-sequence seeds every user’s state from their history (HRNN’s user state knows past sessions), all closed', async () => {
    const rows = await db.read<{ state: string }>('MATCH (s:SessionState) RETURN s.state AS state');
    expect(rows.length).toBeGreaterThan(users.length);
    const states = rows.map((r) => decodeSessionState(r.state, 32, 32));
    const withPast = states.filter((st) => st.session >= 2 && Array.from(st.u).some((v) => v !== 0));
    expect(withPast.length).toBeGreaterThan(states.length / 4);
    // The history is the generated world's, long past: no session is open now.
    expect(states.every((st) => Date.now() - st.lastAt > 30 * 60_000)).toBe(true);
  });

  it('train-sequence --refit serves the evaluated configuration: epochs chosen on the validation carve, then refitted on every session', async () => {
    const [row] = await db.read<{ sequence: string | null }>("OPTIONAL MATCH (r:Run {kind: 'embeddings', current: true}) RETURN r.sequence AS sequence");
    const record = JSON.parse(row?.sequence ?? 'null') as { path: string; metrics: { refit: boolean; epochs: number; emaEpochs: number; hiddenDropout: number } } | null;
    expect(record?.metrics.refit).toBe(true);
    expect(record?.metrics.emaEpochs).toBe(2);
    expect(record?.metrics.hiddenDropout).toBe(0.2);
    const json = readSequenceModel(record?.path ?? '').json;
    expect(json.options.refit).toBe(true);
    // The saved (served) weights are the averaged ones, and the options say so: train-ranker's carve twin reads them.
    expect(json.options.emaEpochs).toBe(2);
    expect(json.options.hiddenDropout).toBe(0.2);
    // The chosen count is the carve's best epoch (validation MRR@20), at most the --epochs given.
    const best = json.epochs.reduce((b, e) => ((e.validMrr20 ?? -1) > (b.validMrr20 ?? -1) ? e : b));
    expect(json.chosenEpochs).toBe(best.epoch);
    expect(record?.metrics.epochs).toBe(json.chosenEpochs);
    expect(json.chosenEpochs).toBeLessThanOrEqual(2);
  });

  const stores: [string, string | undefined][] = [['neo4j', undefined]];
  if (process.env.GRAPHREC_TEST_REDIS_URL) stores.push(['redis', process.env.GRAPHREC_TEST_REDIS_URL]);

  describe.each(stores)('state in %s', (store, redisUrl) => {
    let apis: ApiProcess[] = [];
    const env = () => {
      const e: NodeJS.ProcessEnv = { ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, GRAPHREC_ANSWER_CACHE_POLL_MS: '200', LOG_LEVEL: 'silent' };
      if (redisUrl) e.GRAPHREC_REDIS_URL = redisUrl;
      else delete e.GRAPHREC_REDIS_URL;
      return e;
    };
    const start = async () => startApiProcess(env());
    beforeAll(async () => {
      // Redis outlives the test database: states an earlier run left for these users go first.
      if (!redisUrl) return;
      const redis = new Redis(redisUrl);
      await redis.del(...users.map((u) => REDIS_SESSION_PREFIX + u));
      await redis.quit();
    });
    afterAll(async () => {
      await Promise.all(apis.map((a) => a.close()));
    });

    const next = async (api: ApiProcess, userId: string): Promise<Answer> => {
      const a = await gql<{ nextInSession: Answer }>(`${api.url}/graphql`, KEYS.service, NEXT, { id: userId });
      expect(a.errors).toBeUndefined();
      return a.data?.nextInSession as Answer;
    };
    const track = (api: ApiProcess, userId: string, productId: string, type: string, timestamp: string, id = `seq-${randomUUID()}`) =>
      gql(`${api.url}/graphql`, KEYS.service, TRACK, { input: { id, userId, productId, type, timestamp } });
    const ids = (a: Answer) => a.items.map((i) => `${i.product.id}:${i.score.toFixed(5)}`);

    it('an event starts a session that changes the answer, a second changes it again, and both survive a restart', async () => {
      apis = [await start()];
      const user = store === 'neo4j' ? users[0] : users[1];
      const before = await next(apis[0], user);
      expect(before.strategy).toBe('session-popularity');
      expect(before.items).toHaveLength(5);
      const now = Date.now();
      expect(codes(await track(apis[0], user, products[3], 'product_view', new Date(now - 60_000).toISOString()))).toEqual([]);
      const first = await next(apis[0], user);
      expect(first.strategy).toBe('session');
      expect(first.items[0].explanation).toMatch(/next in this session after/);
      expect(ids(first)).not.toEqual(ids(before));
      const event = { productId: products[7], type: 'add_to_cart', timestamp: new Date(now - 30_000).toISOString(), id: `seq-${randomUUID()}` };
      expect(codes(await track(apis[0], user, event.productId, event.type, event.timestamp, event.id))).toEqual([]);
      const second = await next(apis[0], user);
      expect(second.strategy).toBe('session');
      expect(ids(second)).not.toEqual(ids(first));
      // A repeat of an event id is not a second event: the state does not move.
      const repeat = await track(apis[0], user, event.productId, event.type, event.timestamp, event.id);
      expect(repeat.data?.trackEvent).toEqual({ id: event.id, created: false });
      expect(ids(await next(apis[0], user))).toEqual(ids(second));
      await apis[0].close();
      apis = [await start()];
      expect(ids(await next(apis[0], user))).toEqual(ids(second));
    });

    it('answers an unknown user, and refuses bad events without touching the state', async () => {
      const stranger = await gql<{ nextInSession: Answer }>(`${apis[0].url}/graphql`, KEYS.service, NEXT, { id: `nobody-${randomUUID()}` });
      expect(stranger.errors).toBeUndefined();
      expect(stranger.data?.nextInSession.strategy).toBe('session-popularity');
      expect(stranger.data?.nextInSession.items.length).toBeGreaterThan(0);
      const user = store === 'neo4j' ? users[0] : users[1];
      const held = ids(await next(apis[0], user));
      expect(codes(await track(apis[0], user, products[1], 'product_view', '9999-01-01T00:00:00Z'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await track(apis[0], user, products[1], 'product_view', '1901-01-01T00:00:00Z'))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await track(apis[0], user, 'no-such-product', 'product_view', new Date().toISOString()))).toEqual(['BAD_USER_INPUT']);
      expect(ids(await next(apis[0], user))).toEqual(held);
      // k is checked at the edge, and counted in the query's cost like recommendations' k.
      const none = await gql(`${apis[0].url}/graphql`, KEYS.service, 'query($id: ID!) { nextInSession(userId: $id, k: 0) { strategy } }', { id: user });
      expect(codes(none)).toEqual(['BAD_USER_INPUT']);
      const tooMany = await gql(`${apis[0].url}/graphql`, KEYS.service, 'query($id: ID!) { nextInSession(userId: $id, k: 100000) { items { score } } }', { id: user });
      expect(codes(tooMany)).toEqual(['QUERY_TOO_COMPLEX']);
      const crm = await gql(`${apis[0].url}/graphql`, KEYS.crm, NEXT, { id: user });
      expect(codes(crm)).toEqual(['FORBIDDEN']);
    });

    it('keeps both of two events of one user tracked at once, and a second process sees an event taken by the first', async () => {
      apis.push(await start());
      const user = users[2];
      const at = new Date(Date.now() - 10_000).toISOString();
      // Settle the state first (a fresh user in this store), then two events at once, through both processes.
      expect(codes(await track(apis[0], user, products[0], 'product_view', at))).toEqual([]);
      const [a, b] = await Promise.all([track(apis[0], user, products[2], 'product_view', at), track(apis[1], user, products[5], 'product_view', at)]);
      expect([...codes(a), ...codes(b)]).toEqual([]);
      const items = await storedItems(store, user);
      expect(items.slice(-3)[0]).toBe(products[0]);
      expect([...items.slice(-2)].sort()).toEqual([products[2], products[5]].sort());
      // Both processes answer alike; an event through process 0 reaches process 1's answer
      // (through the shared store and the change feed, polled every 200 ms here).
      await next(apis[1], user);
      expect(codes(await track(apis[0], user, products[9], 'add_to_cart', new Date().toISOString()))).toEqual([]);
      const expected = ids(await next(apis[0], user));
      let seen: string[] = [];
      for (let i = 0; i < 50 && JSON.stringify(seen) !== JSON.stringify(expected); i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = ids(await next(apis[1], user));
      }
      expect(seen).toEqual(expected);
    });
  });

  async function storedItems(store: string, userId: string): Promise<string[]> {
    let text: string | null = null;
    if (store === 'redis') {
      const redis = new RedisSessionStore(process.env.GRAPHREC_TEST_REDIS_URL as string, db);
      text = (await redis.read(userId)).state;
      await redis.close();
    } else {
      const [row] = await db.read<{ state: string | null }>('MATCH (s:SessionState {userId: $userId}) RETURN s.state AS state', { userId });
      text = row?.state ?? null;
    }
    if (!text) return [];
    return decodeSessionState(text, 32, 32).items;
  }
});
