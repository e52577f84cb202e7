import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { HeteroGraph, projectFromNeo4j } from '@graphrec/projection';
import { currentEmbeddings, currentRun, listRuns, startRun, writeEmbeddings, WritebackError } from '@graphrec/writeback';
import { rankForUser, recommendForUser, relatedItems, relatedItemsMany } from '@graphrec/serving';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphEmbeddings, publishEmbeddings } from '@graphrec/writeback';
import { count, resetDb, tempDir, testDb } from '../support/db';

// Two kinds of customer: doorbell households (u00-u19; u00-u15 also bought the chime) and alarm
// households (u20-u39; u20-u35 also bought the contact sensor). Embeddings are planted, one
// direction per kind, so every expectation below follows from the data, not from a model.
const PRODUCTS = [
  ['p-door', 'Video Doorbell', 'video_doorbell', 0],
  ['p-chime', 'Chime Pro', 'chime', 0],
  ['p-cam', 'Indoor Cam', 'indoor_camera', 0.3],
  ['p-alarm', 'Alarm Kit', 'alarm_base_station', 1],
  ['p-sensor', 'Contact Sensor', 'contact_sensor', 1],
] as const;
const uid = (i: number) => `u${String(i).padStart(2, '0')}`;
const DIM = 4;

function writeWorld(dir: string): string[] {
  const t = (day: number) => new Date(Date.UTC(2026, 9, 1 + day)).toISOString();
  const users = ['id', ...Array.from({ length: 40 }, (_, i) => uid(i)), 'u-empty'];
  const devices = ['id,product_id'];
  const ownerships = ['user_id,device_id'];
  const events = ['id,user_id,type,product_id,device_id,timestamp'];
  for (let i = 0; i < 40; i++) {
    const base = i < 20 ? 'p-door' : 'p-alarm';
    const extra = i < 20 ? (i < 16 ? 'p-chime' : undefined) : i < 36 ? 'p-sensor' : undefined;
    devices.push(`d${i},${base}`);
    ownerships.push(`${uid(i)},d${i}`);
    events.push(`e${i}-v,${uid(i)},product_view,${base},,${t(1)}`, `e${i}-b,${uid(i)},purchase,${base},,${t(2)}`);
    if (extra) events.push(`e${i}-x,${uid(i)},purchase,${extra},,${t(3)}`);
    if (i % 4 === 0) events.push(`e${i}-c,${uid(i)},product_view,p-cam,,${t(4)}`);
  }
  const files: Record<string, string[]> = {
    'products.csv': ['id,name,category', ...PRODUCTS.map(([id, name, category]) => `${id},${name},${category}`)],
    'users.csv': users,
    'devices.csv': devices,
    'ownerships.csv': ownerships,
    'events.csv': events,
  };
  return Object.entries(files).map(([name, lines]) => {
    writeFileSync(join(dir, name), lines.join('\n') + '\n');
    return join(dir, name);
  });
}

/** Direction 0 for doorbell things, 1 for alarm things, blended for the camera; optional tilt. */
function planted(graph: HeteroGraph, tilt = 0): GraphEmbeddings {
  const vec = (alarmness: number, out: Float32Array, at: number) => {
    const v = [1 - alarmness, alarmness, tilt, 0.05];
    const norm = Math.hypot(...v);
    v.forEach((x, d) => (out[at * DIM + d] = x / norm));
  };
  const User = new Float32Array(graph.nodes.User.size * DIM);
  graph.nodes.User.ids.forEach((id, i) => vec(id === 'u-empty' ? 0.5 : Number(id.slice(1)) < 20 ? 0.1 : 0.9, User, i));
  const Product = new Float32Array(graph.nodes.Product.size * DIM);
  graph.nodes.Product.ids.forEach((id, i) => vec(PRODUCTS.find((p) => p[0] === id)![3], Product, i));
  return { dimension: DIM, User, Product };
}

describe('embeddings write-back and serving (real Neo4j)', () => {
  let db: GraphDb;
  let graph: HeteroGraph;
  let first: string;
  // Published once here, not inside the first test, so that a failure shows up where it happens
  // instead of cascading through every later test as an unset run id.
  let before: { embeddings: Awaited<ReturnType<typeof currentEmbeddings>>; answer: Awaited<ReturnType<typeof recommendForUser>> };
  let published: Awaited<ReturnType<typeof publishEmbeddings>>;

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const summary = await ingest(db, writeWorld(tempDir('serving')));
    expect(summary.files.every((f) => f.rejected === 0)).toBe(true);
    graph = await projectFromNeo4j(db);
    before = { embeddings: await currentEmbeddings(db), answer: await recommendForUser(db, uid(17), 3) };
    published = await publishEmbeddings(db, graph, planted(graph), { params: { model: 'planted' } });
    first = published.runId;
  });
  afterAll(() => db.close());

  it('serves nothing before a run completes, then the published run', async () => {
    expect(before.embeddings).toBeUndefined();
    expect(before.answer).toMatchObject({ runId: null, strategy: 'popularity' });
    expect(published.slot).toBe('a');
    expect(published.written).toEqual({ User: 41, Product: 5 });
    expect(published.similar).toBe(5 * 4);
    expect(await currentEmbeddings(db)).toEqual({ runId: first, slot: 'a', dimension: DIM });
    // Products are searched by nearest neighbour; users only read by id, so they get no index.
    expect(await count(db, "SHOW VECTOR INDEXES YIELD name WHERE name = 'product_embedding_a' RETURN count(*) AS n")).toBe(1);
    expect(await count(db, "SHOW VECTOR INDEXES YIELD name WHERE name = 'user_embedding_a' RETURN count(*) AS n")).toBe(0);
  });

  it('related items come from the run, with co-engagement explanations', async () => {
    const answer = await relatedItems(db, 'p-door', 2);
    expect(answer.runId).toBe(first);
    expect(answer.items.map((i) => i.productId)).toEqual(['p-chime', 'p-cam']);
    expect(answer.items[0].explanation).toBe('80% of customers with Video Doorbell also have Chime Pro (16 of 20)');
    expect(answer.items[0].evidence[0]).toMatchObject({ kind: 'co-engagement', share: 0.8, count: 16 });
    const filtered = await relatedItems(db, 'p-door', 5, { categories: ['alarm_base_station', 'contact_sensor'] });
    expect(filtered.items.map((i) => i.category)).toEqual(expect.arrayContaining(['alarm_base_station', 'contact_sensor']));
    expect(filtered.items).toHaveLength(2);
    // The score ranks (cosine + co-engagement share); a pair without support explains itself by the stored cosine.
    const stored = await db.read<{ score: number; cosine: number; share: number }>(
      "MATCH (:Product {id: 'p-door'})-[s:SIMILAR_TO {runId: $runId}]->(:Product {id: 'p-chime'}) RETURN s.score AS score, s.cosine AS cosine, s.share AS share",
      { runId: first },
    );
    expect(stored[0].score).toBeGreaterThan(stored[0].cosine);
    expect(stored[0].cosine).toBeLessThanOrEqual(1 + 1e-6);
    // No customer has both: the share adds nothing, the cosine alone ranks and explains.
    for (const item of filtered.items) {
      expect(item.evidence[0].kind).toBe('similar');
      expect(item.explanation).toContain(`similarity ${item.score.toFixed(2)}`);
    }
    const many = await relatedItemsMany(db, ['p-door', 'p-alarm', 'nope'], 1);
    expect([...many.keys()].sort()).toEqual(['p-alarm', 'p-door']);
    expect(many.get('p-alarm')?.items[0].productId).toBe('p-sensor');
  });

  it('recommends to a known user from its embedding, excluding what it has, and says why', async () => {
    const answer = await recommendForUser(db, uid(17), 2);
    expect(answer).toMatchObject({ userId: uid(17), runId: first, strategy: 'embeddings' });
    expect(answer.items[0].productId).toBe('p-chime');
    expect(answer.items[0].explanation).toContain('owns Video Doorbell; 80% of its owners also have Chime Pro');
    expect(answer.items.map((i) => i.productId)).not.toContain('p-door');
    const withOwned = await recommendForUser(db, uid(17), 5, { excludeOwned: false, excludePurchased: false });
    // Doorbell and chime share a planted direction: both lead once nothing is excluded.
    expect(withOwned.items.slice(0, 2).map((i) => i.productId).sort()).toEqual(['p-chime', 'p-door']);
    const alarmOnly = await recommendForUser(db, uid(17), 5, { categories: ['contact_sensor'] });
    expect(alarmOnly.items.map((i) => i.productId)).toEqual(['p-sensor']);
    // u16 owns the doorbell, has no chime, and looked at the camera (cosine with the chime 0.92).
    const viewer = await recommendForUser(db, uid(16), 3);
    const chime = viewer.items.find((i) => i.productId === 'p-chime')!;
    expect(chime.evidence.map((e) => e.kind)).toEqual(['owns', 'viewed']);
    expect(chime.explanation).toBe('owns Video Doorbell; 80% of its owners also have Chime Pro; close to Indoor Cam you looked at recently');
    const cam = viewer.items.find((i) => i.productId === 'p-cam')!;
    expect(cam.evidence.map((e) => e.kind)).not.toContain('viewed'); // never "close to itself"
  });

  it('ranks given products for a user', async () => {
    const answer = await rankForUser(db, uid(25), ['p-door', 'p-sensor', 'p-cam']);
    expect(answer.items.map((i) => i.productId)).toEqual(['p-sensor', 'p-cam', 'p-door']);
    expect(answer.items.map((i) => i.rank)).toEqual([1, 2, 3]);
  });

  it('cold start: a user new since training is embedded from its history, one without history gets popularity', async () => {
    await db.run("MATCH (p:Product {id: 'p-alarm'}) CREATE (:User {id: 'u-new'})-[:PERFORMED]->(:Event {id: 'e-new', type: 'product_view', timestamp: datetime()})-[:ABOUT]->(p)");
    const fresh = await recommendForUser(db, 'u-new', 2);
    expect(fresh.strategy).toBe('history');
    expect(fresh.items[0].productId).toMatch(/^p-(alarm|sensor)$/);
    await db.run("MATCH (u:User {id: 'u-empty'}) REMOVE u.embedding_a");
    const empty = await recommendForUser(db, 'u-empty', 5);
    expect(empty.strategy).toBe('popularity');
    expect(empty.items).toHaveLength(5);
    expect(empty.items[0].evidence.some((e) => e.kind === 'popular')).toBe(true);
    const scores = empty.items.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('typed errors: unknown ids and k out of range', async () => {
    await expect(recommendForUser(db, 'nobody', 3)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(relatedItems(db, 'nothing', 3)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rankForUser(db, uid(1), ['p-door', 'ghost'])).rejects.toThrow('"ghost"');
    await expect(relatedItems(db, 'p-door', 0)).rejects.toBeInstanceOf(WritebackError);
    await expect(recommendForUser(db, uid(1), 101)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('a run being written is not served; completing it switches slots; failures leave the old run; retention prunes', async () => {
    const second = await startRun(db, 'embeddings', {});
    const emb = planted(graph, 0.5);
    const write = await writeEmbeddings(db, second, {
      dimension: DIM,
      vectors: { User: { ids: graph.nodes.User.ids, vectors: emb.User }, Product: { ids: graph.nodes.Product.ids, vectors: emb.Product } },
      productStats: { ids: [], rate: [], buyers: [], engaged: [], holders: [] },
      similar: [{ from: 'p-door', to: 'p-alarm', score: 0.9, cosine: 0.9, rank: 1, coUsers: 0, share: 0 }],
    });
    expect(write.slot).toBe('b');
    expect((await relatedItems(db, 'p-door', 1)).items[0].productId).toBe('p-chime');
    expect((await recommendForUser(db, uid(17), 1)).runId).toBe(first);

    const published = await publishEmbeddings(db, graph, planted(graph, 0.2), { keepRuns: 1 });
    expect(published.slot).toBe('b');
    expect((await currentRun(db, 'embeddings'))?.id).toBe(published.runId);
    expect((await relatedItems(db, 'p-door', 1)).runId).toBe(published.runId);
    // keepRuns 1: the first run and the abandoned writing run are gone, with their SIMILAR_TO.
    expect(published.pruned.sort()).toEqual([first, second].sort());
    expect(await count(db, 'MATCH ()-[s:SIMILAR_TO]->() WHERE s.runId <> $id RETURN count(s) AS n', { id: published.runId })).toBe(0);

    const broken = planted(graph);
    broken.Product[0] = Number.NaN;
    await expect(publishEmbeddings(db, graph, broken)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await currentRun(db, 'embeddings'))?.id).toBe(published.runId);
    expect((await listRuns(db, 'embeddings')).some((r) => r.status === 'failed')).toBe(true);
  });
});
