/**
 * The API end to end: real HTTP against the real server in its own process (as in production:
 * every module real, default settings), a real Neo4j with a generated world, a segments run and
 * an embeddings run written by the real CLI.
 */
import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';
import { codes, gql, KEYS, KEYS_ENV, neo4jReads } from './support';

jest.setTimeout(120_000);
const ENV = { ...process.env, GRAPHREC_API_KEYS: KEYS_ENV };

describe('GraphQL API (real HTTP, real Neo4j)', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let url: string;
  let products: string[];
  let userId: string;
  let deviceId: string;

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('api');
    await generateWorld({ users: 300, seed: 5, outDir: dir });
    await ingest(db, [dir]);
    const seg = await runCli(['segment', '--json']);
    if (seg.code !== 0) throw new Error(`graphrec segment failed: ${seg.stderr}`);
    const train = await runCli(['train', '--epochs', '2', '--json', '--model-dir', tempDir('api-models')]);
    if (train.code !== 0) throw new Error(`graphrec train failed: ${train.stderr}`);
    products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id')).map((r) => r.id);
    const [owner] = await db.read<{ u: string; d: string }>('MATCH (u:User)-[:OWNS]->(d:Device) WHERE NOT u.stub = true OR u.stub IS NULL RETURN u.id AS u, d.id AS d ORDER BY u LIMIT 1');
    userId = owner.u;
    deviceId = owner.d;
    api = await startApiProcess({ ...ENV, GRAPHREC_API_RATE_LIMIT: '5000', LOG_LEVEL: 'silent' });
    url = `${api.url}/graphql`;
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  describe('authentication and roles', () => {
    it('refuses a request without a key or with a wrong one, as UNAUTHENTICATED with HTTP 200', async () => {
      for (const key of [undefined, 'analyst-wrong-key-0000000000']) {
        const a = await gql(url, key, '{ segments { id } }');
        expect(a.status).toBe(200);
        expect(codes(a)).toEqual(['UNAUTHENTICATED']);
        expect(a.data).toBeNull();
      }
    });

    it('accepts the key as a bearer token too', async () => {
      const a = await gql(url, undefined, '{ segments { id } }', undefined, { authorization: `Bearer ${KEYS.crm}` });
      expect(a.errors).toBeUndefined();
    });

    it('refuses fields outside the role, root and nested, as FORBIDDEN before any query runs', async () => {
      const crm = await gql(url, KEYS.crm, `{ product(id: "${products[0]}") { id } }`);
      expect(codes(crm)).toEqual(['FORBIDDEN']);
      const service = await gql(url, KEYS.service, '{ segments { id } }');
      expect(codes(service)).toEqual(['FORBIDDEN']);
      const before = await neo4jReads(api.url);
      const nested = await gql(url, KEYS.crm, '{ segments { members(first: 1) { edges { node { devices { product { relatedItems { score } } } } } } } }');
      expect(codes(nested)).toEqual(['FORBIDDEN']);
      expect(nested.errors?.[0].extensions.fields).toEqual(['User.devices', 'Product.relatedItems']);
      expect(await neo4jReads(api.url)).toBe(before);
      const mutation = await gql(url, KEYS.analyst, 'mutation { trackEvent(input: {id: "x", userId: "u", type: "purchase", timestamp: "2025-01-01", productId: "p"}) { created } }');
      expect(codes(mutation)).toEqual(['FORBIDDEN']);
    });
  });

  describe('serving', () => {
    it('relatedItems answers from the current embeddings run with products and explanations', async () => {
      const a = await gql(url, KEYS.service, `query Related($id: ID!) { relatedItems(productId: $id, k: 5) { productId runId items { rank score explanation evidence { kind text } product { id name category } } } }`, { id: products[0] });
      expect(a.errors).toBeUndefined();
      const r = a.data!.relatedItems;
      expect(r.productId).toBe(products[0]);
      expect(r.runId).toMatch(/^emb-/);
      expect(r.items.length).toBeGreaterThan(0);
      expect(r.items.length).toBeLessThanOrEqual(5);
      expect(r.items.map((i: { rank: number }) => i.rank)).toEqual(r.items.map((_: unknown, i: number) => i + 1));
      expect(r.items.every((i: { product: { id: string } }) => i.product.id !== products[0] && products.includes(i.product.id))).toBe(true);
    });

    it('recommendations and rank answer for a known user', async () => {
      const rec = await gql(url, KEYS.service, `{ recommendations(userId: "${userId}", k: 3) { userId strategy runId items { rank product { id } explanation } } }`);
      expect(rec.errors).toBeUndefined();
      expect(rec.data!.recommendations).toMatchObject({ userId, strategy: expect.stringMatching(/^(embeddings|history|popularity)$/) });
      expect(rec.data!.recommendations.items.length).toBeGreaterThan(0);
      const ids = products.slice(0, 4);
      const rank = await gql(url, KEYS.service, `query($u: ID!, $p: [ID!]!) { rank(userId: $u, productIds: $p) { items { rank product { id } } } }`, { u: userId, p: ids });
      expect(rank.errors).toBeUndefined();
      expect(rank.data!.rank.items.map((i: { product: { id: string } }) => i.product.id).sort()).toEqual([...ids].sort());
    });

    it('marks an owned product as owned in rank, and recommends none', async () => {
      const [held] = await db.read<{ p: string }>('MATCH (:Device {id: $d})-[:INSTANCE_OF]->(p:Product) RETURN p.id AS p', { d: deviceId });
      const other = products.find((p) => p !== held.p)!;
      const rank = await gql(url, KEYS.service, `query($u: ID!, $p: [ID!]!) { rank(userId: $u, productIds: $p) { items { owned product { id } } } }`, { u: userId, p: [held.p, other] });
      expect(rank.errors).toBeUndefined();
      const owned = Object.fromEntries(rank.data!.rank.items.map((i: { owned: boolean; product: { id: string } }) => [i.product.id, i.owned]));
      expect(owned[held.p]).toBe(true);
      const rec = await gql(url, KEYS.service, `{ recommendations(userId: "${userId}", k: 10) { items { owned product { id } } } }`);
      expect(rec.errors).toBeUndefined();
      expect(rec.data!.recommendations.items.every((i: { owned: boolean; product: { id: string } }) => !i.owned && i.product.id !== held.p)).toBe(true);
    });

    it('maps bad arguments to BAD_USER_INPUT and unknown ids to NOT_FOUND or null', async () => {
      expect(codes(await gql(url, KEYS.service, `{ relatedItems(productId: "${products[0]}", k: 0) { runId } }`))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(url, KEYS.service, `{ relatedItems(productId: "${products[0]}", k: 101) { runId } }`))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(url, KEYS.service, '{ relatedItems(productId: "no-such-product") { runId } }'))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(url, KEYS.service, '{ recommendations(userId: "no-such-user") { runId } }'))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(url, KEYS.service, `{ rank(userId: "${userId}", productIds: []) { runId } }`))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(url, KEYS.service, `{ rank(userId: "${userId}", productIds: ["no-such-product"]) { runId } }`))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(url, KEYS.service, '{ relatedItems(productId: true) { runId } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const missing = await gql(url, KEYS.service, '{ product(id: "no-such-product") { id } }');
      expect(missing).toMatchObject({ data: { product: null } });
      expect(missing.errors).toBeUndefined();
    });

    it('answers a repeated relatedItems question from the answer cache (no Cypher), with the same items', async () => {
      const q = `{ relatedItems(productId: "${products[1]}", k: 4) { runId items { rank score explanation product { id name category price } } } }`;
      const first = await gql(url, KEYS.service, q);
      expect(first.errors).toBeUndefined();
      const before = await neo4jReads(api.url);
      const again = await gql(url, KEYS.service, q.replace('price ', '')); // the served fields only
      expect(await neo4jReads(api.url)).toBe(before);
      const strip = (items: { product: Record<string, unknown> }[]) => items.map((i) => ({ ...i, product: { ...i.product, price: undefined } }));
      expect(strip(again.data!.relatedItems.items)).toEqual(strip(first.data!.relatedItems.items));
      expect(first.data!.relatedItems.items[0].product.price).not.toBeUndefined(); // price still resolved when asked (product loader)
    });

    it('resolves a page of 50 products with related items in a bounded number of queries (DataLoader)', async () => {
      const page = Array.from({ length: 50 }, (_, i) => products[i % products.length]);
      const query = `{ ${page.map((id, i) => `p${i}: product(id: "${id}") { id name relatedItems(k: 3) { score product { id name price } } }`).join(' ')} }`;
      const before = await neo4jReads(api.url);
      const a = await gql(url, KEYS.analyst, query);
      expect(a.errors).toBeUndefined();
      expect(a.data!.p0.relatedItems.length).toBeGreaterThan(0);
      expect(a.data!.p49.id).toBe(page[49]);
      // product lookups, one relatedItemsMany round (a few reads inside), the related products' lookup
      const reads = (await neo4jReads(api.url)) - before;
      expect(reads).toBeGreaterThan(0); // the metric does count this server's reads
      expect(reads).toBeLessThanOrEqual(8);
    });
  });

  describe('segments', () => {
    it('lists segments of the current run, a segment with paged members, and a user segment', async () => {
      const a = await gql(url, KEYS.crm, '{ segments { id label size runId profile } }');
      expect(a.errors).toBeUndefined();
      const segments = a.data!.segments as { id: string; size: number; runId: string }[];
      expect(segments.length).toBeGreaterThan(1);
      expect(segments.reduce((n, s) => n + s.size, 0)).toBe(300);
      const big = [...segments].sort((x, y) => y.size - x.size)[0];
      const q = `query($id: ID!, $after: String) { segment(id: $id) { id size members(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id segment { id } } } } } }`;
      const first = await gql(url, KEYS.crm, q, { id: big.id });
      const m1 = first.data!.segment.members;
      expect(m1.totalCount).toBe(big.size);
      expect(m1.edges).toHaveLength(3);
      expect(m1.edges.every((e: { node: { segment: { id: string } } }) => e.node.segment.id === big.id)).toBe(true);
      const second = await gql(url, KEYS.crm, q, { id: big.id, after: m1.pageInfo.endCursor });
      const ids1 = m1.edges.map((e: { node: { id: string } }) => e.node.id);
      const ids2 = second.data!.segment.members.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(ids2[0] > ids1[2]).toBe(true);
      expect(codes(await gql(url, KEYS.crm, q, { id: big.id, after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
      expect((await gql(url, KEYS.crm, '{ segment(id: "S-none") { id } }')).data).toEqual({ segment: null });
      const mine = await gql(url, KEYS.crm, `{ userSegment(userId: "${userId}") { id runId } }`);
      expect(mine.data!.userSegment.runId).toBe(big.runId);
      expect(codes(await gql(url, KEYS.crm, '{ userSegment(userId: "no-such-user") { id } }'))).toEqual(['NOT_FOUND']);
    });

    it('streams the exports as CSV and JSONL to crm and analysts only', async () => {
      const get = (path: string, key?: string) => fetch(`${api.url}${path}`, { headers: key ? { 'x-api-key': key } : {} });
      const csv = await get('/exports/segments.csv?attributes=home_type', KEYS.crm);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await csv.text()).trimEnd().split('\r\n');
      expect(lines[0]).toBe('user_id,segment_id,segment_label,confidence,run_id,updated_at,home_type');
      expect(lines).toHaveLength(301);
      const jsonl = await get('/exports/segments.jsonl', KEYS.analyst);
      const rows = (await jsonl.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(rows).toHaveLength(300);
      expect(Object.keys(rows[0])).toEqual(['user_id', 'segment_id', 'segment_label', 'confidence', 'run_id', 'updated_at']);
      const anonymous = await get('/exports/segments.csv');
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      const service = await get('/exports/segments.jsonl', KEYS.service);
      expect(service.status).toBe(403);
      expect((await get('/exports/segments.csv?attributes=bad-name', KEYS.crm)).status).toBe(400);
    });
  });

  describe('exploration', () => {
    it('neighborhood returns global ids, edge types within the filter, and truncates at the limit', async () => {
      const q = `query($id: ID!, $types: [RelationshipType!], $limit: Int, $depth: Int) { neighborhood(nodeId: $id, depth: $depth, relationshipTypes: $types, limit: $limit) { truncated nodes { id label externalId name segmentId } edges { type source target } } }`;
      const a = await gql(url, KEYS.analyst, q, { id: `User:${userId}`, depth: 2, types: ['OWNS', 'INSTANCE_OF', 'IN_SEGMENT'], limit: 100 });
      expect(a.errors).toBeUndefined();
      const g = a.data!.neighborhood;
      const ids = new Set(g.nodes.map((n: { id: string }) => n.id));
      expect(ids.has(`User:${userId}`)).toBe(true);
      expect(ids.has(`Device:${deviceId}`)).toBe(true);
      expect(g.nodes.find((n: { id: string }) => n.id === `User:${userId}`).segmentId).toBeTruthy();
      expect(g.nodes.some((n: { label: string }) => n.label === 'Product')).toBe(true);
      expect(g.edges.every((e: { type: string; source: string; target: string }) => ['OWNS', 'INSTANCE_OF', 'IN_SEGMENT'].includes(e.type) && ids.has(e.source) && ids.has(e.target))).toBe(true);
      const small = await gql(url, KEYS.analyst, q, { id: `Product:${products[0]}`, depth: 1, limit: 5 });
      expect(small.data!.neighborhood.nodes.length).toBeLessThanOrEqual(5);
      expect(small.data!.neighborhood.truncated).toBe(true);
      expect(codes(await gql(url, KEYS.analyst, q, { id: `User:${userId}`, depth: 3 }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(url, KEYS.analyst, q, { id: `Robot:${userId}` }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(url, KEYS.analyst, q, { id: 'User:nobody-here' }))).toEqual(['NOT_FOUND']);
      expect(codes(await gql(url, KEYS.analyst, q, { id: `User:${userId}`, types: ['KNOWS'] }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });

    it('shortestPath links a user to a product it owns through its device', async () => {
      const [owned] = await db.read<{ p: string }>('MATCH (:Device {id: $d})-[:INSTANCE_OF]->(p:Product) RETURN p.id AS p', { d: deviceId });
      const q = `query($a: ID!, $b: ID!, $max: Int) { shortestPath(fromId: $a, toId: $b, maxLength: $max) { nodes { id } edges { type } } }`;
      const a = await gql(url, KEYS.analyst, q, { a: `User:${userId}`, b: `Product:${owned.p}`, max: 4 });
      expect(a.errors).toBeUndefined();
      const path = a.data!.shortestPath;
      expect(path.nodes[0].id === `User:${userId}` || path.nodes[path.nodes.length - 1].id === `User:${userId}`).toBe(true);
      expect(path.edges.length).toBeLessThanOrEqual(2);
      expect(path.edges.length).toBe(path.nodes.length - 1);
      expect(codes(await gql(url, KEYS.analyst, q, { a: `User:${userId}`, b: `Product:${owned.p}`, max: 7 }))).toEqual(['BAD_USER_INPUT']);
    });

    it('search finds products by name (Lucene syntax escaped) and users by exact id', async () => {
      const [p] = await db.read<{ id: string; name: string }>('MATCH (p:Product {id: $id}) RETURN p.id AS id, p.name AS name', { id: products[0] });
      const word = p.name.split(/\s+/)[0];
      const byName = await gql(url, KEYS.analyst, `query($t: String!) { search(text: $t, labels: [Product], first: 5) { id label name } }`, { t: word });
      expect(byName.errors).toBeUndefined();
      expect(byName.data!.search.length).toBeGreaterThan(0);
      expect(byName.data!.search.every((n: { label: string }) => n.label === 'Product')).toBe(true);
      const nasty = await gql(url, KEYS.analyst, `query($t: String!) { search(text: $t) { id } }`, { t: `${word} AND (" ~ ^ [ \\ / :` });
      expect(nasty.errors).toBeUndefined();
      const user = await gql(url, KEYS.analyst, `query($t: String!) { search(text: $t, labels: [User]) { id label segmentId } }`, { t: userId });
      expect(user.data!.search).toEqual([{ id: `User:${userId}`, label: 'User', segmentId: expect.any(String) }]);
      expect(codes(await gql(url, KEYS.analyst, '{ search(text: "   ") { id } }'))).toEqual(['BAD_USER_INPUT']);
    });

    it('user(id) shows properties, devices and events newest first with cursors', async () => {
      const q = `query($id: ID!, $after: String) { user(id: $id) { id properties devices { id product { id } } events(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id type timestamp product { id } } } } segment { id } } }`;
      const a = await gql(url, KEYS.analyst, q, { id: userId });
      expect(a.errors).toBeUndefined();
      const u = a.data!.user;
      expect(u.devices.map((d: { id: string }) => d.id)).toContain(deviceId);
      expect(u.events.totalCount).toBeGreaterThan(0);
      const stamps = u.events.edges.map((e: { node: { timestamp: string } }) => Date.parse(e.node.timestamp));
      expect([...stamps].sort((x, y) => y - x)).toEqual(stamps);
      if (u.events.pageInfo.hasNextPage) {
        const next = await gql(url, KEYS.analyst, q, { id: userId, after: u.events.pageInfo.endCursor });
        expect(next.data!.user.events.edges[0].node.id).not.toBe(u.events.edges[0].node.id);
      }
      expect((await gql(url, KEYS.analyst, '{ user(id: "no-such-user") { id } }')).data).toEqual({ user: null });
    });
  });

  describe('trackEvent', () => {
    it('writes an event once, visible at once, and refuses bad ones', async () => {
      const m = `mutation($input: TrackEventInput!) { trackEvent(input: $input) { id created } }`;
      const input = { id: 'api-e2e-ev-1', userId, type: 'product_view', timestamp: '2026-01-02T03:04:05Z', productId: products[1] };
      const first = await gql(url, KEYS.service, m, { input });
      expect(first.data).toEqual({ trackEvent: { id: 'api-e2e-ev-1', created: true } });
      const again = await gql(url, KEYS.service, m, { input });
      expect(again.data).toEqual({ trackEvent: { id: 'api-e2e-ev-1', created: false } });
      const seen = await gql(url, KEYS.analyst, `{ user(id: "${userId}") { events(first: 1) { edges { node { id product { id } } } } } }`);
      expect(seen.data!.user.events.edges[0].node).toEqual({ id: 'api-e2e-ev-1', product: { id: products[1] } });
      const stub = await gql(url, KEYS.service, m, { input: { ...input, id: 'api-e2e-ev-2', userId: 'api-new-user' } });
      expect(stub.data).toEqual({ trackEvent: { id: 'api-e2e-ev-2', created: true } });
      for (const bad of [{ type: 'teleport' }, { timestamp: 'yesterday' }, { productId: 'no-such-product' }, { type: 'install' }]) {
        expect(codes(await gql(url, KEYS.service, m, { input: { ...input, id: 'api-e2e-bad', ...bad } }))).toEqual(['BAD_USER_INPUT']);
      }
    });
  });

  describe('limits', () => {
    it('refuses queries that are too deep or too costly with typed errors', async () => {
      const deep = `{ segments { members { edges { node { devices { product { relatedItems { product { relatedItems { product { id } } } } } } } } } } }`;
      const a = await gql(url, KEYS.analyst, deep);
      expect(codes(a)).toEqual(['QUERY_TOO_DEEP']);
      const costly = `{ ${Array.from({ length: 40 }, (_, i) => `p${i}: product(id: "${products[0]}") { relatedItems(k: 100) { score product { id name } } }`).join(' ')} }`;
      const b = await gql(url, KEYS.analyst, costly);
      expect(codes(b)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(b.errors?.[0].extensions.complexity).toBeGreaterThan(5000);
    });

    it('rate-limits per key with RATE_LIMITED, other keys unaffected', async () => {
      const limited = await startApiProcess({ ...ENV, GRAPHREC_API_RATE_LIMIT: '3', LOG_LEVEL: 'silent' });
      try {
        const answers = [];
        for (let i = 0; i < 4; i++) answers.push(await gql(`${limited.url}/graphql`, KEYS.crm, '{ segments { id } }'));
        expect(answers.map((x) => codes(x)[0] ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
        expect(Number(answers[3].headers.get('retry-after'))).toBeGreaterThan(0);
        expect(codes(await gql(`${limited.url}/graphql`, KEYS.analyst, '{ segments { id } }'))).toEqual([]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('operations', () => {
    it('echoes x-request-id, makes one when absent, and never leaks internals', async () => {
      const a = await gql(url, KEYS.crm, '{ segments { id } }', undefined, { 'x-request-id': 'req-e2e-42' });
      expect(a.headers.get('x-request-id')).toBe('req-e2e-42');
      const b = await gql(url, KEYS.crm, '{ segments { id } }');
      expect(b.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const broken = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEYS.crm }, body: '{"query": ' });
      expect(broken.status).toBe(400);
      expect(JSON.stringify(await broken.json())).not.toMatch(/at .*\.js/);
    });

    it('serves /health (200 up) and /metrics per operation name, and the explorer without a key', async () => {
      const health = await fetch(`${api.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', info: { neo4j: { status: 'up' } } });
      await gql(url, KEYS.crm, 'query SegmentsForMetrics { segments { id } }');
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      expect(metrics).toMatch(/graphrec_graphql_requests_total\{operation="SegmentsForMetrics",outcome="ok"\} 1/);
      expect(metrics).toMatch(/graphrec_graphql_request_duration_seconds_bucket\{le="[0-9.]+",operation="SegmentsForMetrics"\}/);
      expect(metrics).toMatch(/process_cpu_user_seconds_total/);
      const page = await fetch(`${api.url}/explorer/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await fetch(`${api.url}/explorer/no-such-file.js`)).status).toBe(404);
      // The explorer's built bundle, made by its own build script (the API imports none of its code).
      const js = await fetch(`${api.url}/explorer/app.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    });
  });
});
