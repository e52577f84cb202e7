/**
 * The ranker's sequence feature through the real stack (issue 12 §4): a generated world in the test
 * Neo4j, `graphrec train`, then
 *  - `graphrec train-ranker` with no sequence model on the run: no seq_* features, and the API's
 *    recommendations come from the ranker as before;
 *  - `graphrec train-sequence`, `graphrec train-ranker` again: seq_score/seq_rank are features,
 *    learnt from a carve sequence model kept beside the ranker; the API's ranker reads each user's
 *    stored session state: swapping two users' states (nothing else) changes their ranked scores,
 *    and a sequence model whose files are gone leaves the ranker answering.
 * Expectations are about behaviour, never a quality figure.
 */
import { GraphDb } from '@graphrec/neo4j';
import { currentRun } from '@graphrec/writeback';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { runCli } from '../support/cli';
import { testDb } from '../support/db';
import { trainedWorld } from '../support/world';
import { gql, KEYS, KEYS_ENV } from './support';

jest.setTimeout(600_000);

const RANK = 'query($u: ID!, $p: [ID!]!) { rank(userId: $u, productIds: $p) { strategy items { score product { id } } } }';
const RECS = 'query($u: ID!) { recommendations(userId: $u, k: 5) { strategy items { product { id } } } }';

interface Ranked {
  strategy: string;
  items: { score: number; product: { id: string } }[];
}

describe('seq_score/seq_rank in train-ranker and the served ranker (real API, Neo4j, XGBoost)', () => {
  let db: GraphDb;
  let models: string;
  let products: string[];
  let users: string[];
  let api: ApiProcess | undefined;

  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, GRAPHREC_ANSWER_CACHE_POLL_MS: '200', LOG_LEVEL: 'silent' };
    // The states live in Neo4j here (the Redis path is the same store the session specs cover).
    delete e.GRAPHREC_REDIS_URL;
    return e;
  };
  const trainRanker = async (): Promise<{ featureNames: string[]; path: string }> => {
    const result = await runCli(['train-ranker', '--json', '--model-dir', models, '--label-days', '60']);
    if (result.code !== 0) throw new Error(`graphrec train-ranker failed: ${result.stderr}`);
    return JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  };
  const rank = async (user: string): Promise<Ranked> => {
    const a = await gql<{ rank: Ranked }>(`${api?.url}/graphql`, KEYS.service, RANK, { u: user, p: products });
    expect(a.errors).toBeUndefined();
    return a.data?.rank as Ranked;
  };
  const scores = (r: Ranked) => Object.fromEntries(r.items.map((i) => [i.product.id, i.score]));

  beforeAll(async () => {
    db = testDb();
    ({ models } = await trainedWorld(db, { name: 'ranker-seq', users: 600, seed: 7 }));
    products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id')).map((r) => r.id);
    // Users with a history of sessions: the ones a sequence model has something to say about.
    users = (
      await db.read<{ id: string }>(
        "MATCH (u:User)-[:PERFORMED]->(e:Event) WHERE e.type IN ['product_view', 'add_to_cart', 'purchase'] WITH u, count(e) AS n WHERE n >= 6 RETURN u.id AS id ORDER BY id LIMIT 8",
      )
    ).map((r) => r.id);
    expect(users.length).toBe(8);
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  it('without a sequence model on the run: no seq_* features, and the API ranks with the ranker', async () => {
    const ranker = await trainRanker();
    expect(ranker.featureNames).not.toContain('seq_score');
    api = await startApiProcess(env());
    const rec = await gql(`${api.url}/graphql`, KEYS.service, RECS, { u: users[0] });
    expect(rec.errors).toBeUndefined();
    expect(rec.data?.recommendations.strategy).toBe('ranker');
    expect(rec.data?.recommendations.items).toHaveLength(5);
    await api.close();
    api = undefined;
  });

  it('with one: the features include seq_score/seq_rank from a carve model, and the served ranker reads each user’s session state', async () => {
    const seq = await runCli(['train-sequence', '--epochs', '1', '--model-dir', models]);
    if (seq.code !== 0) throw new Error(`graphrec train-sequence failed: ${seq.stderr}`);
    const ranker = await trainRanker();
    expect(ranker.featureNames).toEqual(expect.arrayContaining(['seq_score', 'seq_rank']));
    // The trees learnt from a model fitted before the label window, kept beside the ranker.
    expect(existsSync(join(ranker.path, 'sequence-cut', 'model.json'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(ranker.path, 'manifest.json'), 'utf8'));
    expect(manifest.state.sequence).toBe(true);
    expect(manifest.trainedWith.sequence.cutSessions).toBeGreaterThan(0);
    // The twin is the served model's configuration trained for the epochs the served fit chose on
    // its validation carve: no second carve (no validation epochs), the same averaging and dropout.
    const run = await currentRun(db, 'embeddings');
    const [{ sequence }] = await db.read<{ sequence: string }>('MATCH (r:Run {id: $id}) RETURN r.sequence AS sequence', { id: run?.id });
    const served = JSON.parse(readFileSync(join(JSON.parse(sequence).path, 'model.json'), 'utf8'));
    const twin = JSON.parse(readFileSync(join(ranker.path, 'sequence-cut', 'model.json'), 'utf8'));
    expect(served.options).toMatchObject({ refit: true, emaEpochs: 2, hiddenDropout: 0.2 });
    expect(served.chosenEpochs).toBeGreaterThan(0);
    expect(twin).toMatchObject({ chosenEpochs: served.chosenEpochs, epochs: [] });
    expect(twin.options).toMatchObject({ carve: false, emaEpochs: served.options.emaEpochs, hiddenDropout: served.options.hiddenDropout });

    api = await startApiProcess(env());
    const before = await Promise.all(users.map((u) => rank(u)));
    expect(before.every((r) => r.strategy === 'ranker' && r.items.length === products.length)).toBe(true);
    // The same question twice gives the same scores: what moves below moves because of the state.
    expect(scores(await rank(users[0]))).toEqual(scores(before[0]));
    // Swap the stored session states of user pairs (0↔1, 2↔3, …) and stamp them changed (as the
    // Redis store does), so that the API's change feed drops their cached answers.
    const states = await db.read<{ id: string; state: string }>('UNWIND $ids AS id MATCH (s:SessionState {userId: id}) RETURN id, s.state AS state', { ids: users });
    expect(states).toHaveLength(users.length);
    const byUser = new Map(states.map((s) => [s.id, s.state]));
    const swapped = users.map((u, i) => ({ userId: u, state: byUser.get(users[i ^ 1]) as string }));
    await db.write((tx) => tx.run('UNWIND $rows AS row MATCH (s:SessionState {userId: row.userId}) SET s.state = row.state WITH row MATCH (u:User {id: row.userId}) SET u.changedAt = timestamp()', { rows: swapped }));
    let changed = 0;
    for (let attempt = 0; attempt < 30 && changed === 0; attempt++) {
      await new Promise((r) => setTimeout(r, 200));
      const after = await Promise.all(users.map((u) => rank(u)));
      changed = after.filter((r, i) => JSON.stringify(scores(r)) !== JSON.stringify(scores(before[i]))).length;
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('answers with the ranker when the sequence model’s files are gone (seq_* read as missing)', async () => {
    const run = await currentRun(db, 'embeddings');
    await db.write((tx) => tx.run("MATCH (r:Run {id: $id}) SET r.sequence = '{\"path\":\"/nonexistent\",\"kind\":\"hrnn\",\"weightsSha256\":\"00\",\"gapMs\":1800000,\"itemTypes\":[\"product_view\"]}'", { id: run?.id }));
    let strategy = '';
    for (let attempt = 0; attempt < 30 && strategy !== 'ranker'; attempt++) {
      await new Promise((r) => setTimeout(r, 200));
      const a = await gql(`${api?.url}/graphql`, KEYS.service, RECS, { u: users[2] });
      expect(a.errors).toBeUndefined();
      strategy = a.data?.recommendations.strategy;
    }
    expect(strategy).toBe('ranker');
  });
});
