import { existsSync, readFileSync } from 'node:fs';
import { CooccurrenceRecommender } from './cooccurrence';
import { PopularityRecommender } from './popularity';
import { Recommender, trainDataFrom, TrainData } from './recommender';

// Sanity check on real data when the shared copy is present (skipped otherwise, e.g. in CI).
const FILE = '/work/shared/datasets/movielens-100k/u.data';
const maybe = existsSync(FILE) ? describe : describe.skip;

/** mulberry32: a seeded split, so the figures are repeatable. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function precisionAt(model: Recommender, train: TrainData, test: Set<number>[], k: number): number {
  let sum = 0;
  let users = 0;
  for (let u = 0; u < train.users; u++) {
    if (test[u].size === 0) continue;
    const recs = model.recommend(u, k);
    let hits = 0;
    for (const item of recs) if (test[u].has(item)) hits++;
    sum += hits / k;
    users++;
  }
  return sum / users;
}

maybe('MovieLens 100K sanity', () => {
  it('co-occurrence beats popularity on precision@10 (random 75/25 split)', () => {
    // u.data: user \t item \t rating \t time, ids 1-based; every rating counts as an interaction.
    const rows = readFileSync(FILE, 'utf8').trim().split('\n').map((line) => line.split('\t').map(Number));
    const users = Math.max(...rows.map((r) => r[0]));
    const items = Math.max(...rows.map((r) => r[1]));
    const random = rng(42);
    const trainUsers: number[] = [];
    const trainItems: number[] = [];
    const test = Array.from({ length: users }, () => new Set<number>());
    for (const [u, i] of rows) {
      if (random() < 0.75) {
        trainUsers.push(u - 1);
        trainItems.push(i - 1);
      } else test[u - 1].add(i - 1);
    }
    const train = trainDataFrom(users, items, { users: Int32Array.from(trainUsers), items: Int32Array.from(trainItems) });
    const popularity = new PopularityRecommender();
    const cooccurrence = new CooccurrenceRecommender();
    popularity.fit(train);
    cooccurrence.fit(train);
    const pPop = precisionAt(popularity, train, test, 10);
    const pCo = precisionAt(cooccurrence, train, test, 10);
    console.log(`MovieLens 100K precision@10: popularity ${pPop.toFixed(4)}, co-occurrence (cosine, 50 nn) ${pCo.toFixed(4)}`);
    expect(pCo).toBeGreaterThan(pPop);
  });
});
