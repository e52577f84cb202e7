import { groupNdcgValues } from '../training-data';
import { oneSeSizeTolerance, fewestRoundsWithin, MAX_SIZE_TOLERANCE, standardError } from './size';

describe('fewestRoundsWithin', () => {
  it('keeps the first round within the tolerance of the best', () => {
    const curve = [0.5, 0.7, 0.78, 0.789, 0.79, 0.7905, 0.7904];
    expect(fewestRoundsWithin(curve, 0.002)).toBe(4);
    expect(fewestRoundsWithin(curve, 0.02)).toBe(3);
  });

  it('keeps every round up to the best with a zero tolerance', () => {
    expect(fewestRoundsWithin([0.1, 0.3, 0.2, 0.3], 0)).toBe(2);
    expect(fewestRoundsWithin([0.1, 0.2, 0.3], 0)).toBe(3);
  });

  it('handles an empty curve and refuses a bad tolerance', () => {
    expect(fewestRoundsWithin([], 0.01)).toBe(0);
    expect(() => fewestRoundsWithin([0.5], -1)).toThrow(RangeError);
    expect(() => fewestRoundsWithin([0.5], Number.NaN)).toThrow(RangeError);
  });
});

describe('groupNdcgValues and standardError', () => {
  it('scores each group by its own ranking', () => {
    // group 1: positive ranked first → 1; group 2: positive ranked second of three → 1/log2(3).
    const out = groupNdcgValues([0.9, 0.1, 0.2, 0.8, 0.1], [1, 0, 1, 0, 0], [2, 3], 10);
    expect(out[0]).toBeCloseTo(1);
    expect(out[1]).toBeCloseTo(1 / Math.log2(3));
  });

  it('cuts at k', () => {
    expect(groupNdcgValues([0.9, 0.8, 0.1], [0, 0, 1], [3], 2)[0]).toBe(0);
  });

  it('gives the standard error of the mean', () => {
    expect(standardError([1, 3])).toBeCloseTo(1);
    expect(standardError([5])).toBe(0);
  });
});

describe('oneSeSizeTolerance', () => {
  it('is one standard error, capped', () => {
    expect(oneSeSizeTolerance(0.003)).toBe(0.003);
    expect(oneSeSizeTolerance(0.015)).toBe(MAX_SIZE_TOLERANCE);
  });
});
