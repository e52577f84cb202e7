/**
 * `graphrec export recommendations` through the real stack: a generated world in Neo4j, a served
 * embeddings run (and then a ranker), the export as a file, in shards, for a --users file and as
 * signed webhook batches. Every answer must be the one the API's read gives for that user.
 */
import { exportRecommendations, pushRecommendations, shardOf } from '@graphrec/crm';
import { parseCsvText } from '@graphrec/graph-model';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { clearServedRanker, recommendForUser } from '@graphrec/serving';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { resetDb, tempDir, testDb } from '../support/db';
import { WebhookReceiver } from '../support/webhook-receiver';

interface Row {
  user_id: string;
  rank: string;
  product_id: string;
  score: string;
  explanation: string;
  strategy: string;
  run_id: string;
}

const readCsv = (path: string): Row[] => {
  const [header, ...lines] = parseCsvText(readFileSync(path, 'utf8').replace(/\r\n/g, '\n'));
  return lines.map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])) as unknown as Row);
};
const key = (r: Row) => `${r.user_id}#${r.rank}`;

describe('batch recommendations export (real Neo4j, the served run)', () => {
  let db: GraphDb;
  let dir: string;
  let users: string[];

  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    clearServedRanker();
    dir = tempDir('recs');
    expect((await runCli(['generate', '--users', '300', '--seed', '5', '--out', join(dir, 'world')])).code).toBe(0);
    await ingest(db, [join(dir, 'world')]);
    expect((await runCli(['train', '--epochs', '1', '--model-dir', join(dir, 'models')])).code).toBe(0);
    users = (await db.read<{ id: string }>('MATCH (u:User) WHERE u.stub IS NULL RETURN u.id AS id ORDER BY id')).map((r) => r.id);
  });
  afterAll(async () => {
    clearServedRanker();
    await db.close();
  });

  /** Users spread over the whole population, each answered the way the API answers. */
  async function expectSameAsApi(rows: Row[], strategy: string): Promise<void> {
    const byUser = new Map<string, Row[]>();
    for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r]);
    expect([...byUser.keys()]).toEqual(users);
    for (const user of users.filter((_, i) => i % 29 === 3)) {
      const answer = await recommendForUser(db, user, 5);
      const got = byUser.get(user)!;
      expect(got.map((r) => r.product_id)).toEqual(answer.items.map((i) => i.productId));
      expect(got.map((r) => Number(r.score))).toEqual(answer.items.map((i) => i.score));
      expect(got.map((r) => r.explanation)).toEqual(answer.items.map((i) => i.explanation));
      expect(got.every((r) => r.strategy === strategy && r.run_id === answer.runId)).toBe(true);
    }
  }

  it('exports every user top-k as the API answers them (embeddings path), through the CLI', async () => {
    const out = join(dir, 'recs.csv');
    const result = await runCli(['export', 'recommendations', '--k', '5', '--out', out, '--page-size', '64']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`top 5 of ${users.length} users`));
    await expectSameAsApi(readCsv(out), 'embeddings');
  });

  it('refuses bad options with a typed message and exit 2', async () => {
    const bad = await runCli(['export', 'recommendations', '--k', '5', '--shard', '3/2', '--out', join(dir, 'x.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard must be i\/n/);
    const noOut = await runCli(['export', 'recommendations', '--k', '500', '--out', join(dir, 'x.csv')]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--k must be an integer in 1\.\.100/);
  });

  describe('with a ranker on the served run', () => {
    beforeAll(async () => {
      const trained = await runCli(['train-ranker', '--model-dir', join(dir, 'models'), '--label-days', '60']);
      expect(trained.code).toBe(0);
    });

    it('exports the ranker answers, identical to the API read', async () => {
      const out = join(dir, 'ranker.csv');
      const r = await exportRecommendations(db, { k: 5, format: 'csv', out, pageSize: 50 });
      expect(r.users).toBe(users.length);
      await expectSameAsApi(readCsv(out), 'ranker');
    });

    it('worker threads write the same file, byte for byte, with the same counts', async () => {
      const out = join(dir, 'ranker-workers.csv');
      const r = await exportRecommendations(db, { k: 5, format: 'csv', out, pageSize: 37, workers: 3 });
      expect(r.users).toBe(users.length);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'ranker.csv'), 'utf8'));
      // The threads format their pages' lines themselves (one string back per page): JSONL too.
      const jsonl = [1, 2].map((workers) => join(dir, `ranker-w${workers}.jsonl`));
      for (const [i, path] of jsonl.entries()) await exportRecommendations(db, { k: 5, format: 'jsonl', out: path, pageSize: 37, workers: i + 1 });
      expect(readFileSync(jsonl[1], 'utf8')).toBe(readFileSync(jsonl[0], 'utf8'));
      expect(readFileSync(jsonl[0], 'utf8').trim().split('\n')).toHaveLength(users.length * 5);
      const some = await exportRecommendations(db, { k: 5, format: 'csv', out: join(dir, 'some-workers.csv'), userIds: [users[3], users[200], 'U-NOT-THERE'].sort(), pageSize: 1, workers: 2 });
      expect([some.users, some.unknownUsers]).toEqual([2, 1]);
    });

    it('shards are disjoint and together are the whole export', async () => {
      const whole = readCsv(join(dir, 'ranker.csv'));
      const parts: Row[][] = [];
      for (const i of [1, 2, 3]) {
        const out = join(dir, `ranker-${i}of3.csv`);
        const r = await exportRecommendations(db, { k: 5, format: 'csv', out, shard: { index: i, count: 3 }, pageSize: 40 });
        expect(r.users).toBeGreaterThan(0);
        parts.push(readCsv(out));
      }
      const seen = parts.map((p) => new Set(p.map((r) => r.user_id)));
      expect(seen[0].size + seen[1].size + seen[2].size).toBe(users.length);
      expect(parts.flat().map(key).sort()).toEqual(whole.map(key).sort());
      const wholeByKey = new Map(whole.map((r) => [key(r), r]));
      expect(parts.flat().every((r) => JSON.stringify(r) === JSON.stringify(wholeByKey.get(key(r))))).toBe(true);
    });

    it('exports only the users of a --users file, counting unknown ids', async () => {
      const chosen = [users[7], users[150], users[users.length - 1]];
      const file = join(dir, 'users.csv');
      writeFileSync(file, ['user_id', chosen[2], chosen[0], 'U-NOT-THERE', chosen[1], chosen[0]].join('\n') + '\n');
      const out = join(dir, 'chosen.jsonl');
      const result = await runCli(['export', 'recommendations', '--k', '3', '--users', file, '--format', 'jsonl', '--out', out]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/1 user id\(s\) .* not in the graph/);
      const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { user_id: string; rank: number });
      expect(rows.map((r) => `${r.user_id}#${r.rank}`)).toEqual([...chosen].sort().flatMap((u) => [1, 2, 3].map((k) => `${u}#${k}`)));
    });

    it('pushes signed batches of whole users to a webhook; a rerun sends nothing', async () => {
      const secret = 'recs-secret';
      const receiver = new WebhookReceiver<{ batch: number; last: boolean; k: number; rows: { user_id: string; rank: number }[] }>(secret);
      const url = await receiver.start('/recs');
      try {
        const stateFile = join(dir, 'push.json');
        const result = await pushRecommendations(db, { k: 5, url, secret, stateFile, batchSize: 70, shard: { index: 2, count: 2 } });
        const bodies = receiver.bodies;
        expect(receiver.allSigned).toBe(true);
        const mine = new Set(users.filter((u) => shardOf(u, 2) === 2));
        const pushed = bodies.flatMap((b) => b.rows.map((r) => `${r.user_id}#${r.rank}`));
        const pushedUsers = new Set(bodies.flatMap((b) => b.rows.map((r) => r.user_id)));
        expect([...pushedUsers].sort()).toEqual([...mine].sort());
        expect(result.users).toBe(mine.size);
        expect(bodies.every((b) => new Set(b.rows.map((r) => r.user_id)).size <= 70 && b.k === 5)).toBe(true);
        expect(bodies[bodies.length - 1].last).toBe(true);
        expect(pushed.sort()).toEqual(readCsv(join(dir, 'ranker.csv')).filter((r) => mine.has(r.user_id)).map(key).sort());
        const again = await pushRecommendations(db, { k: 5, url, secret, stateFile, batchSize: 70, shard: { index: 2, count: 2 } });
        expect(again).toMatchObject({ alreadyDone: true, batchesSent: 0 });
      } finally {
        await receiver.stop();
      }
    });
  });
});
