import { buildCsr } from '@graphrec/graph-model';
import { buildTimeContext, fillTimeFeatures, timeFeatureNames, userTimeProfile } from './time-features';

const DAY = 86400;

/**
 * 4 users × 3 items. u0 rates item 0 on day 0 and is the user whose window we read.
 * Around day 0: u1 rates items 1 and 2 (days 1, 2); far away (day 50): u2, u3 rate item 2, u3 item 1.
 */
function data(): { matrix: ReturnType<typeof buildCsr>['csr']; times: Float64Array } {
  //            user item day
  const rows = [
    [0, 0, 0],
    [1, 1, 1],
    [1, 2, 2],
    [2, 2, 50],
    [3, 2, 50],
    [3, 1, 51],
  ];
  const built = buildCsr(
    4,
    3,
    Int32Array.from(rows, (r) => r[0]),
    Int32Array.from(rows, (r) => r[1]),
    new Float32Array(rows.length).fill(1),
    Float64Array.from(rows, (r) => r[2] * DAY),
  );
  return { matrix: built.csr, times: built.times as Float64Array };
}

describe('time-local popularity', () => {
  const { matrix, times } = data();
  const tc = buildTimeContext(matrix, 4, 3, times, [1, 3]);
  if (!tc) throw new Error('no time context');
  const profile = userTimeProfile(tc, matrix, times, 0);
  const row = (item: number): number[] => {
    const out = new Float32Array(5);
    expect(fillTimeFeatures(out, 0, 2, tc, profile, item)).toBe(5);
    return Array.from(out);
  };

  it('names a share and a lift per window, then the first-interaction gap', () => {
    expect(timeFeatureNames([1, 3])).toEqual(['time_share_1d', 'time_lift_1d', 'time_share_3d', 'time_lift_3d', 'item_first_vs_user_days']);
  });

  it("measures an item's share of the interactions within ±window days of the user's", () => {
    // ±1 day of day 0: days 0–1 hold u0's item 0 and u1's item 1 → item 1 has half, × 3 active items.
    expect(row(1)[0]).toBeCloseTo(1.5);
    expect(row(2)[0]).toBe(0);
    // ±3 days: days 0–3 hold items 0, 1, 2 once each.
    expect(row(2)[2]).toBeCloseTo(1);
  });

  it('lifts an item popular in the window above 1 and one popular elsewhere below, shrunk toward 1', () => {
    const lift1 = row(1)[1];
    const lift2 = row(2)[1];
    expect(lift1).toBeGreaterThan(1);
    expect(lift2).toBeLessThan(1);
    expect(lift2).toBeGreaterThan(0);
  });

  it("gives the item's first interaction relative to the user's median time, in days", () => {
    expect(row(2)[4]).toBeCloseTo(2);
    expect(row(0)[4]).toBeCloseTo(0);
  });

  it('has no columns at all without a window (the default)', () => {
    expect(timeFeatureNames([])).toEqual([]);
    expect(buildTimeContext(matrix, 4, 3, times, [])).toBeUndefined();
    expect(fillTimeFeatures(new Float32Array(1), 0, 0, undefined, undefined, 1)).toBe(0);
  });

  it('writes missing values without timestamps, keeping the column count', () => {
    expect(buildTimeContext(matrix, 4, 3, undefined, [1, 3])).toBeUndefined();
    const out = new Float32Array(5);
    expect(fillTimeFeatures(out, 0, 2, undefined, undefined, 1)).toBe(5);
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
  });
});
