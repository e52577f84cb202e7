/**
 * Issue 9 §1, replayed against the real server (its own process, default settings) and a real
 * Neo4j: each attack is refused before it does database work (the API's own statement counter
 * says so, not a clock), and other clients are served meanwhile and after.
 */
import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { count, resetDb, tempDir, testDb } from '../support/db';
import { codes, gql, inParallel, KEYS, KEYS_ENV, metricValue, neo4jStatements } from './support';

jest.setTimeout(180_000);
const ENV = { ...process.env, GRAPHREC_API_KEYS: KEYS_ENV };

const aliases = (n: number, field: (i: number) => string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field(i)}`).join(' ')} }`;

describe('API hardening (issue 9): one client cannot take the API from the others', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let url: string;
  let products: string[];
  let userId: string;

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('hardening');
    await generateWorld({ users: 80, seed: 9, outDir: dir });
    await ingest(db, [dir]);
    const seg = await runCli(['segment', '--json']);
    if (seg.code !== 0) throw new Error(`graphrec segment failed: ${seg.stderr}`);
    products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id')).map((r) => r.id);
    [{ id: userId }] = await db.read<{ id: string }>('MATCH (u:User)-[:PERFORMED]->() WHERE u.stub IS NULL RETURN u.id AS id ORDER BY id LIMIT 1');
    // Default settings throughout (rate limits included): only the keys are fixed.
    api = await startApiProcess({ ...ENV, LOG_LEVEL: 'info' });
    url = `${api.url}/graphql`;
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  const healthy = async () => (await fetch(`${api.url}/health`)).status;
  const normalQuery = () => gql(url, KEYS.analyst, `{ product(id: "${products[0]}") { id name } }`);

  it('refuses 2,400 aliases of relatedItems(k: 1) before any Cypher, while /health and other keys are served', async () => {
    const attack = aliases(2400, () => `relatedItems(productId: "${products[0]}", k: 1) { runId }`);
    const before = await neo4jStatements(api.url);
    const [refused, health, other] = await Promise.all([gql(url, KEYS.service, attack), healthy(), normalQuery()]);
    expect(codes(refused)[0]).toMatch(/^QUERY_TOO_(LARGE|COMPLEX)$/);
    expect(refused.data).toBeNull();
    expect(health).toBe(200);
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({ product: { id: products[0], name: expect.any(String) } });
    // The normal query above is the only database work in the meantime (one product read).
    expect((await neo4jStatements(api.url)) - before).toBeLessThanOrEqual(1);

    // Under the token limit, over the root-field cap: refused by the cap, still before any Cypher.
    const before2 = await neo4jStatements(api.url);
    const overCap = await gql(url, KEYS.service, aliases(51, () => `relatedItems(productId: "${products[0]}", k: 1) { runId }`));
    expect(codes(overCap)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(overCap.errors?.[0].extensions).toMatchObject({ rootFields: 51, maxRootFields: 50 });
    expect(await neo4jStatements(api.url)).toBe(before2);
    expect(await healthy()).toBe(200);
  });

  it('runs an allowed document of 50 root fields with at most 4 statements in flight', async () => {
    const count4 = 'graphrec_request_db_concurrency_bucket{le="4"}';
    const before = { within: await metricValue(api.url, count4), all: await metricValue(api.url, 'graphrec_request_db_concurrency_count') };
    const a = await gql(url, KEYS.analyst, aliases(50, (i) => `product(id: "${products[i % products.length]}-${i}") { id }`));
    expect(a.errors).toBeUndefined();
    const wide = await gql(url, KEYS.analyst, aliases(50, (i) => `search(text: "${products[i % products.length]}", first: 1) { id }`));
    expect(wide.errors).toBeUndefined();
    const after = { within: await metricValue(api.url, count4), all: await metricValue(api.url, 'graphrec_request_db_concurrency_count') };
    expect(after.all - before.all).toBeGreaterThanOrEqual(2);
    // Every request since (these two included) peaked at 4 statements in flight or fewer.
    expect(after.within - before.within).toBe(after.all - before.all);
  });

  it('refuses 20,000 aliases of __schema (and a second __schema) before running them; one introspection is served', async () => {
    const attack = aliases(20_000, () => '__schema { types { name fields { name } } }');
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.crm }, body: JSON.stringify({ query: attack }) });
    const text = await res.text();
    expect(text.length).toBeLessThan(10_000);
    expect(JSON.parse(text).errors[0].extensions.code).toMatch(/^QUERY_TOO_(LARGE|COMPLEX)$/);
    expect(await healthy()).toBe(200);
    const two = await gql(url, KEYS.crm, '{ a: __schema { queryType { name } } b: __schema { queryType { name } } }');
    expect(codes(two)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(two.errors?.[0].extensions).toMatchObject({ introspection: 2, maxIntrospection: 1 });
    // types → fields → type → fields …: the answer grows with each level. graphql-js's own
    // MaxIntrospectionDepthRule refuses this nesting first; depth and cost would too.
    const nest = (n: number): string => (n === 0 ? 'name' : `fields { type { ${nest(n - 1)} } }`);
    const deep = await gql(url, KEYS.crm, `{ __schema { types { ${nest(5)} } } }`);
    expect(codes(deep)[0]).toMatch(/^(QUERY_TOO_DEEP|QUERY_TOO_COMPLEX|GRAPHQL_VALIDATION_FAILED)$/);
    expect(deep.data).toBeNull();
    const one = await gql(url, KEYS.crm, '{ __schema { queryType { name } types { name } } }');
    expect(one.errors).toBeUndefined();
    expect(one.data!.__schema.queryType.name).toBe('Query');
    expect((await normalQuery()).errors).toBeUndefined();
  });

  it('refuses 1,600 aliased trackEvent mutations before writing anything', async () => {
    const event = (i: number) => `trackEvent(input: {id: "hard-ev-${i}", userId: "${userId}", type: "product_view", timestamp: "2026-01-02T03:04:05Z", productId: "${products[0]}"}) { created }`;
    const before = await neo4jStatements(api.url);
    const a = await gql(url, KEYS.service, `mutation ${aliases(1600, event)}`);
    expect(codes(a)[0]).toMatch(/^QUERY_TOO_(LARGE|COMPLEX)$/);
    expect(await neo4jStatements(api.url)).toBe(before);
    expect(await count(db, "MATCH (e:Event) WHERE e.id STARTS WITH 'hard-ev-' RETURN count(e) AS n")).toBe(0);
    expect(await healthy()).toBe(200);
    expect((await normalQuery()).errors).toBeUndefined();
  });

  it('serves a web shop backend (one service key) well past the old 1,200 per minute by default', async () => {
    const answers = await inParallel(Array.from({ length: 1_300 }, (_, i) => i), 8, () => gql(url, KEYS.service, '{ __typename }'));
    expect(answers.filter((a) => codes(a).includes('RATE_LIMITED'))).toHaveLength(0);
    expect(answers.every((a) => a.data?.__typename === 'Query')).toBe(true);
  });

  it('answers a forged events(after:) cursor with BAD_USER_INPUT, never INTERNAL_SERVER_ERROR', async () => {
    const q = 'query($u: ID!, $after: String) { user(id: $u) { events(first: 2, after: $after) { edges { cursor } } } }';
    const forged = [Buffer.from('1e20').toString('base64url'), Buffer.from('9007199254740993').toString('base64url'), Buffer.from('-1').toString('base64url'), '%%%', Buffer.from('"x"').toString('base64url')];
    for (const after of forged) {
      const a = await gql(url, KEYS.analyst, q, { u: userId, after });
      expect(codes(a)).toEqual(['BAD_USER_INPUT']);
      expect(a.errors?.[0].extensions.argument).toBe('after');
    }
    const page = await gql(url, KEYS.analyst, q, { u: userId });
    expect(page.errors).toBeUndefined();
  });

  it('answers bad arguments with BAD_USER_INPUT naming the argument, never a 500', async () => {
    const cases: [string, string, string][] = [
      [KEYS.analyst, '{ neighborhood(nodeId: "User:x", depth: 3) { truncated } }', 'depth'],
      [KEYS.analyst, '{ search(text: "   ") { id } }', 'text'],
      [KEYS.analyst, `{ shortestPath(fromId: "User:a", toId: "User:b", maxLength: 99) { truncated } }`, 'maxLength'],
      [KEYS.service, `{ relatedItems(productId: "${products[0]}", filter: {excludeProductIds: ["a b"]}) { runId } }`, 'filter'],
      [KEYS.crm, `{ segments { members(first: 1, after: "${Buffer.from('7').toString('base64url')}") { totalCount } } }`, 'after'],
      [KEYS.crm, '{ segment(id: "") { id } }', 'id'],
    ];
    for (const [key, query, argument] of cases) {
      const a = await gql(url, key, query);
      expect({ query, codes: codes(a) }).toEqual({ query, codes: expect.arrayContaining(['BAD_USER_INPUT']) });
      expect(a.errors?.[0].extensions.argument).toBe(argument);
    }
    // An explicit null takes the default, as an absent argument does.
    const nullK = await gql(url, KEYS.analyst, `{ product(id: "${products[0]}") { relatedItems(k: null) { score } } }`);
    expect(nullK.errors).toBeUndefined();
  });

  it('keeps junk operation names of unauthenticated requests out of the metrics labels', async () => {
    await inParallel(Array.from({ length: 250 }, (_, i) => i), 8, (i) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }', operationName: `Junk${i}` }) }),
    );
    await gql(url, KEYS.crm, 'query LegitAfterJunk { __typename }');
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).not.toMatch(/operation="Junk\d+"/);
    expect(metrics).toMatch(/graphrec_graphql_requests_total\{operation="LegitAfterJunk",outcome="ok"\} 1/);
  });

  it('gives no field-name suggestions to a caller without a key (it is refused before validation)', async () => {
    const a = await gql(url, undefined, '{ relatedItem(productId: "x") { runId } }');
    expect(codes(a)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(a)).not.toMatch(/Did you mean/);
    const keyed = await gql(url, KEYS.service, '{ relatedItem(productId: "x") { runId } }');
    expect(codes(keyed)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(keyed)).not.toMatch(/Did you mean/);
  });

  it('logs client errors (bad JSON, NOT_FOUND, bad input) as client errors: below error level, without a stack', async () => {
    const mark = api.output().length;
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.service, 'x-request-id': 'bad-json-1' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(codes({ status: 400, headers: bad.headers, data: null, errors: ((await bad.json()) as { errors: [] }).errors })).toEqual(['BAD_REQUEST']);
    await gql(url, KEYS.service, '{ recommendations(userId: "no-such-user") { runId } }', undefined, { 'x-request-id': 'not-found-1' });
    await fetch(`${api.url}/exports/segments.csv?attributes=a%3Bb`, { headers: { 'x-api-key': KEYS.crm, 'x-request-id': 'bad-attr-1' } });
    await new Promise((r) => setTimeout(r, 300)); // let the child flush its log lines
    const lines = api
      .output()
      .slice(mark)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; reqId?: string; err?: { stack?: string }; msg?: string });
    for (const id of ['bad-json-1', 'not-found-1', 'bad-attr-1']) {
      const mine = lines.filter((l) => l.reqId === id);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.filter((l) => l.level >= 50)).toEqual([]);
      expect(mine.filter((l) => l.err?.stack)).toEqual([]);
    }
  });

  it('accepts repeated ?attributes= on the REST export (once a 500) and answers a bad name with 400', async () => {
    const res = await fetch(`${api.url}/exports/segments.csv?attributes=home_type&attributes=region`, { headers: { 'x-api-key': KEYS.crm } });
    expect(res.status).toBe(200);
    const header = (await res.text()).split('\n')[0];
    expect(header).toMatch(/home_type/);
    expect(header).toMatch(/region/);
    const bad = await fetch(`${api.url}/exports/segments.csv?attributes=home_type&attributes=${encodeURIComponent('x;DROP')}`, { headers: { 'x-api-key': KEYS.crm } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
  });

  describe('one admission for GraphQL and REST, one token per unit of work', () => {
    let limited: ApiProcess;
    beforeAll(async () => {
      limited = await startApiProcess({ ...ENV, GRAPHREC_API_RATE_LIMIT: '30', LOG_LEVEL: 'silent' });
    });
    afterAll(async () => {
      await limited?.close();
    });

    it('counts each aliased trackEvent against the rate limit', async () => {
      const event = (i: number) => `trackEvent(input: {id: "lim-ev-${i}", userId: "${userId}", type: "product_view", timestamp: "2026-01-02T03:04:05Z", productId: "${products[0]}"}) { created }`;
      const first = await gql(`${limited.url}/graphql`, KEYS.service, `mutation ${aliases(20, event)}`);
      expect(first.errors).toBeUndefined();
      const second = await gql(`${limited.url}/graphql`, KEYS.service, `mutation ${aliases(20, (i) => event(100 + i))}`);
      expect(codes(second)).toEqual(['RATE_LIMITED']);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await count(db, "MATCH (e:Event) WHERE e.id STARTS WITH 'lim-ev-' RETURN count(e) AS n")).toBe(20);
    });

    it('shares one bucket per key between GraphQL and REST, with retry-after on both', async () => {
      const spent = await gql(`${limited.url}/graphql`, KEYS.crm, aliases(30, () => 'segments { id }'));
      expect(spent.errors).toBeUndefined();
      const rest = await fetch(`${limited.url}/exports/segments.csv`, { headers: { 'x-api-key': KEYS.crm } });
      expect(rest.status).toBe(429);
      expect(Number(rest.headers.get('retry-after'))).toBeGreaterThan(0);
      const graphql = await gql(`${limited.url}/graphql`, KEYS.crm, '{ segments { id } }');
      expect(codes(graphql)).toEqual(['RATE_LIMITED']);
      expect(Number(graphql.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another key has its own bucket.
      expect((await gql(`${limited.url}/graphql`, KEYS.analyst, '{ segments { id } }')).errors).toBeUndefined();
    });
  });
});
