import { trainDataFrom } from '@graphrec/recommend';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRanker, readManifest, saveRanker } from './model-files';
import { RankerRecommender } from './ranker';

/**
 * 120 users in 4 taste groups over 40 items (group g likes items 10g..10g+9, popularity falling
 * with the index inside the group), each user with 6 of their group's items plus one random
 * item: a structure the generators see and the ranker can learn from in a few rounds.
 */
function world(): ReturnType<typeof trainDataFrom> {
  let s = 12345;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const users: number[] = [];
  const items: number[] = [];
  for (let u = 0; u < 120; u++) {
    const g = u % 4;
    const chosen = new Set<number>();
    while (chosen.size < 6) chosen.add(10 * g + Math.floor(10 * rand() * rand()));
    chosen.add(Math.floor(40 * rand()));
    for (const i of chosen) (users.push(u), items.push(i));
  }
  return trainDataFrom(120, 40, { users: Int32Array.from(users), items: Int32Array.from(items) });
}

const generators = [
  { name: 'pop', kind: 'popularity', n: 15 },
  { name: 'cooc', kind: 'cooccurrence', n: 15, options: { neighbours: 20 } },
];

describe('RankerRecommender', () => {
  let dir: string;
  const train = world();
  const ranker = new RankerRecommender({ generators, grid: [{ eta: 0.3, max_depth: 3, min_child_weight: 1 }], rounds: 30, earlyStopping: 10, seed: 3 });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rank-model-'));
    await ranker.fit(train);
  });
  afterAll(() => {
    ranker.free();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fits on labels carved out of train and reports what it measured there', () => {
    const report = ranker.report;
    expect(report?.labelUsers).toBeGreaterThan(50);
    expect(report?.trainRows).toBeGreaterThan(0);
    expect(report?.validationRows).toBeGreaterThan(0);
    expect(report?.candidateRecall).toBeGreaterThan(0);
    expect(report?.bestIteration).toBeGreaterThanOrEqual(0);
    expect(Object.keys(report?.generatorValidationNdcg ?? {})).toEqual(['pop', 'cooc']);
  });

  it('recommends k unseen candidates, best first, consistent with score()', () => {
    for (const user of [0, 1, 57]) {
      const recs = ranker.recommend(user, 5);
      expect(recs.length).toBe(5);
      const seen = new Set(train.matrix.targets.subarray(train.matrix.offsets[user], train.matrix.offsets[user + 1]));
      for (const item of recs) expect(seen.has(item)).toBe(false);
      const candidates = new Set(ranker.candidates(user));
      for (const item of recs) expect(candidates.has(item)).toBe(true);
      const scores = ranker.score(user, recs);
      for (let r = 1; r < scores.length; r++) expect(scores[r - 1]).toBeGreaterThanOrEqual(scores[r]);
    }
    const excluded = ranker.recommend(0, 5, { exclude: new Set([ranker.recommend(0, 1)[0]]) });
    expect(excluded).not.toContain(ranker.recommend(0, 1)[0]);
  });

  it('explains each item with contributions summing to its score', () => {
    const items = ranker.recommend(2, 3);
    const scores = ranker.score(2, items);
    for (const approximate of [false, true]) {
      const explained = ranker.explain(2, items, { approximate });
      explained.forEach((e, r) => {
        expect(e.item).toBe(items[r]);
        expect(e.score).toBeCloseTo(scores[r], 4);
        for (const reason of e.reasons) {
          expect(reason.contribution).toBeGreaterThan(0);
          expect(reason.text.length).toBeGreaterThan(0);
        }
      });
    }
  });

  it('saves trees and manifest, loads them back with the same scores after attach', async () => {
    const manifest = saveRanker(ranker, dir);
    expect(readManifest(dir)).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(manifest.featureNames).toEqual(ranker.featureNames);
    expect(manifest.generators).toEqual(generators);
    const loaded = loadRanker(dir);
    await loaded.attach(train);
    for (const user of [0, 3, 99]) {
      const items = ranker.candidates(user);
      expect(Array.from(loaded.score(user, items))).toEqual(Array.from(ranker.score(user, items)));
      expect(Array.from(loaded.recommend(user, 5))).toEqual(Array.from(ranker.recommend(user, 5)));
    }
    loaded.free();
  });

  it('refuses to attach data that yields other features than the model was trained on', async () => {
    const loaded = loadRanker(dir, { side: { userNumeric: { age: new Float32Array(120).fill(30) } } });
    await expect(loaded.attach(train)).rejects.toThrow(/features/);
    loaded.free();
  });

  it('refuses too little data with a clear error', async () => {
    const tiny = trainDataFrom(2, 3, { users: Int32Array.from([0, 0, 1]), items: Int32Array.from([0, 1, 2]) });
    await expect(new RankerRecommender({ generators }).fit(tiny)).rejects.toThrow(/too little data/);
  });

  it('says fit() first when used unfitted', () => {
    expect(() => new RankerRecommender().recommend(0, 5)).toThrow(/fit\(\)/);
  });
});
