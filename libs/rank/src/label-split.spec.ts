import { buildCsr } from '@graphrec/graph-model';
import { RankTrain } from './features';
import { entryTimes, labelSplit } from './label-split';

/** 30 users × 6 items, user u has items i with (u + i) % 3 !== 0; item 5 also once only by user 0. */
function data(): RankTrain {
  const users: number[] = [];
  const items: number[] = [];
  const times: number[] = [];
  for (let u = 0; u < 30; u++) for (let i = 0; i < 5; i++) if ((u + i) % 3 !== 0) (users.push(u), items.push(i), times.push(u * 10 + i));
  users.push(0);
  items.push(5);
  times.push(1000);
  const built = buildCsr(30, 6, Int32Array.from(users), Int32Array.from(items), new Float32Array(users.length).fill(1), Float64Array.from(times));
  return { users: 30, items: 6, matrix: built.csr, times: built.times };
}

const pairs = (csr: { offsets: Int32Array; targets: Int32Array }): string[] => {
  const out: string[] = [];
  for (let u = 0; u + 1 < csr.offsets.length; u++) for (let k = csr.offsets[u]; k < csr.offsets[u + 1]; k++) out.push(`${u}:${csr.targets[k]}`);
  return out;
};

describe('labelSplit', () => {
  const train = data();
  const all = pairs(train.matrix);

  it('item-stratified folds are disjoint, cover every item with 2+ entries, and never touch fit', () => {
    const seen = new Set<string>();
    for (let fold = 0; fold < 4; fold++) {
      const { fit, labels } = labelSplit(train, 'item-stratified', 0.25, 7, fold);
      const held = pairs(labels);
      for (const p of held) {
        expect(seen.has(p)).toBe(false);
        seen.add(p);
      }
      expect(new Set([...pairs(fit.matrix), ...held])).toEqual(new Set(all));
      expect(pairs(fit.matrix).length + held.length).toBe(all.length);
      // fit keeps its entries' times
      expect(fit.times?.length).toBe(fit.matrix.targets.length);
    }
    expect(seen.has('0:5')).toBe(false); // the single-entry item stays in fit
    expect(seen.size).toBe(all.length - 1);
  });

  it('holds out about share of each item per fold, deterministically for a seed', () => {
    const a = labelSplit(train, 'item-stratified', 0.25, 7, 1);
    const b = labelSplit(train, 'item-stratified', 0.25, 7, 1);
    expect(pairs(a.labels)).toEqual(pairs(b.labels));
    const perItem = new Array(6).fill(0);
    for (const t of a.labels.targets) perItem[t]++;
    // items 0..4 have 20 entries each: round-robin over 4 folds holds 5
    expect(perItem.slice(0, 5)).toEqual([5, 5, 5, 5, 5]);
  });

  it('temporal holds out each user’s latest share, keeping at least one', () => {
    const { fit, labels } = labelSplit(train, 'temporal', 0.25, 7);
    // user 0 has items 1, 2, 4 (times 1, 2, 4) and 5 (time 1000): round(0.25 × 4) = 1 → item 5
    expect(Array.from(labels.targets.subarray(labels.offsets[0], labels.offsets[1]))).toEqual([5]);
    for (let u = 0; u < 30; u++) expect(fit.matrix.offsets[u + 1] - fit.matrix.offsets[u]).toBeGreaterThan(0);
    expect(() => labelSplit(train, 'temporal', 0.25, 7, 1)).toThrow(RangeError);
  });
});

describe('entryTimes', () => {
  it('takes the latest event time of each matrix entry', () => {
    const { csr } = buildCsr(2, 3, Int32Array.from([0, 0, 1]), Int32Array.from([0, 2, 1]), new Float32Array(3).fill(1));
    const times = entryTimes(csr, { users: Int32Array.from([0, 0, 1, 0, 1]), items: Int32Array.from([2, 2, 1, 0, 0]), timestamps: Float64Array.from([5, 9, 3, 1, 8]) });
    expect(Array.from(times)).toEqual([1, 9, 3]); // (1, 0) is not an entry: ignored
  });
});
