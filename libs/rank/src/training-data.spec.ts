import { baseMarginOf, groupNdcg } from './training-data';
import { defaultBaseMargin } from './ranker';

describe('baseMarginOf', () => {
  it('sums scale × feature over the terms, a missing value counting as 0', () => {
    const names = ['a_rel', 'b_rel', 'c'];
    const x = Float32Array.from([0.5, 1, 9, Number.NaN, 0.25, 9]);
    const m = baseMarginOf({ feature: 'a_rel', scale: 2, plus: [{ feature: 'b_rel', scale: 4 }] }, names, x, 2);
    expect(Array.from(m)).toEqual([2 * 0.5 + 4 * 1, 4 * 0.25]);
    expect(Array.from(baseMarginOf({ feature: 'a_rel', scale: 2 }, names, x, 2))).toEqual([1, 0]);
    expect(() => baseMarginOf({ feature: 'nope', scale: 1 }, names, x, 2)).toThrow(/nope/);
  });
});

describe('groupNdcg', () => {
  it('is 1 for a perfect order and 1/log2(3) for one positive at rank 2', () => {
    expect(groupNdcg([2, 1], [1, 0], [2], 10)).toBe(1);
    expect(groupNdcg([2, 1], [0, 1], [2], 10)).toBeCloseTo(1 / Math.log2(3), 12);
  });
});

describe('defaultBaseMargin', () => {
  it('blends the generators that carry a margin weight, else takes 2 × the first one', () => {
    expect(defaultBaseMargin([{ name: 'a', kind: 'ease', n: 1 }, { name: 'b', kind: 'popularity', n: 1 }])).toEqual({ feature: 'a_rel', scale: 2 });
    expect(
      defaultBaseMargin([
        { name: 'a', kind: 'ease', n: 1, margin: 2 },
        { name: 'b', kind: 'popularity', n: 1 },
        { name: 'c', kind: 'ials', n: 1, margin: 1 },
      ]),
    ).toEqual({ feature: 'a_rel', scale: 2, plus: [{ feature: 'c_rel', scale: 1 }] });
  });
});
