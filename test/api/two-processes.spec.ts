/**
 * Two API processes behind a real nginx (round robin, keep-alive), one Neo4j, one Redis: the
 * stateless-API claim checked end to end. Whichever process serves a request, the answer is the
 * same — before and after a trackEvent taken by one of them — and a key's rate limit holds across
 * both when GRAPHREC_REDIS_URL is set (per process it would allow twice as much).
 */
import { GraphDb } from '@graphrec/neo4j';
import { randomUUID } from 'node:crypto';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { testDb } from '../support/db';
import { trainedWorld } from '../support/world';
import { RunningNginx, startNginx, UPSTREAM_HEADER } from '../support/nginx';
import { codes, gql, inParallel } from './support';
import { testRedisUrl } from '../support/flow-processes';

jest.setTimeout(240_000);

const RECOMMEND = 'query($id: ID!) { recommendations(userId: $id, k: 5) { strategy items { product { id } score } } }';
const ANALYST_LIMIT = 40;

describe('two API processes behind nginx (real nginx, Neo4j, Redis)', () => {
  let db: GraphDb;
  let apis: ApiProcess[] = [];
  let nginx: RunningNginx | undefined;
  let users: string[];
  // Fresh keys per run: a bucket left in Redis by an earlier run (it lives 65 s) cannot interfere.
  const keys = { service: `service-${randomUUID()}`, analyst: `analyst-${randomUUID()}` };

  beforeAll(async () => {
    const redisUrl = testRedisUrl();
    db = testDb();
    await trainedWorld(db, { name: 'two-processes', users: 200, seed: 21 });
    const all = (await db.read<{ id: string }>('MATCH (u:User) WHERE u.stub IS NULL RETURN u.id AS id ORDER BY id')).map((r) => r.id);
    // Spread over the whole population, not the first few.
    users = Array.from({ length: 12 }, (_, i) => all[Math.floor((i * all.length) / 12)]);
    const env = {
      ...process.env,
      GRAPHREC_API_KEYS: `service:${keys.service},analyst:${keys.analyst}`,
      GRAPHREC_API_RATE_LIMIT_ANALYST: String(ANALYST_LIMIT),
      GRAPHREC_REDIS_URL: redisUrl,
      GRAPHREC_ANSWER_CACHE_POLL_MS: '200',
      LOG_LEVEL: 'silent',
    };
    apis = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    nginx = await startNginx(apis.map((a) => a.url));
  });
  afterAll(async () => {
    await nginx?.close();
    await Promise.all(apis.map((a) => a.close()));
    await db?.close();
  });

  const upstreamOf = (headers: Headers) => headers.get(UPSTREAM_HEADER) ?? '';
  const direct = async (api: ApiProcess, user: string) => (await gql(`${api.url}/graphql`, keys.service, RECOMMEND, { id: user })).data?.recommendations;

  it('gives the same answer whichever process serves it', async () => {
    const served = new Set<string>();
    for (const user of users) {
      const [a, b] = [await direct(apis[0], user), await direct(apis[1], user)];
      expect(a).toBeDefined();
      expect(b).toEqual(a);
      // Two requests in a row through the proxy: round robin sends them to different processes.
      for (let i = 0; i < 2; i++) {
        const proxied = await gql(`${nginx!.url}/graphql`, keys.service, RECOMMEND, { id: user });
        expect(proxied.errors).toBeUndefined();
        expect(proxied.data?.recommendations).toEqual(a);
        served.add(upstreamOf(proxied.headers));
      }
    }
    expect([...served].sort()).toEqual(apis.map((a) => new URL(a.url).host).sort());
  });

  it('after a trackEvent through the proxy, both processes give the same new answer', async () => {
    const user = users[3];
    const before = await direct(apis[0], user);
    const tracked = await gql(`${nginx!.url}/graphql`, keys.service, 'mutation($input: TrackEventInput!) { trackEvent(input: $input) { created } }', {
      input: { id: `ev-two-${randomUUID()}`, userId: user, type: 'purchase', productId: before.items[0].product.id, timestamp: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(tracked.data?.trackEvent).toEqual({ created: true });
    // The other process sees it after its change feed polls (200 ms here): a bounded wait.
    let [a, b] = [await direct(apis[0], user), await direct(apis[1], user)];
    for (const until = Date.now() + 15_000; Date.now() < until && (JSON.stringify(a) !== JSON.stringify(b) || JSON.stringify(a) === JSON.stringify(before)); ) {
      await new Promise((r) => setTimeout(r, 100));
      [a, b] = [await direct(apis[0], user), await direct(apis[1], user)];
    }
    expect(a).not.toEqual(before);
    expect(b).toEqual(a);
  });

  it('holds a key’s limit across both processes (shared through Redis)', async () => {
    const started = Date.now();
    const answers = await inParallel(Array.from({ length: 60 }, (_, i) => i), 8, async () => {
      const a = await gql(`${nginx!.url}/graphql`, keys.analyst, '{ __typename }');
      return { code: codes(a)[0] ?? 'OK', upstream: upstreamOf(a.headers), retryAfter: a.headers.get('retry-after') };
    });
    const elapsed = Date.now() - started;
    const admitted = answers.filter((a) => a.code === 'OK');
    const refused = answers.filter((a) => a.code === 'RATE_LIMITED');
    expect(admitted.length + refused.length).toBe(60);
    // One bucket of 40 for the key, plus what refilled meanwhile (one token per 1.5 s); per process
    // there would be two buckets (80 tokens) and none of the 60 would be refused.
    expect(admitted.length).toBeGreaterThanOrEqual(ANALYST_LIMIT);
    expect(admitted.length).toBeLessThanOrEqual(ANALYST_LIMIT + Math.floor(elapsed / 1_500));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => Number(r.retryAfter) >= 1)).toBe(true);
    // Both processes admitted and refused: the limit is not one process's.
    expect(new Set(admitted.map((a) => a.upstream)).size).toBe(2);
    expect(new Set(refused.map((a) => a.upstream)).size).toBe(2);
    for (const api of apis) {
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(metrics).toMatch(/^graphrec_rate_limit_shared 1$/m);
      expect(metrics).toMatch(/^graphrec_rate_limit_fallbacks 0$/m);
    }
  });
});
