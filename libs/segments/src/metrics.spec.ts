import { adjustedRandIndex, normalizedMutualInformation } from './metrics';

describe('normalizedMutualInformation (arithmetic mean)', () => {
  it('matches the hand-computed value (scikit-learn gives the same)', () => {
    // H(A) = ln 2, H(B) = ln 3, I = (2/3) ln 2, NMI = (4/3) ln 2 / (ln 2 + ln 3) = 0.5158037...;
    // scikit-learn's normalized_mutual_info_score gives 0.5158037429793889 for these labels.
    expect(normalizedMutualInformation([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.5158037429793889, 12);
  });
  it('is 1 for the same partition under other names, 0 for independent ones', () => {
    expect(normalizedMutualInformation([0, 0, 1, 1, 2], ['x', 'x', 'y', 'y', 'z'])).toBeCloseTo(1, 12);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
    expect(normalizedMutualInformation([1, 1, 1], [2, 2, 2])).toBe(1);
  });
  it('rejects partitions of different lengths', () => {
    expect(() => normalizedMutualInformation([0], [0, 1])).toThrow(/differ in length/);
  });
});

describe('adjustedRandIndex', () => {
  it('matches known values', () => {
    // scikit-learn documentation: adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.2424...
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 12);
    // adjusted_rand_score([0,0,1,1], [0,0,1,2]) = 0.5714...
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
    // Fully split classes score below chance: adjusted_rand_score([0,0,1,1], [0,1,0,1]) = -0.5.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });
  it('is 1 for identical partitions, including the degenerate ones', () => {
    expect(adjustedRandIndex(['a', 'a', 'b'], [5, 5, 7])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0], [1, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [0, 1, 2])).toBe(1);
  });
});
