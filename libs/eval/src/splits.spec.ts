import { Interactions, InteractionsBuilder } from './interactions';
import { roundHalfEven } from './random';
import { itemStratifiedSplit, temporalSplit, validationSplit } from './splits';

/** Item i gets counts[i] interactions from distinct users, timestamps increasing per user. */
function synthetic(counts: number[]): Interactions {
  const b = new InteractionsBuilder();
  let t = 0;
  counts.forEach((count, item) => {
    for (let u = 0; u < count; u++) b.add(`u${(u * 7 + item) % 40}`, `i${item}`, 1, t++ % 97);
  });
  return b.build();
}

function countBy(keys: Int32Array, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const k of keys) out[k]++;
  return out;
}

function pairs(data: Interactions): string[] {
  return Array.from(data.users, (u, i) => `${u}:${data.items[i]}:${data.timestamps[i]}`);
}

describe('itemStratifiedSplit', () => {
  const counts = [1, 2, 3, 4, 6, 10, 37, 100];
  const data = synthetic(counts);

  it('keeps round-half-even(0.75 × count) of every item in train, and loses nothing', () => {
    const { train, test } = itemStratifiedSplit(data, { ratio: 0.75, seed: 42 });
    const trainCounts = countBy(train.items, counts.length);
    const testCounts = countBy(test.items, counts.length);
    counts.forEach((count, item) => {
      expect(trainCounts[item]).toBe(Math.max(1, roundHalfEven(0.75 * count)));
      expect(trainCounts[item] + testCounts[item]).toBe(count);
    });
    expect(trainCounts.slice(0, 5)).toEqual([1, 2, 2, 3, 4]); // 6 × 0.75 = 4.5 → 4, as Python's round
    expect([...pairs(train), ...pairs(test)].sort()).toEqual(pairs(data).sort());
    expect(train.itemIds).toBe(data.itemIds); // one index space
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = itemStratifiedSplit(data, { seed: 7 });
    const b = itemStratifiedSplit(data, { seed: 7 });
    const c = itemStratifiedSplit(data, { seed: 8 });
    expect(pairs(a.test)).toEqual(pairs(b.test));
    expect(pairs(a.test)).not.toEqual(pairs(c.test));
  });

  it('a single-interaction item goes to train even at a low ratio', () => {
    const { train } = itemStratifiedSplit(synthetic([1]), { ratio: 0.3 });
    expect(train.items.length).toBe(1);
  });

  it('rejects a ratio outside (0, 1)', () => {
    expect(() => itemStratifiedSplit(data, { ratio: 1 })).toThrow(RangeError);
  });
});

describe('temporalSplit', () => {
  const b = new InteractionsBuilder();
  // u0: 10 interactions, given out of time order; u1: one; u2: two with equal timestamps
  [5, 1, 9, 3, 7, 2, 8, 0, 6, 4].forEach((t) => b.add('u0', `i${t}`, 1, t));
  b.add('u1', 'i0', 1, 100);
  b.add('u2', 'i1', 1, 50);
  b.add('u2', 'i2', 1, 50);
  const data = b.build();

  it("holds out each user's latest 20%, keeping at least one in train", () => {
    const { train, test } = temporalSplit(data, { testShare: 0.2 });
    const u0 = data.userIds.indexOf('u0');
    const testTimes = Array.from(test.timestamps).filter((_, i) => test.users[i] === u0).sort();
    expect(testTimes).toEqual([8, 9]);
    const trainTimes = Array.from(train.timestamps).filter((_, i) => train.users[i] === u0);
    expect(Math.max(...trainTimes)).toBeLessThan(Math.min(...testTimes));
    // u1 (1 interaction) stays in train; u2 (2 × 0.2 = 0.4 → 0) too
    expect(test.users.length).toBe(2);
    expect(train.users.length + test.users.length).toBe(data.users.length);
  });

  it('never empties a user from train', () => {
    const { train } = temporalSplit(data, { testShare: 0.9 });
    expect(new Set(train.users).size).toBe(3);
  });
});

describe('validationSplit', () => {
  it('splits train again with the same protocol, disjoint from it', () => {
    // 40 users with one interaction of each of the 3 items
    const data = synthetic([40, 40, 40]);
    const { train } = itemStratifiedSplit(data, { seed: 42 });
    const inner = validationSplit(train, { method: 'item-stratified', ratio: 0.75, seed: 1 });
    expect(inner.train.users.length + inner.validation.users.length).toBe(train.users.length);
    expect(countBy(inner.train.items, 3)).toEqual(countBy(train.items, 3).map((n) => roundHalfEven(0.75 * n)));
    const temporal = validationSplit(train, { method: 'temporal', testShare: 0.5 });
    expect(temporal.validation.users.length).toBeGreaterThan(0);
  });
});
