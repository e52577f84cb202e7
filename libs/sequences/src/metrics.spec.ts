import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LastItemKnn, SessionKnn, SessionPopularity } from './baselines';
import { MetricsAccumulator, rankOf } from './metrics';
import { nextItemSplit } from './protocol';
import { evaluateSessions, SessionRecommender } from './recommender';
import { readSessionLog } from './session-log';

const DAY = 86_400;

/**
 * The 3-session toy log: S1 = A B C (day 1, user a), S2 = A C (day 2, user b), S3 = A C B X
 * (day 10, user a; X never seen in train). Temporal split with 7 test days: S3 is test, X removed.
 * Train popularity A 2, C 2, B 1: indices A 0, C 1, B 2. Predictions: C after [A], B after [A, C].
 */
async function toy() {
  const dir = mkdtempSync(join(tmpdir(), 'toy-'));
  const path = join(dir, 'toy.csv');
  const rows = [
    ['S1', 'A', 1 * DAY, 'a'],
    ['S1', 'B', 1 * DAY + 60, 'a'],
    ['S1', 'C', 1 * DAY + 120, 'a'],
    ['S2', 'A', 2 * DAY, 'b'],
    ['S2', 'C', 2 * DAY + 60, 'b'],
    ['S3', 'A', 10 * DAY, 'a'],
    ['S3', 'C', 10 * DAY + 60, 'a'],
    ['S3', 'B', 10 * DAY + 120, 'a'],
    ['S3', 'X', 10 * DAY + 180, 'a'],
  ];
  writeFileSync(path, ['session_id,item_id,timestamp,user_id', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  const log = await readSessionLog(path);
  return nextItemSplit(log.sessions, { protocol: 'temporal', testDays: 7 });
}

async function run(model: SessionRecommender) {
  const split = await toy();
  await model.fit({ train: split.train, nItems: split.itemIds.length, nUsers: split.userIds.length, popularity: split.popularity });
  return evaluateSessions(model, split.train, split.test);
}

describe('the next-item protocol on a 3-session toy log', () => {
  it('splits by time, orders items by popularity and removes unseen test items', async () => {
    const split = await toy();
    expect(split.itemIds).toEqual(['A', 'C', 'B']);
    expect(split.train).toHaveLength(2);
    expect(split.test.map((s) => Array.from(s.items))).toEqual([[0, 1, 2]]);
    expect(split.removed.unseenTestItems).toBe(1);
  });


  it('spop: after [A], A leads on its count and C is 2nd; after [A, C], B is 3rd', async () => {
    const m = await run(new SessionPopularity());
    expect(m.predictions).toBe(2);
    expect(m['recall@5']).toBe(1);
    expect(m['mrr@5']).toBeCloseTo((1 / 2 + 1 / 3) / 2, 10);
    expect(m['mrr@20']).toBeCloseTo((1 / 2 + 1 / 3) / 2, 10);
  });

  it('lastitem: cosine co-occurrence ranks C 1st after A and B 2nd after C', async () => {
    const m = await run(new LastItemKnn());
    expect(m['mrr@5']).toBeCloseTo((1 + 1 / 2) / 2, 10);
  });

  it('sknn: neighbours S1 and S2 score A and C equally, the tie goes to A', async () => {
    const m = await run(new SessionKnn(false));
    expect(m['mrr@5']).toBeCloseTo((1 / 2 + 1 / 3) / 2, 10);
  });
});

describe('metrics', () => {
  it('counts ties against the target unless the target is more popular', () => {
    expect(rankOf([0.5, 0.5, 0.9], 1)).toBe(3);
    expect(rankOf([0.5, 0.5, 0.9], 0)).toBe(2);
  });

  it('recall and MRR cut at 5 and 20', () => {
    const acc = new MetricsAccumulator();
    [1, 4, 6, 30].forEach((r) => acc.add(r));
    const m = acc.result();
    expect(m['recall@5']).toBe(0.5);
    expect(m['recall@20']).toBe(0.75);
    expect(m['mrr@5']).toBeCloseTo((1 + 1 / 4) / 4, 12);
    expect(m['mrr@20']).toBeCloseTo((1 + 1 / 4 + 1 / 6) / 4, 12);
  });
});
