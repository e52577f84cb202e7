import { CooccurrenceRecommender } from './cooccurrence';
import { tinyTrain } from './testing';

const cos01 = 2 / Math.sqrt(6);

describe('CooccurrenceRecommender', () => {
  it('computes cosine similarities on the binary matrix', () => {
    const model = new CooccurrenceRecommender();
    model.fit(tinyTrain());
    expect(model.itemSimilarity(0, 1)).toBeCloseTo(cos01, 10);
    expect(model.itemSimilarity(1, 2)).toBeCloseTo(0.5, 10);
    expect(model.itemSimilarity(0, 3)).toBe(0);
    const related = model.similarItems(0, 5);
    expect(related.map((r) => r.item)).toEqual([1, 2]);
    expect(related[0].similarity).toBeCloseTo(cos01, 6);
    expect(model.similarItems(3, 5)).toEqual([]);
  });

  it('computes Jaccard similarities', () => {
    const model = new CooccurrenceRecommender({ similarity: 'jaccard' });
    model.fit(tinyTrain());
    expect(model.name).toBe('cooccurrence-jaccard');
    expect(model.itemSimilarity(0, 1)).toBeCloseTo(2 / 3, 10);
    expect(model.similarItems(1, 5).map((r) => [r.item, Number(r.similarity.toFixed(6))])).toEqual([
      [0, Number((2 / 3).toFixed(6))],
      [2, Number((1 / 3).toFixed(6))],
    ]);
  });

  it('is symmetric for cosine, both exactly and in the neighbour lists', () => {
    const model = new CooccurrenceRecommender({ neighbours: 10 });
    model.fit(tinyTrain());
    for (let i = 0; i < 4; i++) {
      for (const { item: j, similarity } of model.similarItems(i, 10)) {
        expect(model.itemSimilarity(j, i)).toBe(model.itemSimilarity(i, j));
        const back = model.similarItems(j, 10).find((r) => r.item === i);
        expect(back?.similarity).toBe(similarity);
      }
    }
  });

  it('scores by summed similarity, excludes seen items and explains', () => {
    const model = new CooccurrenceRecommender();
    model.fit(tinyTrain());
    // u2 has {0, 2}: item 1 scores sim(0,1) + sim(2,1); item 3 scores 0 and comes after.
    expect(Array.from(model.recommend(2, 2))).toEqual([1, 3]);
    expect(model.score(2, Int32Array.from([1]))[0]).toBeCloseTo(cos01 + 0.5, 6);
    const why = model.explain(2, 1);
    expect(why.map((w) => w.item)).toEqual([0, 2]);
    expect(why[0].similarity + why[1].similarity).toBeCloseTo(model.score(2, Int32Array.from([1]))[0], 6);
    expect(model.explain(2, 3)).toEqual([]);
  });

  it('keeps only the best neighbours', () => {
    const model = new CooccurrenceRecommender({ neighbours: 1 });
    model.fit(tinyTrain());
    // Item 0's neighbours 1 and 2 tie at 2/√6: the lower index wins.
    expect(model.similarItems(0, 5).map((r) => r.item)).toEqual([1]);
    expect(model.similarItems(2, 5).map((r) => r.item)).toEqual([0]);
  });

  it('is deterministic', () => {
    const a = new CooccurrenceRecommender();
    const b = new CooccurrenceRecommender();
    a.fit(tinyTrain());
    b.fit(tinyTrain());
    for (let u = 0; u < 4; u++) expect(Array.from(a.recommend(u, 4))).toEqual(Array.from(b.recommend(u, 4)));
  });
});
