/**
 * The explorer's aggregated views end to end (real API process, real Neo4j, a generated world, a
 * segments run and a planted embeddings run): every number is checked against the database,
 * then the bad arguments (typed errors) and the limits (page size, cost, role).
 */
import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { projectFromNeo4j } from '@graphrec/projection';
import { publishEmbeddings } from '@graphrec/writeback';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { count, resetDb, tempDir, testDb } from '../support/db';
import { plantedEmbeddings } from '../support/embeddings';
import { codes, gql, KEYS, KEYS_ENV } from './support';

jest.setTimeout(120_000);

const VIEW = 'nodes { id label name segmentId properties } edges { id type source target weight properties } truncated totalCount pageInfo { hasNextPage endCursor }';
const SIMILAR_CURRENT = "MATCH (r:Run {kind: 'embeddings', current: true}) MATCH (a:Product)-[s:SIMILAR_TO {runId: r.id}]->(b:Product)";

interface ViewNode { id: string; label: string; name: string; segmentId: string | null; properties: Record<string, unknown> }
interface ViewEdge { id: string; type: string; source: string; target: string; weight: number; properties: Record<string, unknown> }
interface View { nodes: ViewNode[]; edges: ViewEdge[]; truncated: boolean; totalCount: number | null; pageInfo: { hasNextPage: boolean; endCursor: string | null } | null }

describe('explorer views (real HTTP, real Neo4j)', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let url: string;
  const view = async (query: string, variables: Record<string, unknown>, key: string = KEYS.analyst): Promise<View> => {
    const a = await gql<Record<string, View>>(url, key, query, variables);
    expect(a.errors).toBeUndefined();
    return Object.values(a.data ?? {})[0];
  };
  const ofType = (v: View, type: string) => v.edges.filter((e) => e.type === type);

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('views');
    await generateWorld({ users: 300, seed: 5, outDir: dir });
    await ingest(db, [dir]);
    const seg = await runCli(['segment', '--json']);
    if (seg.code !== 0) throw new Error(`graphrec segment failed: ${seg.stderr}`);
    const graph = await projectFromNeo4j(db);
    await publishEmbeddings(db, graph, plantedEmbeddings(graph), { params: { model: 'planted-e2e' } });
    api = await startApiProcess({ ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, GRAPHREC_API_RATE_LIMIT: '5000', LOG_LEVEL: 'silent' });
    url = `${api.url}/graphql`;
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  it('productMap: every product with its holders, the current run’s SIMILAR_TO between them, the strongest co-ownerships', async () => {
    const map = await view(`query { productMap { ${VIEW} } }`, {});
    const products = await db.read<{ id: string; holders: number }>(
      'MATCH (p:Product) OPTIONAL MATCH (p)<-[:INSTANCE_OF]-(:Device)<-[:OWNS]-(u:User) RETURN p.id AS id, count(DISTINCT u) AS holders',
    );
    expect(map.nodes).toHaveLength(products.length);
    expect(map.truncated).toBe(false);
    for (const p of products) expect(map.nodes.find((n) => n.id === `Product:${p.id}`)?.properties.holders).toBe(p.holders);
    // Each product's 3 best-ranked similar products (the rest would be a hairball).
    expect(ofType(map, 'SIMILAR_TO')).toHaveLength(await count(db, `${SIMILAR_CURRENT} WITH a, count(s) AS k RETURN sum(CASE WHEN k < 3 THEN k ELSE 3 END) AS n`));
    const co = ofType(map, 'CO_OWNED');
    expect(co.length).toBeGreaterThan(0);
    expect(co.length).toBeLessThanOrEqual(3 * products.length);
    const [a, b] = [co[0].source.slice('Product:'.length), co[0].target.slice('Product:'.length)];
    expect(co[0].weight).toBe(
      await count(db, 'MATCH (:Product {id: $a})<-[:INSTANCE_OF]-(:Device)<-[:OWNS]-(u:User)-[:OWNS]->(:Device)-[:INSTANCE_OF]->(:Product {id: $b}) RETURN count(DISTINCT u) AS n', { a, b }),
    );
    // first cuts the map and says so.
    const cut = await view(`query { productMap(first: 3) { ${VIEW} } }`, {});
    expect(cut.nodes).toHaveLength(3);
    expect(cut.truncated).toBe(true);
  });

  it('userView: one edge per engaged product with event counts by type, devices with their products, the segment', async () => {
    const [owner] = await db.read<{ id: string }>('MATCH (u:User)-[:OWNS]->(:Device) MATCH (u)-[:PERFORMED]->(:Event) RETURN u.id AS id ORDER BY id LIMIT 1');
    const v = await view(`query U($id: ID!) { userView(userId: $id) { ${VIEW} } }`, { id: owner.id });
    const engaged = await db.read<{ p: string; n: number }>('MATCH (:User {id: $id})-[:PERFORMED]->(e:Event)-[:ABOUT]->(p:Product) RETURN p.id AS p, count(e) AS n', { id: owner.id });
    expect(ofType(v, 'ENGAGED')).toHaveLength(engaged.length);
    for (const e of engaged) {
      const edge = v.edges.find((x) => x.type === 'ENGAGED' && x.target === `Product:${e.p}`);
      expect(edge?.weight).toBe(e.n);
      const byType = edge?.properties.events as Record<string, number>;
      expect(Object.values(byType).reduce((s, x) => s + x, 0)).toBe(e.n);
      expect(typeof edge?.properties.lastAt).toBe('string');
    }
    expect(ofType(v, 'OWNS')).toHaveLength(await count(db, 'MATCH (:User {id: $id})-[:OWNS]->(d:Device) RETURN count(d) AS n', { id: owner.id }));
    expect(ofType(v, 'INSTANCE_OF')).toHaveLength(ofType(v, 'OWNS').length);
    expect(ofType(v, 'IN_SEGMENT')).toHaveLength(1);
    expect(v.nodes.find((n) => n.id === `User:${owner.id}`)?.segmentId).toBeTruthy();
    // No raw events in the aggregated view: they stay on demand (neighborhood, User.events).
    expect(v.nodes.some((n) => n.label === 'Event')).toBe(false);
  });

  it('productView: related products of the served run with score and co-engagement share, owners’ segments with counts', async () => {
    const [top] = await db.read<{ id: string }>(`${SIMILAR_CURRENT} RETURN a.id AS id, count(s) AS k ORDER BY k DESC, id LIMIT 1`);
    const v = await view(`query P($id: ID!) { productView(productId: $id, first: 5) { ${VIEW} } }`, { id: top.id });
    const related = ofType(v, 'SIMILAR_TO');
    const k = await count(db, `${SIMILAR_CURRENT} WHERE a.id = $id RETURN count(s) AS n`, { id: top.id });
    expect(related).toHaveLength(Math.min(5, k));
    expect(v.truncated).toBe(k > 5);
    expect(related.map((e) => e.properties.rank)).toEqual([...related.map((e) => e.properties.rank)].sort((x, y) => Number(x) - Number(y)));
    for (const e of related) expect(e.properties).toHaveProperty('share');
    const holds = ofType(v, 'HOLDS');
    const bySegment = await db.read<{ s: string; n: number }>(
      "MATCH (r:Run {kind: 'segments', current: true}) MATCH (:Product {id: $id})<-[:INSTANCE_OF]-(:Device)<-[:OWNS]-(u:User) WITH DISTINCT r, u MATCH (u)-[:IN_SEGMENT]->(s:Segment {runId: r.id}) RETURN s.segmentId AS s, count(u) AS n ORDER BY n DESC, s LIMIT 5",
      { id: top.id },
    );
    expect(holds.map((e) => [e.source, e.weight])).toEqual(bySegment.map((r) => [`Segment:${r.s}`, r.n]));
  });

  it('segmentView: members page by page (cursor), total, the products most members hold with lift', async () => {
    const [seg] = await db.read<{ id: string; size: number }>("MATCH (r:Run {kind: 'segments', current: true}) MATCH (s:Segment {runId: r.id}) RETURN s.segmentId AS id, s.size AS size ORDER BY size DESC LIMIT 1");
    const q = `query S($id: ID!, $after: String) { segmentView(segmentId: $id, first: 4, after: $after) { ${VIEW} } }`;
    const one = await view(q, { id: seg.id });
    expect(one.totalCount).toBe(seg.size);
    expect(one.pageInfo?.hasNextPage).toBe(seg.size > 4);
    const members = (v: View) => v.nodes.filter((n) => n.label === 'User').map((n) => n.id);
    expect(members(one)).toHaveLength(4);
    expect(ofType(one, 'IN_SEGMENT')).toHaveLength(4);
    for (const n of one.nodes.filter((x) => x.label === 'User')) expect(n.segmentId).toBe(seg.id);
    const two = await view(q, { id: seg.id, after: one.pageInfo?.endCursor });
    expect(members(two).some((m) => members(one).includes(m))).toBe(false);
    const expected = await db.read<{ id: string }>(
      "MATCH (r:Run {kind: 'segments', current: true}) MATCH (:Segment {id: r.id + ':' + $s})<-[:IN_SEGMENT]-(u:User) RETURN u.id AS id ORDER BY id LIMIT 8",
      { s: seg.id },
    );
    expect([...members(one), ...members(two)]).toEqual(expected.map((r) => `User:${r.id}`));
    const holds = ofType(one, 'HOLDS');
    expect(holds.length).toBeGreaterThan(0);
    expect(holds.length).toBeLessThanOrEqual(10);
    expect(holds.map((e) => e.weight)).toEqual([...holds.map((e) => e.weight)].sort((x, y) => y - x));
    for (const e of holds) expect(typeof e.properties.lift).toBe('number');
    // The profile's next best product, as the segments query has it.
    const profile = (await gql(url, KEYS.analyst, 'query S($id: ID!) { segment(id: $id) { profile } }', { id: seg.id })).data?.segment.profile as { next: { product: string } | null };
    const next = ofType(one, 'NEXT_BEST');
    expect(next.map((e) => e.target)).toEqual(profile.next ? [`Product:${profile.next.product}`] : []);
  });

  it('neighborhood of a segment expands to its members (it once returned only the segment)', async () => {
    const [seg] = await db.read<{ id: string }>("MATCH (r:Run {kind: 'segments', current: true}) MATCH (s:Segment {runId: r.id}) RETURN s.segmentId AS id ORDER BY s.size DESC LIMIT 1");
    const a = await gql(url, KEYS.analyst, 'query N($id: ID!) { neighborhood(nodeId: $id, limit: 20) { nodes { id label } edges { type } } }', { id: `Segment:${seg.id}` });
    expect(a.errors).toBeUndefined();
    const users = (a.data?.neighborhood.nodes as { label: string }[]).filter((n) => n.label === 'User');
    expect(users.length).toBeGreaterThan(0);
    expect((a.data?.neighborhood.edges as { type: string }[]).every((e) => e.type === 'IN_SEGMENT')).toBe(true);
  });

  it('userMap: a uniform sample of users on two principal axes, each with their current segment', async () => {
    const a = await gql<{ userMap: { embeddingRunId: string; segmentRunId: string; population: number; sampled: number; explained: number[]; separation: number | null; points: { userId: string; segmentId: string | null; x: number; y: number }[] } }>(
      url, KEYS.analyst, 'query { userMap(first: 100) { embeddingRunId segmentRunId population sampled explained separation points { userId segmentId x y } } }',
    );
    expect(a.errors).toBeUndefined();
    const map = a.data!.userMap;
    const [runs] = await db.read<{ embeddings: string; segments: string; users: number }>(
      "MATCH (e:Run {kind: 'embeddings', current: true}) MATCH (s:Run {kind: 'segments', current: true}) MATCH (u:User) RETURN e.id AS embeddings, s.id AS segments, count(u) AS users",
    );
    expect([map.embeddingRunId, map.segmentRunId, map.population]).toEqual([runs.embeddings, runs.segments, runs.users]);
    // Each of 300 users is drawn with probability 100/300, capped at 100: never more, and (binomial, sd ~8) far from none.
    expect(map.sampled).toBe(map.points.length);
    expect(map.sampled).toBeLessThanOrEqual(100);
    expect(map.sampled).toBeGreaterThan(50);
    expect(new Set(map.points.map((p) => p.userId)).size).toBe(map.sampled);
    const membership = new Map(
      (await db.read<{ user: string; segment: string }>('MATCH (u:User)-[:IN_SEGMENT]->(s:Segment {runId: $run}) RETURN u.id AS user, s.segmentId AS segment', { run: runs.segments })).map((r) => [r.user, r.segment]),
    );
    for (const p of map.points) {
      expect(p.segmentId).toBe(membership.get(p.userId) ?? null);
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
    // Principal axes: shares of the variance, the first the larger; the coordinates are centred.
    expect(map.explained).toHaveLength(2);
    expect(map.explained[0]).toBeGreaterThanOrEqual(map.explained[1]);
    expect(map.explained[0] + map.explained[1]).toBeLessThanOrEqual(1 + 1e-9);
    expect(Math.abs(map.points.reduce((s, p) => s + p.x, 0) / map.sampled)).toBeLessThan(1e-6);
    expect(map.separation).not.toBeNull();
    expect(map.separation!).toBeGreaterThanOrEqual(0);
    expect(map.separation!).toBeLessThanOrEqual(1);
    // Its own ceiling, and analysts only.
    const tooMany = await gql(url, KEYS.analyst, 'query { userMap(first: 1001) { sampled } }');
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(tooMany.errors?.[0].extensions.argument).toBe('first');
    expect(codes(await gql(url, KEYS.service, 'query { userMap { sampled } }'))).toEqual(['FORBIDDEN']);
  });

  it('bad arguments are typed errors naming the argument; unknown ids are NOT_FOUND', async () => {
    const bad = [
      ['query { productMap(first: 0) { truncated } }', 'first'],
      [`query { productMap(first: 101) { truncated } }`, 'first'],
      ['query { userView(userId: "has space") { truncated } }', 'userId'],
      ['query { segmentView(segmentId: "S00", after: "not-a-cursor") { truncated } }', 'after'],
    ] as const;
    for (const [query, argument] of bad) {
      const a = await gql(url, KEYS.analyst, query);
      expect(codes(a)).toEqual(['BAD_USER_INPUT']);
      expect(a.errors?.[0].extensions.argument).toBe(argument);
    }
    for (const query of ['query { userView(userId: "nobody") { truncated } }', 'query { productView(productId: "nothing") { truncated } }', 'query { segmentView(segmentId: "S99999") { truncated } }']) {
      expect(codes(await gql(url, KEYS.analyst, query))).toEqual(['NOT_FOUND']);
    }
  });

  it('limits: the page size counts in the cost, and the views are for analysts only', async () => {
    const aliases = Array.from({ length: 5 }, (_, i) => `m${i}: productMap(first: 100) { nodes { id name label properties } edges { id type source target weight properties } }`).join(' ');
    const a = await gql(url, KEYS.analyst, `query { ${aliases} }`);
    expect(codes(a)).toEqual(['QUERY_TOO_COMPLEX']);
    for (const key of [KEYS.crm, KEYS.service]) expect(codes(await gql(url, key, 'query { productMap { truncated } }'))).toEqual(['FORBIDDEN']);
  });
});
