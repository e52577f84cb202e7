import type { HeteroGraph } from '@graphrec/projection';
import { trainDataFrom, trainDataFromGraph } from './recommender';
import { PopularityRecommender } from './popularity';
import { tinyTrain } from './testing';

describe('train data', () => {
  it('builds a sorted user→item CSR and sums duplicate pairs', () => {
    const t = trainDataFrom(2, 3, {
      users: Int32Array.from([1, 0, 1, 1]),
      items: Int32Array.from([2, 1, 0, 2]),
      weights: Float32Array.from([1, 2, 3, 4]),
    });
    expect(Array.from(t.matrix.offsets)).toEqual([0, 1, 3]);
    expect(Array.from(t.matrix.targets)).toEqual([1, 0, 2]);
    expect(Array.from(t.matrix.weights)).toEqual([2, 3, 5]);
  });

  it('rejects out-of-range indices', () => {
    expect(() => trainDataFrom(1, 1, { users: Int32Array.from([0]), items: Int32Array.from([1]) })).toThrow(RangeError);
  });

  it('takes a graph relation out CSR as is', () => {
    const out = tinyTrain().matrix;
    const graph = {
      nodes: { User: { size: 4 }, Product: { size: 4 } },
      relations: { purchased: { out } },
    } as unknown as HeteroGraph;
    const t = trainDataFromGraph(graph, 'purchased');
    expect(t).toEqual({ users: 4, items: 4, matrix: out });
  });
});

describe('recommend options', () => {
  const model = new PopularityRecommender();
  model.fit(tinyTrain());

  it('removes seen items by default and keeps them with includeSeen', () => {
    expect(Array.from(model.recommend(0, 4))).toEqual([2, 3]);
    expect(Array.from(model.recommend(0, 4, { includeSeen: true }))).toEqual([0, 1, 2, 3]);
  });

  it('applies exclude (set or predicate) on top of seen items', () => {
    expect(Array.from(model.recommend(3, 4, { exclude: new Set([1]) }))).toEqual([0, 2]);
    expect(Array.from(model.recommend(3, 4, { exclude: (i) => i === 0 }))).toEqual([1, 2]);
  });

  it('ranks only the given candidates', () => {
    expect(Array.from(model.recommend(3, 2, { candidates: Int32Array.from([3, 2, 1]) }))).toEqual([1, 2]);
  });

  it('rejects unknown users and use before fit', () => {
    expect(() => model.recommend(4, 1)).toThrow(RangeError);
    expect(() => new PopularityRecommender().recommend(0, 1)).toThrow(/fit/);
  });
});
