/**
 * Incremental updates through the real stack: a generated world, GraphSAGE and segments from the
 * real CLI, the API in its own process and `graphrec incremental` in another. A brand-new user's
 * first events arrive through the API's trackEvent; within 60 s (the contract, polled with a
 * bound, never timed) the user's recommendations come from the user's own vector, computed by the
 * published model without a retrain, and the user has a segment in the current run by nearest
 * profile. A later event moves the vector again; the updater does not loop on its own writes.
 */
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { currentEmbeddings, currentRun, readUserEmbeddings, segmentMembership, slotProperties } from '@graphrec/writeback';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql, KEYS, KEYS_ENV } from '../api/support';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli, startCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';

jest.setTimeout(300_000);

const CONTRACT_MS = 60_000;
const RECOMMEND = 'query($id: ID!) { recommendations(userId: $id, k: 5) { strategy runId items { product { id } score } } }';
const TRACK = 'mutation($input: TrackEventInput!) { trackEvent(input: $input) { created } }';

describe('incremental updates: a new user embedded without a retrain (real Neo4j, API, CLI)', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let updater: ReturnType<typeof startCli>;
  let products: string[];
  let modelDir: string;

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('incremental');
    modelDir = tempDir('incremental-models');
    expect((await runCli(['generate', '--users', '300', '--seed', '17', '--out', join(dir, 'world')])).code).toBe(0);
    expect((await runCli(['ingest', join(dir, 'world')])).code).toBe(0);
    const train = await runCli(['train', '--epochs', '2', '--model-dir', modelDir]);
    expect(train.stderr).not.toMatch(/not published/);
    expect(train.code).toBe(0);
    expect((await runCli(['segment'])).code).toBe(0);
    products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id')).map((r) => r.id);
    api = await startApiProcess({ ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent' });
    updater = startCli(['incremental', '--model-dir', modelDir, '--poll-ms', '1000', '--json']);
  });
  afterAll(async () => {
    if (updater?.child.exitCode === null) updater.child.kill('SIGTERM');
    const done = await updater?.done;
    if (done && done.code !== 0) console.error(done.stderr);
    await api?.close();
    await db?.close();
  });

  const ask = async (user: string) => {
    const a = await gql(`${api.url}/graphql`, KEYS.service, RECOMMEND, { id: user });
    expect(a.errors).toBeUndefined();
    return a.data?.recommendations as { strategy: string; runId: string; items: { product: { id: string } }[] };
  };
  const track = async (user: string, type: string, productId: string) => {
    const a = await gql(`${api.url}/graphql`, KEYS.service, TRACK, {
      input: { id: `ev-inc-${randomUUID()}`, userId: user, type, productId, timestamp: new Date(Date.now() - 1_000).toISOString() },
    });
    expect(a.data?.trackEvent).toEqual({ created: true });
  };
  const vectorOf = async (user: string, label: 'User' | 'Product' = 'User'): Promise<number[] | null> => {
    const run = await currentEmbeddings(db);
    const query = label === 'User' ? 'MATCH (n:User {id: $id}) RETURN n[$prop] AS v' : 'MATCH (n:Product {id: $id}) RETURN n[$prop] AS v';
    const [row] = await db.read<{ v: number[] | null }>(query, { id: user, prop: slotProperties(run!.slot).embedding });
    return row?.v ?? null;
  };
  /** Polls `check` until it holds or `CONTRACT_MS` after `from` has passed; returns when it held (ms after `from`). */
  const within = async (from: number, check: () => Promise<boolean>): Promise<number> => {
    while (!(await check())) {
      if (Date.now() - from > CONTRACT_MS) throw new Error(`not within ${CONTRACT_MS / 1000} s of trackEvent`);
      await new Promise((r) => setTimeout(r, 500));
    }
    return Date.now() - from;
  };

  it('gives a brand-new user recommendations from their own vector within 60 s of trackEvent, and a segment', async () => {
    // An id that sorts among the existing ones (U0000001 < this < U0000002): the model's id tables
    // must follow node ids, not positions, or every later user would read its neighbour's row.
    const user = `U0000001-new-${randomUUID()}`;
    const [viewed, bought] = [products[3], products[7]];
    const t0 = Date.now();
    await track(user, 'product_view', viewed);
    await track(user, 'purchase', bought);
    // At once: the cold-start path from the products touched (no vector of their own yet).
    const first = await ask(user);
    expect(first.strategy).not.toBe('embeddings');
    expect(await vectorOf(user)).toBeNull();

    const took = await within(t0, async () => (await ask(user)).strategy === 'embeddings');
    expect(took).toBeLessThanOrEqual(CONTRACT_MS);
    const answer = await ask(user);
    expect(answer.runId).toBe((await currentEmbeddings(db))!.runId);
    expect(answer.items.map((i) => i.product.id)).not.toContain(bought); // excluded as purchased: the events are in it

    const vector = (await vectorOf(user))!;
    const run = (await currentEmbeddings(db))!;
    expect(vector).toHaveLength(run.dimension);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 3);

    // Its segment: in the current run, marked as assigned incrementally, and the nearest profile.
    const segments = (await currentRun(db, 'segments'))!;
    const [membership] = await db.read<{ segmentId: string; assignedBy: string; confidence: number }>(
      'MATCH (:User {id: $id})-[m:IN_SEGMENT]->(s:Segment {runId: $runId}) RETURN s.segmentId AS segmentId, m.assignedBy AS assignedBy, m.confidence AS confidence',
      { id: user, runId: segments.id },
    );
    expect(membership).toMatchObject({ assignedBy: 'incremental' });
    const members = await segmentMembership(db, segments.id);
    const others = members.users.map((u, i) => [u, i] as const).filter(([u]) => u !== user);
    const { vectors } = await readUserEmbeddings(db, run, others.map(([u]) => u));
    // The nearest profile, computed here by hand rather than with the updater's own nearest-segment
    // code: each segment's summed member vectors, the cosine with the new user's vector, the best.
    const d = run.dimension;
    const sums = new Map<string, number[]>();
    others.forEach(([, i], k) => {
      const row = Array.from(vectors.subarray(k * d, (k + 1) * d));
      if (row.every((v) => v === 0)) return; // a member without a vector
      const id = members.segmentIds[members.segmentOf[i]];
      const sum = sums.get(id) ?? new Array<number>(d).fill(0);
      row.forEach((v, c) => (sum[c] += v));
      sums.set(id, sum);
    });
    const cosine = (a: number[], b: number[]) => a.reduce((n, v, c) => n + v * b[c], 0) / (Math.hypot(...a) * Math.hypot(...b));
    const ranked = [...sums].map(([id, sum]) => ({ id, cos: cosine(sum, vector) })).sort((x, y) => y.cos - x.cos);
    expect(ranked.length).toBeGreaterThan(1);
    expect(membership.segmentId).toBe(ranked[0].id);
    expect(membership.confidence).toBeCloseTo(ranked[0].cos, 2);

    // The API's own view of the user shows the segment too.
    const seg = await gql(`${api.url}/graphql`, KEYS.analyst, 'query($id: ID!) { user(id: $id) { segment { id } } }', { id: user });
    expect(seg.errors).toBeUndefined();
    expect(seg.data?.user?.segment?.id).toContain(membership.segmentId);
  });

  it('re-embeds a user after a later event, and two new users with different events get different vectors', async () => {
    const [a, b] = [`u-new-${randomUUID()}`, `u-new-${randomUUID()}`];
    const t0 = Date.now();
    await track(a, 'purchase', products[0]);
    await track(b, 'purchase', products[products.length - 1]);
    await within(t0, async () => (await vectorOf(a)) !== null && (await vectorOf(b)) !== null);
    const [va, vb] = [(await vectorOf(a))!, (await vectorOf(b))!];
    expect(va).not.toEqual(vb);

    const t1 = Date.now();
    for (const p of products.slice(1, 6)) await track(a, 'purchase', p);
    await within(t1, async () => JSON.stringify(await vectorOf(a)) !== JSON.stringify(va));
    // Settled: no further change once the events are embedded (the updater does not loop on its own writes).
    const settled = await vectorOf(a);
    const [{ pending }] = await db.read<{ pending: number }>(
      'MATCH (u:User) WHERE u.id IN $ids AND (u.incrementalAt IS NULL OR u.incrementalAt < u.changedAt) RETURN count(u) AS pending',
      { ids: [a, b] },
    );
    expect(pending).toBe(0);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await vectorOf(a)).toEqual(settled);
  });

  it('gives a product loaded after the run a vector in the served slot', async () => {
    const product = `P-NEW-${randomUUID().slice(0, 8).toUpperCase()}`;
    const dir = tempDir('incremental-product');
    writeFileSync(join(dir, 'products.csv'), `id,name,category,price,compatible_with\n${product},Brand New Chime,chime,29.99,\n`);
    const t0 = Date.now();
    const loaded = await ingest(db, [dir]);
    expect(loaded.loaded).toBe(1);
    await track(`u-new-${randomUUID()}`, 'purchase', product);
    await within(t0, async () => (await vectorOf(product, 'Product')) !== null);
    const run = (await currentEmbeddings(db))!;
    const vector = (await vectorOf(product, 'Product'))!;
    expect(vector).toHaveLength(run.dimension);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 3);
  });
});
