/**
 * Served decisions through the real API and Neo4j (issue 11): nextBestProduct → impression →
 * click → purchase moves the slot's counters in Neo4j once each, a restarted API decides from the
 * same counters, bad decision ids are refused and write nothing, and the export writes lines
 * `graphrec ope` reads.
 */
import { parseLogs } from '@graphrec/decide';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { exportDecisions } from '@graphrec/serving';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { count, resetDb, tempDir, testDb } from '../support/db';
import { codes, gql, inParallel, KEYS, KEYS_ENV, metricValue } from './support';

const NEXT = `query($userId: ID!, $slot: String!) { nextBestProduct(userId: $userId, slot: $slot) { decisionId slot propensity policy policyVersion product { id name category } } }`;
/** A plain document (built-in scalars, no resolver below the root): answered with JSON written by hand (graphql/served-fields.ts), as bench:api asks. */
const PLAIN = `query Next($userId: ID!, $slot: String!) { nextBestProduct(userId: $userId, slot: $slot) { decisionId propensity policy policyVersion product { id name } } }`;
const TRACK = `mutation($input: TrackEventInput!) { trackEvent(input: $input) { id created counted } }`;
const SLOTS = JSON.stringify([
  { id: 'home', categories: ['indoor_camera', 'outdoor_camera'] },
  { id: 'addons', policy: 'uniform', products: ['p-chime'] },
]);

describe('nextBestProduct and decision outcomes (real API process, real Neo4j)', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let url: string;
  const env = { ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent', GRAPHREC_SLOTS: SLOTS, GRAPHREC_SLOT_REFRESH_MS: '100', GRAPHREC_ATTRIBUTION_DAYS: '7' };
  const start = async () => {
    api = await startApiProcess(env);
    url = `${api.url}/graphql`;
  };
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('decisions');
    writeFileSync(join(dir, 'products.csv'), 'id,name,category,price\np-in,Indoor Cam,indoor_camera,59\np-out,Outdoor Cam,outdoor_camera,99\np-out2,Outdoor Cam Pro,outdoor_camera,149\np-chime,Chime,chime,29\n');
    writeFileSync(join(dir, 'users.csv'), 'id,home_type,region,signup_date\nu-1,house,west,2025-01-01\nu-2,apartment,east,2025-02-01\n');
    writeFileSync(join(dir, 'devices.csv'), 'id,product_id,status,installed_at\nd-1,p-in,active,2025-03-01\n');
    writeFileSync(join(dir, 'ownerships.csv'), 'user_id,device_id,since\nu-1,d-1,2025-03-01\n');
    await ingest(db, [dir]);
    await start();
  });
  afterAll(async () => {
    await api?.close();
    await db.close();
  });

  /** Decisions answered so far: each one must end up stored. */
  let served = 0;
  const next = async (userId: string, slot = 'home') => {
    const answer = await gql(url, KEYS.service, NEXT, { userId, slot });
    expect(answer.errors).toBeUndefined();
    if (answer.data?.nextBestProduct) served++;
    return answer.data?.nextBestProduct;
  };
  /** Waits until every answered decision is committed (buffered writes commit moments after the answer). */
  const allStored = async () => {
    for (let i = 0; i < 500 && (await count(db, 'MATCH (d:Decision) RETURN count(d) AS n')) < served; i++) await new Promise((r) => setTimeout(r, 20));
    return count(db, 'MATCH (d:Decision) RETURN count(d) AS n');
  };
  const track = (input: Record<string, unknown>) => gql(url, KEYS.service, TRACK, { input: { timestamp: new Date().toISOString(), ...input } });
  /** A decision as stored; buffered writes (the default) answer at once and commit in the next batch, moments later. */
  const storedDecision = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const [row] = await db.read<{ propensity: number; actions: string[]; userId: string }>('MATCH (d:Decision {id: $id}) RETURN d.propensity AS propensity, d.actions AS actions, d.userId AS userId', { id });
      if (row) return row;
      await new Promise((r) => setTimeout(r, 20));
    }
    return undefined;
  };
  const arm = async (productId: string) => {
    const [row] = await db.read<{ shows: number; clicks: number; purchases: number; value: number }>(
      'MATCH (:Slot {id: $slot})-[a:ARM]->(:Product {id: $productId}) RETURN a.shows AS shows, a.clicks AS clicks, a.purchases AS purchases, a.value AS value',
      { slot: 'home', productId },
    );
    return row;
  };

  it('decides among the slot products the user does not own, stores the decision with its propensity', async () => {
    const d = await next('u-1');
    expect(['p-out', 'p-out2']).toContain(d.product.id); // u-1 owns p-in
    expect(d.propensity).toBeGreaterThan(0);
    expect(d.propensity).toBeLessThanOrEqual(1);
    expect(d.policy).toBe('thompson');
    expect(d.policyVersion).toMatch(/^thompson@\d+$/);
    const stored = await storedDecision(d.decisionId);
    expect(stored).toEqual({ propensity: d.propensity, actions: ['p-out', 'p-out2'], userId: 'u-1' });
    // An unknown user gets the slot's own choice among all its products.
    const unknown = await next('u-nobody');
    expect(['p-in', 'p-out', 'p-out2']).toContain(unknown.product.id);
  });

  it('a plain document gets its JSON written by hand: a real decision, stored, and usable by an outcome at once (its write lingering or not)', async () => {
    const written = await metricValue(api.url, 'graphrec_answer_bodies_written');
    const answer = await gql(url, KEYS.service, PLAIN, { userId: 'u-2', slot: 'home' });
    expect(answer.errors).toBeUndefined();
    const d = answer.data?.nextBestProduct;
    served++;
    expect(await metricValue(api.url, 'graphrec_answer_bodies_written')).toBe(written + 1);
    expect(Object.keys(d)).toEqual(['decisionId', 'propensity', 'policy', 'policyVersion', 'product']);
    expect({ 'p-in': 'Indoor Cam', 'p-out': 'Outdoor Cam', 'p-out2': 'Outdoor Cam Pro' }[d.product.id as string]).toBe(d.product.name);
    // The impression comes at once, while the decision's batch may still be gathering: it is written now and counted.
    const seen = await track({ id: 'imp-plain', userId: 'u-2', productId: d.product.id, decisionId: d.decisionId, type: 'impression' });
    expect(seen.data?.trackEvent.counted).toBe(true);
    expect(await storedDecision(d.decisionId)).toEqual({ propensity: d.propensity, actions: ['p-in', 'p-out', 'p-out2'], userId: 'u-2' });
    // Refusals through a plain document are the ordinary path's typed errors.
    expect(codes(await gql(url, KEYS.service, PLAIN, { userId: 'u-2', slot: 'nowhere' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(url, KEYS.service, PLAIN, { userId: 'has space', slot: 'home' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(url, KEYS.analyst, PLAIN, { userId: 'u-2', slot: 'home' }))).toEqual(['FORBIDDEN']);
  });

  it('impression, click and an attributed purchase move the counters in Neo4j once each', async () => {
    const d = await next('u-2');
    const before = await arm(d.product.id);
    const base = { userId: 'u-2', productId: d.product.id, decisionId: d.decisionId };
    expect((await track({ ...base, id: 'imp-1', type: 'impression' })).data?.trackEvent).toEqual({ id: 'imp-1', created: true, counted: true });
    // The same impression delivered again, many times at once: counted once.
    const again = await inParallel(Array.from({ length: 8 }, (_, i) => i), 8, (i) => track({ ...base, id: `imp-1-${i}`, type: 'impression' }));
    expect(again.map((a) => a.data?.trackEvent.counted)).toEqual(Array(8).fill(false));
    expect((await track({ ...base, id: 'clk-1', type: 'click' })).data?.trackEvent.counted).toBe(true);
    const bought = await track({ ...base, id: 'buy-1', type: 'purchase', value: 99 });
    expect(bought.errors).toBeUndefined();
    expect(bought.data?.trackEvent).toEqual({ id: 'buy-1', created: true, counted: true });
    expect(await arm(d.product.id)).toEqual({ shows: before.shows + 1, clicks: before.clicks + 1, purchases: before.purchases + 1, value: before.value + 99 });
    // The purchase is a graph event like any other.
    expect(await count(db, "MATCH (:User {id: 'u-2'})-[:PERFORMED]->(e:Event {id: 'buy-1', type: 'purchase'}) RETURN count(e) AS n")).toBe(1);
  });

  it('counts concurrent clicks on different decisions exactly', async () => {
    const decisions = await inParallel(Array.from({ length: 12 }, (_, i) => i), 6, () => next('u-2'));
    const before = new Map<string, number>();
    for (const p of ['p-in', 'p-out', 'p-out2']) before.set(p, (await arm(p)).clicks);
    await inParallel(decisions, 12, (d) => track({ id: `clk-${d.decisionId}`, userId: 'u-2', productId: d.product.id, decisionId: d.decisionId, type: 'click' }));
    let added = 0;
    for (const p of ['p-in', 'p-out', 'p-out2']) added += (await arm(p)).clicks - (before.get(p) ?? 0);
    expect(added).toBe(12);
  });

  it('a purchase after the attribution window is recorded as an event but not counted; one in the future is refused', async () => {
    const d = await next('u-2');
    const before = await arm(d.product.id);
    // The decision made 8 days ago (the window is 7): moved back in the store, as time would.
    expect(await storedDecision(d.decisionId)).toBeDefined();
    await db.run('MATCH (d:Decision {id: $id}) SET d.createdAt = d.createdAt - 8 * 86400000', { id: d.decisionId });
    const base = { type: 'purchase', userId: 'u-2', productId: d.product.id, decisionId: d.decisionId, value: 10 };
    const late = await track({ ...base, id: 'buy-late' });
    expect(late.data?.trackEvent).toEqual({ id: 'buy-late', created: true, counted: false });
    expect(await count(db, "MATCH (e:Event {id: 'buy-late'}) RETURN count(e) AS n")).toBe(1);
    const future = await track({ ...base, id: 'buy-future', timestamp: new Date(Date.now() + 86_400_000).toISOString() });
    expect(codes(future)).toEqual(['BAD_USER_INPUT']);
    expect(await count(db, "MATCH (e:Event {id: 'buy-future'}) RETURN count(e) AS n")).toBe(0);
    expect(await arm(d.product.id)).toEqual(before);
  });

  it('refuses unknown and foreign decision ids, and decision ids on other event types, writing nothing', async () => {
    const d = await next('u-2');
    const events = await count(db, 'MATCH (e:Event) RETURN count(e) AS n');
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ userId: 'u-2', productId: d.product.id, decisionId: 'dec-nope', type: 'click' }, /unknown decision/],
      [{ userId: 'u-1', productId: d.product.id, decisionId: d.decisionId, type: 'click' }, /not made for this user/],
      [{ userId: 'u-2', productId: 'p-chime', decisionId: d.decisionId, type: 'purchase', value: 29 }, /not made for this user and product/],
      [{ userId: 'u-2', productId: d.product.id, decisionId: d.decisionId, type: 'rating', value: 4 }, /impression, click or purchase/],
      [{ userId: 'u-2', productId: d.product.id, decisionId: 'bad id', type: 'click' }, /decisionId/],
      [{ userId: 'u-2', productId: d.product.id, decisionId: d.decisionId, type: 'impression', timestamp: '2020-01-01' }, /before decision/],
    ];
    for (const [input, why] of cases) {
      const answer = await track({ id: 'ev-refused', ...input });
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0].message).toMatch(why);
    }
    expect(await count(db, 'MATCH (e:Event) RETURN count(e) AS n')).toBe(events);
    expect(await count(db, 'MATCH (d:Decision {id: $id}) WHERE d.impressedAt IS NOT NULL OR d.clickedAt IS NOT NULL RETURN count(d) AS n', { id: d.decisionId })).toBe(0);
  });

  it('refuses an unknown slot and bad arguments with typed errors, and keys without the service role', async () => {
    expect(codes(await gql(url, KEYS.service, NEXT, { userId: 'u-1', slot: 'nowhere' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(url, KEYS.service, NEXT, { userId: 'has space', slot: 'home' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(url, KEYS.analyst, NEXT, { userId: 'u-1', slot: 'home' }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(url, KEYS.crm, NEXT, { userId: 'u-1', slot: 'home' }))).toEqual(['FORBIDDEN']);
  });

  it('the posterior follows the clicks: after many clicks on one product, Thompson favours it — and a restarted API keeps it', async () => {
    // Teach the slot that p-out2 is clicked and the others are not, through the API, until p-out2
    // has been shown and clicked 12 times: Thompson picks what it is shown, so a fixed number of
    // rounds could leave p-out2 nearly unshown when the earlier tests' clicks favoured another
    // product (seen in CI: 1 show of 60, and then a fair 0.53 for p-out2 afterwards).
    let taughtClicks = 0;
    for (let round = 0; round < 25 && taughtClicks < 12; round++) {
      const shown = await inParallel(Array.from({ length: 12 }, (_, i) => i), 6, () => next('u-2'));
      const answers = await inParallel(shown, 6, (d) =>
        track({ id: `t-${d.decisionId}`, userId: 'u-2', productId: d.product.id, decisionId: d.decisionId, type: d.product.id === 'p-out2' ? 'click' : 'impression' }),
      );
      expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
      taughtClicks += shown.filter((d) => d.product.id === 'p-out2').length;
    }
    expect(taughtClicks).toBeGreaterThanOrEqual(12);
    const counters = await db.read<{ id: string; shows: number; clicks: number }>("MATCH (:Slot {id: 'home'})-[a:ARM]->(p) RETURN p.id AS id, a.shows AS shows, a.clicks AS clicks ORDER BY id");
    // Until this process's refresh (GRAPHREC_SLOT_REFRESH_MS) has read the taught counters: its
    // policy version counts them (a fixed wait failed on a loaded machine).
    const taught = counters.reduce((sum, c) => sum + c.shows + c.clicks, 0);
    let version = 0;
    for (let i = 0; i < 300 && (version = Number((await next('u-2')).policyVersion.split('@')[1])) < taught; i++) await new Promise((r) => setTimeout(r, 100));
    expect(version).toBeGreaterThanOrEqual(taught);
    const propensityOf = async () => {
      const picks = await inParallel(Array.from({ length: 40 }, (_, i) => i), 4, () => next('u-2'));
      return picks.filter((d) => d.product.id === 'p-out2').length / picks.length;
    };
    const picks = await inParallel(Array.from({ length: 40 }, (_, i) => i), 8, () => next('u-2'));
    expect(picks.filter((d) => d.product.id === 'p-out2').length / picks.length).toBeGreaterThan(0.8);
    // A clean stop writes every decision still queued: all 40 just answered are stored.
    await api.close();
    expect(await count(db, 'MATCH (d:Decision) WHERE d.id IN $ids RETURN count(d) AS n', { ids: picks.map((d) => d.decisionId) })).toBe(40);
    await start();
    expect(await db.read("MATCH (:Slot {id: 'home'})-[a:ARM]->(p) RETURN p.id AS id, a.shows AS shows, a.clicks AS clicks ORDER BY id")).toEqual(
      counters.map((c) => ({ ...c, shows: expect.any(Number), clicks: expect.any(Number) })),
    );
    const after = await next('u-2');
    expect(Number(after.policyVersion.split('@')[1])).toBeGreaterThanOrEqual(counters.reduce((s, c) => s + c.shows + c.clicks, 0));
    expect(await propensityOf()).toBeGreaterThan(0.8);
  });

  it('exports the decisions as decision-log lines that the OPE reader accepts', async () => {
    expect(await allStored()).toBe(served);
    const lines: string[] = [];
    const n = await exportDecisions(db, (line) => void lines.push(line));
    expect(n).toBe(served);
    const logs = parseLogs(lines.join(''));
    expect(logs.map((l) => l.round)).toEqual(logs.map((_, i) => i));
    expect(logs.some((l) => l.reward === 1 && l.value === 99)).toBe(true);
    expect(logs.every((l) => l.actions.includes(l.action) && l.propensity > 0)).toBe(true);
    expect(logs.find((l) => l.user_id === 'u-1')?.context).toMatchObject({ region: 'west', home_type: 'house', owned: 'p-in', n_owned: 1, slot: 'home' });
 
    // One slot's decisions only, filtered by the query (rounds renumbered from 0), with another slot's stored too.
    for (const user of ['u-1', 'u-2']) await next(user, 'addons');
    const homeStored = await count(db, "MATCH (d:Decision {slot: 'home'}) RETURN count(d) AS n");
    expect(homeStored).toBeLessThan(await allStored());
    const home: string[] = [];
    expect(await exportDecisions(db, (line) => void home.push(line), 'home')).toBe(homeStored);
    expect(parseLogs(home.join('')).every((l, i) => l.context.slot === 'home' && l.round === i)).toBe(true);
    expect(await exportDecisions(db, () => undefined, 'no-such-slot')).toBe(0);
  });

  it('`graphrec export decisions` writes the file `graphrec ope` evaluates', async () => {
    const dir = tempDir('decisions-export');
    const file = join(dir, 'decisions.jsonl');
    const exported = await runCli(['export', 'decisions', '--out', file]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const n = await count(db, 'MATCH (d:Decision) RETURN count(d) AS n');
    expect(exported.stdout).toContain(`wrote ${n} decisions`);
    expect(parseLogs(readFileSync(file, 'utf8'))).toHaveLength(n);
    const ope = await runCli(['ope', '--logs', file, '--policy', 'uniform', '--estimators', 'ips,snips,dr', '--bootstrap', '50', '--json', join(dir, 'ope.json')]);
    expect(ope.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'ope.json'), 'utf8')) as { rounds: number; estimators: Record<string, { value: number }> };
    expect(report.rounds).toBe(n);
    expect(report.estimators.snips.value).toBeGreaterThanOrEqual(0);
    expect(report.estimators.snips.value).toBeLessThanOrEqual(1);
  });

  it('a purchase loaded by another writer (file ingest) reaches the held decision context through the change feed, without a restart', async () => {
    // u-1's context is held (warmed at start, used above): it owns p-in only.
    expect(['p-out', 'p-out2']).toContain((await next('u-1')).product.id);
    const dir = tempDir('decisions-elsewhere');
    writeFileSync(join(dir, 'devices.csv'), 'id,product_id,status,installed_at\nd-1b,p-out,active,2025-04-01\nd-1c,p-out2,active,2025-04-01\n');
    writeFileSync(join(dir, 'ownerships.csv'), 'user_id,device_id,since\nu-1,d-1b,2025-04-01\nu-1,d-1c,2025-04-01\n');
    await ingest(db, [dir]);
    // Now u-1 owns every 'home' product: once the feed's next poll (1 s by default) drops the held
    // context, there is nothing left to offer. (It used to take the context's 60 s time to live.)
    let answer: unknown = 'not yet';
    for (let i = 0; i < 100 && answer !== null; i++) {
      answer = (await gql(url, KEYS.service, NEXT, { userId: 'u-1', slot: 'home' })).data?.nextBestProduct;
      if (answer) served++;
      if (answer !== null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toBeNull();
    // Through a plain document too: the field's null, written by hand.
    const plainNull = await gql(url, KEYS.service, PLAIN, { userId: 'u-1', slot: 'home' });
    expect(plainNull.errors).toBeUndefined();
    expect(plainNull.data).toEqual({ nextBestProduct: null });
  });
  it('a plain document whose JSON cannot be written (a product without a name) is answered the ordinary way with the same decision: one decision logged, not two', async () => {
    // p-chime is 'addons'' only product (uniform): with its name gone, the slot's next refresh
    // (100 ms here) holds an arm whose name is null, which the hand-written JSON refuses (Product.name is non-null).
    await db.write((tx) => tx.run("MATCH (p:Product {id: 'p-chime'}) SET p.savedName = p.name REMOVE p.name"));
    try {
      const decisions = () => count(db, "MATCH (d:Decision {slot: 'addons', userId: 'u-2'}) RETURN count(d) AS n");
      const before = await decisions();
      const fallbacks = await metricValue(api.url, 'graphrec_answer_bodies_fallbacks');
      let requests = 1;
      let answer = await gql(url, KEYS.service, PLAIN, { userId: 'u-2', slot: 'addons' });
      for (; requests < 50 && !answer.errors; requests++) {
        // Still the held arm with its name: a decision answered and stored like any.
        await new Promise((r) => setTimeout(r, 50));
        answer = await gql(url, KEYS.service, PLAIN, { userId: 'u-2', slot: 'addons' });
      }
      served += requests;
      // graphql-js reports the null name as it always did; the decision behind it is the one made on the served-fields path.
      expect(answer.errors?.length).toBe(1);
      expect(answer.data).toEqual({ nextBestProduct: null });
      expect(await metricValue(api.url, 'graphrec_answer_bodies_fallbacks')).toBe(fallbacks + 1);
      expect(await allStored()).toBe(served);
      // Every request made exactly one decision, the refused one included: a second draw on the ordinary path would be one more.
      await new Promise((r) => setTimeout(r, 300));
      expect((await decisions()) - before).toBe(requests);
    } finally {
      await db.write((tx) => tx.run("MATCH (p:Product {id: 'p-chime'}) SET p.name = p.savedName REMOVE p.savedName"));
    }
  });
});
