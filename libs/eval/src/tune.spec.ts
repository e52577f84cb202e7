import type { Recommender, TrainData } from '@graphrec/recommend';
import { hasEntry } from '@graphrec/graph-model';
import { InteractionsBuilder } from './interactions';
import { sampleTestUsers, settingLabel, tuneOnValidation } from './tune';

/**
 * 20 users × 40 items, every pair present, so a user's validation items are exactly the items
 * missing from the carve's train. The stub returns `length(p)` of them: the longer the list (up to
 * the ~10 held-out items a user has), the higher nDCG@10, so validation must prefer p = 3.
 */
function complete(): ReturnType<InteractionsBuilder['build']> {
  const b = new InteractionsBuilder();
  for (let u = 0; u < 20; u++) for (let i = 0; i < 40; i++) b.add(`u${u}`, `i${i}`, 1, i);
  return b.build();
}

class Stub implements Recommender {
  readonly name = 'stub';
  private train?: TrainData;
  constructor(private readonly length: number) {}
  fit(train: TrainData): void {
    this.train = train;
  }
  recommend(user: number, k: number): Int32Array {
    const t = this.train as TrainData;
    const unseen = Array.from({ length: t.items }, (_, i) => i).filter((i) => !hasEntry(t.matrix, user, i));
    return Int32Array.from(unseen.slice(0, Math.min(k, this.length)));
  }
  score(_user: number, items: Int32Array): Float32Array {
    return new Float32Array(items.length);
  }
}

describe('tuneOnValidation', () => {
  const data = complete();

  it('walks a numeric grid outward from its start and stops when validation drops', async () => {
    const fitted: number[] = [];
    const grid = {
      grid: { p: [0, 8, 1, 2, 3, 4, 5, 6, 7] },
      make: (s: Record<string, string | number>) => {
        fitted.push(Number(s.p));
        return new Stub(Math.max(0, 10 - 3 * Math.abs(Number(s.p) - 3)));
      },
    };
    const result = await tuneOnValidation(grid, data, { protocol: 'item-stratified', seed: 1, k: 10 });
    expect(result.setting).toEqual({ p: 3 });
    expect(fitted).toEqual([0, 1, 2, 3, 4]);
    expect(result.tried.map((t) => settingLabel(t.setting))).toEqual(['p=0', 'p=1', 'p=2', 'p=3', 'p=4']);
  });

  it('tries every value of a label grid, and fits nothing for an empty grid', async () => {
    const lengths: Record<string, number> = { short: 2, long: 10, none: 0 };
    const grid = { grid: { kind: ['short', 'long', 'none'] }, make: (s: Record<string, string | number>) => new Stub(lengths[String(s.kind)]) };
    const result = await tuneOnValidation(grid, data, { protocol: 'temporal', seed: 1, k: 10 });
    expect(result.setting).toEqual({ kind: 'long' });
    expect(result.tried).toHaveLength(3);
    const none = await tuneOnValidation({ grid: {}, make: () => new Stub(1) }, data, { protocol: 'item-stratified', seed: 1, k: 10 });
    expect(none).toEqual({ setting: {}, tried: [] });
  });
});

describe('sampleTestUsers', () => {
  it('keeps every row of a seeded sample of users with rows', () => {
    const data = complete();
    const a = sampleTestUsers(data, 5, 3);
    expect(a.users).toHaveLength(5);
    expect(a.test.users.length).toBe(5 * 40);
    expect(new Set(a.test.users)).toEqual(new Set(a.users));
    expect(Array.from(sampleTestUsers(data, 5, 3).users)).toEqual(Array.from(a.users));
    expect(sampleTestUsers(data, 100, 3).users).toHaveLength(20);
  });
});
