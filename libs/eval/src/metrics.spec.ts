import { InteractionsBuilder } from './interactions';
import { averagePrecisionAtK, evaluateRanking, ndcgAtK, precisionAtK, recallAtK } from './metrics';

const ln = Math.log;

describe('per-user metrics (relevant {1,2,3}, recs [1,9,2,8,7])', () => {
  const relevant = new Set([1, 2, 3]);
  const recs = Int32Array.from([1, 9, 2, 8, 7]);

  it('k = 5: hits at ranks 1 and 3', () => {
    expect(precisionAtK(recs, relevant, 5)).toBeCloseTo(2 / 5, 12);
    expect(recallAtK(recs, relevant, 5)).toBeCloseTo(2 / 3, 12);
    // (1/1 + 2/3) / 3 relevant items
    expect(averagePrecisionAtK(recs, relevant, 5)).toBeCloseTo(5 / 9, 12);
    expect(ndcgAtK(recs, relevant, 5)).toBeCloseTo((1 / ln(2) + 1 / ln(4)) / (1 / ln(2) + 1 / ln(3) + 1 / ln(4)), 12);
  });

  it('k = 2: only the first hit counts; IDCG over min(k, relevant) = 2', () => {
    expect(precisionAtK(recs, relevant, 2)).toBeCloseTo(1 / 2, 12);
    expect(recallAtK(recs, relevant, 2)).toBeCloseTo(1 / 3, 12);
    expect(averagePrecisionAtK(recs, relevant, 2)).toBeCloseTo(1 / 3, 12);
    expect(ndcgAtK(recs, relevant, 2)).toBeCloseTo(1 / ln(2) / (1 / ln(2) + 1 / ln(3)), 12);
  });

  it('precision divides by k even for a short list', () => {
    expect(precisionAtK(Int32Array.from([1]), relevant, 10)).toBeCloseTo(0.1, 12);
  });

  it('a perfect list scores 1 on MAP and nDCG', () => {
    const perfect = Int32Array.from([3, 1, 2]);
    expect(averagePrecisionAtK(perfect, relevant, 10)).toBeCloseTo(1, 12);
    expect(ndcgAtK(perfect, relevant, 10)).toBeCloseTo(1, 12);
  });
});

describe('evaluateRanking', () => {
  // items by first appearance: a=0 b=1 c=2 d=3 x=4 y=5
  const testBuilder = new InteractionsBuilder();
  for (const item of ['a', 'b', 'c']) testBuilder.add('u0', item);
  testBuilder.add('u1', 'd');
  const test = testBuilder.build();
  const ids = ['a', 'b', 'c', 'd', 'x', 'y'];
  test.itemIds.push('x', 'y');
  test.userIds.push('u2'); // a user with no test items: not averaged over
  const i = (...names: string[]): Int32Array => Int32Array.from(names.map((n) => ids.indexOf(n)));

  it('averages over users with test items; a user with no list scores 0', () => {
    const m = evaluateRanking([i('a', 'x', 'b'), undefined, i('y')], test, 3);
    expect(m.users).toBe(2);
    expect(m.precision).toBeCloseTo((2 / 3 + 0) / 2, 12);
    expect(m.recall).toBeCloseTo((2 / 3 + 0) / 2, 12);
    expect(m.map).toBeCloseTo((1 + 2 / 3) / 3 / 2, 12);
    const ndcg0 = (1 / ln(2) + 1 / ln(4)) / (1 / ln(2) + 1 / ln(3) + 1 / ln(4));
    expect(m.ndcg).toBeCloseTo(ndcg0 / 2, 12);
    // a, x, b, y out of 6 catalogue items
    expect(m.coverage).toBeCloseTo(4 / 6, 12);
  });

  it('coverage is over items in train when train is given', () => {
    const trainBuilder = new InteractionsBuilder();
    trainBuilder.add('u0', 'x');
    trainBuilder.add('u1', 'y');
    const m = evaluateRanking([i('x')], test, 1, { train: trainBuilder.build() });
    expect(m.coverage).toBeCloseTo(1 / 2, 12);
  });

  it('rejects a bad k', () => {
    expect(() => evaluateRanking([], test, 0)).toThrow(RangeError);
  });
});
