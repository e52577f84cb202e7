import { ingest, trackEvent } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { AnswerCache, answerKey, ChangeFeed, clearServedRanker, recommendCached, recommendForUser, UserAnswer, warmUpAnswers } from '@graphrec/serving';
import { currentRun } from '@graphrec/writeback';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql, KEYS, KEYS_ENV } from '../api/support';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';

// The answer cache through the real stack: a generated world in Neo4j, GraphSAGE (2 epochs) and
// the ranker trained by the CLI, then the cache, its change feed and warm-up against that database,
// and two real API processes sharing it. What is checked: a held answer is what a fresh read gives,
// costs no read, and every kind of write — by anyone — drops exactly the answers it changes.
describe('answer cache: warm-up, change feed, invalidation (real Neo4j, real API processes)', () => {
  let db: GraphDb;
  let dir: string;
  let users: string[];
  let cache: AnswerCache;
  let feed: ChangeFeed;
  const K = 5;
  const key = answerKey(K);
  let eventSeq = 0;

  /** A purchase of the user's current top item: an event that must change that user's answer. */
  async function buyTop(user: string, answer: UserAnswer): Promise<void> {
    const outcome = await trackEvent(db, {
      id: `ev-cache-${++eventSeq}`,
      user_id: user,
      type: 'purchase',
      product_id: answer.items[0].productId,
      timestamp: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(outcome.ok).toBe(true);
  }

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    clearServedRanker();
    dir = tempDir('answer-cache');
    expect((await runCli(['generate', '--users', '300', '--seed', '11', '--out', join(dir, 'world')])).code).toBe(0);
    await ingest(db, [join(dir, 'world')]);
    expect((await runCli(['train', '--epochs', '2', '--model-dir', join(dir, 'models')])).code).toBe(0);
    expect((await runCli(['train-ranker', '--model-dir', join(dir, 'models'), '--label-days', '60'])).code).toBe(0);
    users = (await db.read<{ id: string }>('MATCH (u:User)-[:OWNS]->(:Device) WITH DISTINCT u RETURN u.id AS id ORDER BY id LIMIT 8')).map((r) => r.id);
    expect(users.length).toBe(8);
    cache = new AnswerCache({ maxUsers: 10_000 });
    // Polled by hand here, so that each step sees exactly one poll. A short overlap, and the first
    // poll more than one overlap after the set-up's writes: otherwise the second poll would (rightly)
    // report every user the set-up wrote within the window as possibly changed.
    feed = new ChangeFeed(db, cache, { pollMs: 60_000, overlapMs: 1_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    await feed.poll();
  });
  afterAll(async () => {
    clearServedRanker();
    await db.close();
  });

  it('warms every user from the served ranker; a held answer is what a fresh read gives, and costs no read', async () => {
    const warmed = await warmUpAnswers(db, cache, { k: K, pageSize: 64 });
    const [{ n }] = await db.read<{ n: number }>('MATCH (u:User) WHERE u.stub IS NULL RETURN count(u) AS n');
    expect(warmed).toMatchObject({ ended: 'done', users: n });
    const reads = jest.spyOn(db, 'read');
    try {
      const held = await recommendCached(db, cache, users[0], K);
      expect(reads).not.toHaveBeenCalled();
      expect(held.strategy).toBe('ranker');
      reads.mockRestore();
      expect(held).toEqual(await recommendForUser(db, users[0], K));
    } finally {
      reads.mockRestore();
    }
  });

  it('an event written by another process changes the next answer after one poll, and only that user’s', async () => {
    const before = (await recommendCached(db, cache, users[1], K))!;
    const other = await recommendCached(db, cache, users[2], K);
    await buyTop(users[1], before);
    const fresh = await recommendForUser(db, users[1], K);
    expect(fresh).not.toEqual(before); // the write does change the answer, so a stale one would show
    expect(await recommendCached(db, cache, users[1], K)).toEqual(before); // not seen before the poll
    await feed.poll();
    expect(cache.get(users[1], key)).toBeUndefined();
    expect(await recommendCached(db, cache, users[1], K)).toEqual(fresh);
    expect(cache.get(users[2], key)).toEqual(other);
  });

  it('a read in flight when its user changes does not put back its stale answer', async () => {
    const user = users[3];
    const ticket = cache.begin(user);
    const stale = await recommendForUser(db, user, K);
    await buyTop(user, stale);
    await feed.poll();
    expect(cache.store(ticket, key, stale)).toBe(false);
    expect(await recommendCached(db, cache, user, K)).toEqual(await recommendForUser(db, user, K));
  });

  it('a changed user row invalidates its user; re-ingesting the same files drops nothing', async () => {
    for (const u of users.slice(4, 6)) await recommendCached(db, cache, u, K);
    await ingest(db, [join(dir, 'world')]);
    let invalidations = cache.stats().invalidations;
    await feed.poll();
    expect(cache.stats().invalidations).toBe(invalidations);
    expect(cache.get(users[4], key)).toBeDefined();

    const usersCsv = readFileSync(join(dir, 'world', 'users.csv'), 'utf8').split('\n');
    const header = usersCsv[0].split(',');
    const row = usersCsv.find((l) => l.startsWith(`${users[4]},`))!.split(',');
    const region = header.indexOf('region');
    row[region] = row[region] === 'south' ? 'west' : 'south';
    const changed = tempDir('answer-cache-user');
    writeFileSync(join(changed, 'users.csv'), `${usersCsv[0]}\n${row.join(',')}\n`);
    await ingest(db, [changed]);
    invalidations = cache.stats().invalidations;
    await feed.poll();
    expect(cache.stats().invalidations).toBe(invalidations + 1);
    expect(cache.get(users[4], key)).toBeUndefined();
    expect(cache.get(users[5], key)).toBeDefined();
  });

  it('a new ranker on the served run, or a changed product, flushes everything', async () => {
    await recommendCached(db, cache, users[6], K);
    const flushes = cache.stats().flushes;
    const run = await currentRun(db, 'embeddings');
    await db.write((tx) => tx.run("MATCH (r:Run {id: $id}) SET r.ranker = r.ranker + ' '", { id: run?.id }));
    await feed.poll();
    expect(cache.stats()).toMatchObject({ users: 0, flushes: flushes + 1 });

    await recommendCached(db, cache, users[6], K);
    const products = readFileSync(join(dir, 'world', 'products.csv'), 'utf8').split('\n');
    const header = products[0].split(',');
    const first = products[1].split(',');
    first[header.indexOf('price')] = String(Number(first[header.indexOf('price')]) + 1);
    const changed = tempDir('answer-cache-product');
    writeFileSync(join(changed, 'products.csv'), `${products[0]}\n${first.join(',')}\n`);
    await ingest(db, [changed]);
    await feed.poll();
    expect(cache.stats()).toMatchObject({ users: 0, flushes: flushes + 2 });
  });

  it('two API processes: trackEvent on one changes the other’s next answer within a few polls', async () => {
    const env = { ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent', GRAPHREC_ANSWER_CACHE_POLL_MS: '200' };
    const apis: ApiProcess[] = [];
    try {
      apis.push(await startApiProcess(env), await startApiProcess(env));
      const query = `query($id: ID!) { recommendations(userId: $id, k: ${K}) { strategy items { product { id } owned score } } }`;
      const ask = async (api: ApiProcess) => (await gql(`${api.url}/graphql`, KEYS.service, query, { id: users[7] })).data?.recommendations;
      const before = await ask(apis[1]);
      expect(before.strategy).toBe('ranker');
      expect(await ask(apis[0])).toEqual(before);
      const track = await gql(`${apis[0].url}/graphql`, KEYS.service, 'mutation($input: TrackEventInput!) { trackEvent(input: $input) { created } }', {
        input: { id: 'ev-cache-api', userId: users[7], type: 'purchase', productId: before.items[0].product.id, timestamp: new Date(Date.now() - 60_000).toISOString() },
      });
      expect(track.data?.trackEvent.created).toBe(true);
      // The process that took the event answers anew at once…
      const after = await ask(apis[0]);
      expect(after).not.toEqual(before);
      // …and the other one once its change feed has polled (200 ms here); bounded wait, not a speed assertion.
      let seen = await ask(apis[1]);
      for (const until = Date.now() + 10_000; Date.now() < until && JSON.stringify(seen) !== JSON.stringify(after); ) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await ask(apis[1]);
      }
      expect(seen).toEqual(after);
    } finally {
      await Promise.all(apis.map((a) => a.close()));
    }
  });
});
