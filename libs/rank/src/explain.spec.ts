import { reasonKey, reasonsFromContributions } from './explain';

describe('reasons from contributions', () => {
  const names = ['user_activity', 'item_popularity', 'pop_score', 'ease_score', 'ease_rank', 'co_sum', 'category_overlap', 'gender_affinity'];

  it('maps features to reasons', () => {
    expect(reasonKey('co_hits').key).toBe('co-engagement');
    expect(reasonKey('itemknn_rank').key).toBe('co-engagement');
    expect(reasonKey('ease_rel').key).toBe('history');
    expect(reasonKey('rp3beta_rank').key).toBe('history');
    expect(reasonKey('ials_rel').key).toBe('history');
    expect(reasonKey('pop_rank').key).toBe('popular');
    expect(reasonKey('occupation_affinity').key).toBe('people-like-you');
    expect(reasonKey('item_cat_Drama').key).toBe('item-kind');
    expect(reasonKey('user_age').key).toBe('you');
  });

  it('sums a reason’s features, keeps the top positive ones, ignores the bias', () => {
    //                   user  ipop  pop   ease  erank co    cat    gender bias
    const contributions = [0.1, 0.3, 0.4, 0.5, 0.4, 0.2, -0.3, 0.05, 9];
    const reasons = reasonsFromContributions(names, contributions, 3);
    expect(reasons.map((r) => r.key)).toEqual(['history', 'popular', 'co-engagement']);
    expect(reasons[0].contribution).toBeCloseTo(0.9, 6);
    expect(reasons[0].features).toEqual(['ease_score', 'ease_rank']);
    expect(reasons[1].text).toBe('it is popular');
    expect(reasons[2].text).toBe('people who bought what you bought bought it');
  });

  it('gives no reason when nothing pushes the item up, and rejects a wrong length', () => {
    expect(reasonsFromContributions(names, [-1, -1, -1, -1, -1, -1, -1, -1, 5])).toEqual([]);
    expect(() => reasonsFromContributions(names, [1, 2])).toThrow(RangeError);
  });
});
