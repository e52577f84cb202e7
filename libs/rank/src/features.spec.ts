import { buildCsr } from '@graphrec/graph-model';
import { fitBetaPrior, posteriorMeans } from '@graphrec/recommend';
import { extractFeatures } from './extract';
import { buildFeatureContext, RankTrain } from './features';
import { categoriesFromLists, SideInfo } from './side-info';

const DAY = 86400;

/**
 * 4 users × 4 items: u0 {0, 1}, u1 {0, 1, 2}, u2 {0, 2}, u3 {3}; weights 1..5 as ratings; times in
 * days. Item users d = [3, 2, 2, 1]; co-occurrence c01 = 2, c02 = 2, c12 = 1.
 */
function tiny(): RankTrain {
  //            user item weight day
  const rows = [
    [0, 0, 5, 1],
    [0, 1, 3, 4],
    [1, 0, 4, 2],
    [1, 1, 2, 3],
    [1, 2, 5, 9],
    [2, 0, 1, 5],
    [2, 2, 3, 6],
    [3, 3, 4, 10],
  ];
  const built = buildCsr(
    4,
    4,
    Int32Array.from(rows, (r) => r[0]),
    Int32Array.from(rows, (r) => r[1]),
    Float32Array.from(rows, (r) => r[2]),
    Float64Array.from(rows, (r) => r[3] * DAY),
  );
  return { users: 4, items: 4, matrix: built.csr, times: built.times };
}

const side: SideInfo = {
  userNumeric: { age: Float32Array.from([20, 40, 30, Number.NaN]) },
  userCategorical: { gender: { codes: Int32Array.from([0, 1, 0, -1]), values: ['F', 'M'] } },
  itemNumeric: { year: Float32Array.from([1990, 1995, 2000, Number.NaN]) },
  // item 0 {A}, item 1 {A, B}, item 2 {B}, item 3 {C}
  itemCategories: categoriesFromLists(['A', 'B', 'C'], [[0], [0, 1], [1], [2]]),
};

describe('feature extraction on a tiny example', () => {
  const ctx = buildFeatureContext(tiny(), ['g'], side);
  // user 0, candidates 2 and 3, generator g scores 0.5 and 0.25
  const x = extractFeatures(ctx, 0, Int32Array.from([2, 3]), [Float32Array.from([0.5, 0.25])]);
  const cols = ctx.names.length;
  const f = (row: number, name: string): number => {
    const c = ctx.names.indexOf(name);
    if (c < 0) throw new Error(`no feature ${name} in ${ctx.names.join(', ')}`);
    return x[row * cols + c];
  };

  it('names every column once, in a stable order', () => {
    expect(new Set(ctx.names).size).toBe(cols);
    expect(x.length).toBe(2 * cols);
    expect(ctx.names.slice(0, 3)).toEqual(['user_activity', 'user_mean_weight', 'user_recency_days']);
  });

  it('user features: activity relative to the mean user, mean weight, days since last, demographics', () => {
    expect(f(0, 'user_activity')).toBeCloseTo(2 / 2, 6); // mean activity (2 + 3 + 2 + 1) / 4 = 2
    expect(f(0, 'user_mean_weight')).toBeCloseTo(4, 6);
    expect(f(0, 'user_recency_days')).toBeCloseTo(10 - 4, 6);
    expect(f(0, 'user_age')).toBe(20);
    expect(f(0, 'user_gender')).toBe(0);
    expect(f(1, 'user_activity')).toBe(f(0, 'user_activity')); // the same user on every row
  });

  it('item features: relative popularity, Beta-smoothed rates, mean weight, age and recency, attributes', () => {
    expect(f(0, 'item_popularity')).toBeCloseTo(2 / 2, 6);
    expect(f(1, 'item_popularity')).toBeCloseTo(1 / 2, 6);
    const pop = [3, 2, 2, 1];
    const all = [4, 4, 4, 4];
    expect(f(0, 'item_rate')).toBeCloseTo(posteriorMeans(pop, all, fitBetaPrior(pop, all))[2], 6);
    // "liked": weight ≥ the mean weight 27 / 8 = 3.375 → item 2 has 1 of 2 (5; not 3)
    const liked = [2, 0, 1, 1];
    expect(f(0, 'item_like_rate')).toBeCloseTo(posteriorMeans(liked, pop, fitBetaPrior(liked, pop))[2], 6);
    expect(f(0, 'item_mean_weight')).toBeCloseTo(4, 6);
    expect(f(0, 'item_age_days')).toBeCloseTo(10 - 6, 6);
    expect(f(0, 'item_recency_days')).toBeCloseTo(10 - 9, 6);
    expect(f(0, 'item_year')).toBe(2000);
    expect(Number.isNaN(f(1, 'item_year'))).toBe(true);
    expect(f(0, 'item_category_count')).toBe(1);
    expect([f(0, 'item_cat_A'), f(0, 'item_cat_B'), f(0, 'item_cat_C')]).toEqual([0, 1, 0]);
    expect([f(1, 'item_cat_A'), f(1, 'item_cat_B'), f(1, 'item_cat_C')]).toEqual([0, 0, 1]);
  });

  it('generator features: raw score, score relative to the best candidate, rank among candidates', () => {
    expect([f(0, 'g_score'), f(0, 'g_rel'), f(0, 'g_rank')]).toEqual([0.5, 1, 1]);
    expect([f(1, 'g_score'), f(1, 'g_rel'), f(1, 'g_rank')]).toEqual([0.25, 0.5, 2]);
  });

  it('co-engagement with the user’s items: summed and max cosine, share of items linking to it', () => {
    const cos02 = 2 / Math.sqrt(3 * 2);
    const cos12 = 1 / Math.sqrt(2 * 2);
    expect(f(0, 'co_sum')).toBeCloseTo(cos02 + cos12, 6);
    expect(f(0, 'co_max')).toBeCloseTo(cos02, 6);
    expect(f(0, 'co_hits')).toBeCloseTo(1, 6);
    expect([f(1, 'co_sum'), f(1, 'co_max'), f(1, 'co_hits')]).toEqual([0, 0, 0]);
  });

  it('category overlap with the user’s history', () => {
    // u0's items: 0 {A}, 1 {A, B} → A 2/2, B 1/2
    expect(f(0, 'category_overlap')).toBeCloseTo(0.5, 6);
    expect(f(0, 'category_max')).toBeCloseTo(0.5, 6);
    expect(f(1, 'category_overlap')).toBe(0);
  });

  it('demographic affinity (smoothed lift) and gap', () => {
    // item 2's users: u1 (M), u2 (F); u0 is F; F share among known users 2/3
    const share = 2 / 3;
    expect(f(0, 'gender_affinity')).toBeCloseTo((1 + 10 * share) / (2 + 10) / share, 5);
    expect(f(0, 'age_gap')).toBeCloseTo(Math.abs(20 - (40 + 30) / 2), 5);
    // item 3's only user has no known gender or age: smoothed lift 1, gap unknown
    expect(f(1, 'gender_affinity')).toBeCloseTo(1, 5);
    expect(Number.isNaN(f(1, 'age_gap'))).toBe(true);
  });

  it('is pure: the same call gives the same rows (the per-user scratch is reset)', () => {
    const again = extractFeatures(ctx, 0, Int32Array.from([2, 3]), [Float32Array.from([0.5, 0.25])]);
    expect(Array.from(again)).toEqual(Array.from(x));
    const other = extractFeatures(ctx, 3, Int32Array.from([2]), [Float32Array.from([1])]);
    expect(other[ctx.names.indexOf('co_sum')]).toBe(0); // u3's item 3 co-occurs with nothing
  });

  it('works without side information or times: those features are absent or missing', () => {
    const bare = tiny();
    delete bare.times;
    const plain = buildFeatureContext(bare, ['g'], {});
    expect(plain.names.some((n) => n.startsWith('user_age') || n.startsWith('item_cat_') || n === 'category_overlap')).toBe(false);
    const row = extractFeatures(plain, 0, Int32Array.from([2]), [Float32Array.from([1])]);
    expect(Number.isNaN(row[plain.names.indexOf('user_recency_days')])).toBe(true);
    expect(row.length).toBe(plain.names.length);
  });

  it('adds time columns only when windows are asked for: filled with times, missing without', () => {
    expect(ctx.names.some((n) => n.startsWith('time_'))).toBe(false);
    const timed = buildFeatureContext(tiny(), ['g'], {}, { timeWindows: [3] });
    const names = timed.names.slice(-3);
    expect(names).toEqual(['time_share_3d', 'time_lift_3d', 'item_first_vs_user_days']);
    // u0 rated on days 1 and 4: ±3 days around each weighs days 1–4 twice and days 5–7 once, so
    // the window holds 4 × 2 + 2 × 1 = 10 weighted interactions (one a day on days 1–6), of which
    // item 2 has u2's day-6 rating (u1's day-9 one is outside): 1/10, × 4 active items.
    const row = extractFeatures(timed, 0, Int32Array.from([2]), [Float32Array.from([1])]);
    expect(row[timed.names.indexOf('time_share_3d')]).toBeCloseTo((1 / 10) * 4, 5);
    expect(row[timed.names.indexOf('item_first_vs_user_days')]).toBeCloseTo(6 - 4, 5);
    const bare = tiny();
    delete bare.times;
    const untimed = buildFeatureContext(bare, ['g'], {}, { timeWindows: [3] });
    const missing = extractFeatures(untimed, 0, Int32Array.from([2]), [Float32Array.from([1])]);
    expect(untimed.names.slice(-3)).toEqual(names);
    expect(missing.slice(-3).every(Number.isNaN)).toBe(true);
  });
});
