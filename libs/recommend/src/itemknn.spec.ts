import { MemoryBudgetError } from './budget';
import { CooccurrenceRecommender } from './cooccurrence';
import { ItemKnnRecommender } from './itemknn';
import { trainDataFrom } from './recommender';
import { tinyTrain } from './testing';

describe('ItemKnnRecommender', () => {
  it('scores by cosine over all neighbours (tinyTrain: sim01 = sim02 = 2/√6, sim12 = 1/2)', () => {
    const model = new ItemKnnRecommender();
    model.fit(tinyTrain());
    const s = model.scoreAll(0); // u0 {0, 1}
    expect(s[2]).toBeCloseTo(2 / Math.sqrt(6) + 0.5, 6);
    expect(s[3]).toBe(0);
    expect(model.similarItems(0, 5)).toEqual([
      { item: 1, similarity: expect.closeTo(2 / Math.sqrt(6), 6) },
      { item: 2, similarity: expect.closeTo(2 / Math.sqrt(6), 6) },
    ]);
    expect(Array.from(model.recommend(0, 2))).toEqual([2, 3]);
  });

  it('equals binary co-occurrence cosine when nothing is pruned', () => {
    const train = tinyTrain();
    const knn = new ItemKnnRecommender();
    const co = new CooccurrenceRecommender({ neighbours: 100 });
    knn.fit(train);
    co.fit(train);
    const all = Int32Array.from([0, 1, 2, 3]);
    for (let u = 0; u < 4; u++) {
      const a = knn.score(u, all);
      const b = co.score(u, all);
      for (let i = 0; i < 4; i++) expect(a[i]).toBeCloseTo(b[i], 6);
    }
  });

  it('keeps only the top neighbours when pruned, and weighs by the transformed counts', () => {
    const pruned = new ItemKnnRecommender({ neighbours: 1 });
    pruned.fit(tinyTrain());
    expect(pruned.pairs).toBe(3); // items 0, 1, 2 keep one each; item 3 has none
    // u0 plays item 0 nine times and item 1 once; u1 plays both once.
    const t = trainDataFrom(2, 2, { users: Int32Array.from([0, 0, 1, 1]), items: Int32Array.from([0, 1, 0, 1]), weights: Float32Array.from([9, 1, 1, 1]) });
    const logged = new ItemKnnRecommender({ weighting: { kind: 'log1p' } });
    logged.fit(t);
    const l10 = Math.log(10);
    const l2 = Math.log(2);
    const cos = (l10 * l2 + l2 * l2) / (Math.hypot(l10, l2) * Math.hypot(l2, l2));
    expect(logged.similarItems(0, 1)[0].similarity).toBeCloseTo(cos, 6);
  });

  it('refuses when the neighbour lists would exceed the memory budget', () => {
    const users: number[] = [];
    const items: number[] = [];
    for (let u = 0; u < 20; u++) for (let i = 0; i < 200; i++) (users.push(u), items.push(i));
    const dense = trainDataFrom(20, 200, { users: Int32Array.from(users), items: Int32Array.from(items) });
    expect(() => new ItemKnnRecommender({ maxBytes: 10_000 }).fit(dense)).toThrow(MemoryBudgetError);
  });
});
