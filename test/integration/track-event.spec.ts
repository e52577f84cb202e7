import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codes, gql, KEYS, KEYS_ENV } from '../api/support';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { count, resetDb, tempDir, testDb } from '../support/db';

const MUTATION = `mutation($input: TrackEventInput!) { trackEvent(input: $input) { id created } }`;

// trackEvent and file ingest apply one rule (libs/graph-model/src/limits.ts). An event dated
// 9999-01-01 once made the next training publish a NaN run; a value of 1e308 broke every training.
describe('trackEvent refuses what file ingest refuses (real API process, real Neo4j)', () => {
  let db: GraphDb;
  let api: ApiProcess;
  let url: string;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    const dir = tempDir('track-event');
    writeFileSync(join(dir, 'products.csv'), 'id,name,category,price\np-cam,Indoor Cam,indoor_camera,59\n');
    await ingest(db, [dir]);
    api = await startApiProcess({ ...process.env, GRAPHREC_API_KEYS: KEYS_ENV, LOG_LEVEL: 'silent' });
    url = `${api.url}/graphql`;
  });
  afterAll(async () => {
    await api?.close();
    await db.close();
  });

  const base = { userId: 'u-live', type: 'purchase', timestamp: '2026-01-02T03:04:05Z', productId: 'p-cam' };
  const track = (input: Record<string, unknown>) => gql(url, KEYS.service, MUTATION, { input: { ...base, ...input } });

  it('refuses far-future timestamps and values outside their type\'s bounds, with the reason', async () => {
    const tomorrowPlus = new Date(Date.now() + 2 * 86_400_000).toISOString();
    for (const [id, bad, why] of [
      ['ev-9999', { timestamp: '9999-01-01' }, /timestamp .*out of range/],
      ['ev-ahead', { timestamp: tomorrowPlus }, /out of range/],
      ['ev-epoch-1e20', { timestamp: '100000000000000000000' }, /timestamp/],
      ['ev-huge', { value: 1e308 }, /value: .* out of range for an amount/],
      ['ev-rating', { type: 'rating', value: 6 }, /out of range for a rating/],
      ['ev-negative', { value: -5 }, /out of range/],
    ] as const) {
      const answer = await track({ id, ...bad });
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0].message).toMatch(why);
    }
    expect(await count(db, 'MATCH (e:Event) RETURN count(e) AS n')).toBe(0);
  });

  it('accepts the same event types as file ingest, within bounds', async () => {
    expect((await track({ id: 'ev-ok', value: 59 })).data).toEqual({ trackEvent: { id: 'ev-ok', created: true } });
    expect((await track({ id: 'ev-rated', type: 'rating', value: 4.5 })).data).toEqual({ trackEvent: { id: 'ev-rated', created: true } });
    expect((await track({ id: 'ev-old', type: 'product_view', timestamp: '1970-01-01' })).data).toEqual({ trackEvent: { id: 'ev-old', created: true } });
    expect(await count(db, 'MATCH (e:Event) RETURN count(e) AS n')).toBe(3);
  });
});
