import { blendSessionScores, minMaxScale } from './session-blend';

describe('session blend', () => {
  it('scales to 0..1; unknown items score 0, all-equal values 0.5', () => {
    expect(minMaxScale([2, 4, 3])).toEqual([0, 1, 0.5]);
    expect(minMaxScale([7, Number.NaN, 7])).toEqual([0.5, 0, 0.5]);
  });

  it('is the base order at weight 0, the session order at 1, and a mix between', () => {
    const base = [10, 8, 6];
    const session = [0, 1, 2];
    expect(blendSessionScores(base, session, 0).score).toEqual([1, 0.5, 0]);
    expect(blendSessionScores(base, session, 1).score).toEqual([0, 0.5, 1]);
    const mid = blendSessionScores(base, session, 0.25);
    expect(mid.score[0]).toBeCloseTo(0.75, 10);
    expect(mid.score[2]).toBeCloseTo(0.25, 10);
    expect(mid.session).toEqual([0, 0.5, 1]);
  });

  it('refuses a weight outside [0, 1]', () => {
    for (const w of [-0.1, 1.1, Number.NaN]) expect(() => blendSessionScores([1], [1], w)).toThrow(RangeError);
  });
});
