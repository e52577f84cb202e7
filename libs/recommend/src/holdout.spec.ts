import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  heldOutUsers,
  hitRates,
  isSubstitute,
  listSubstituteShare,
  oracleScorer,
  purchaseSubstituteShare,
  readPurchaseProbabilities,
  truncated,
  type PurchaseProbabilities,
  type Scorer,
} from './holdout';

// Products: 0 doorbell A, 1 doorbell B, 2 chime, 3 plan basic, 4 plan plus, 5 indoor cam.
const CATEGORY = ['video_doorbell', 'video_doorbell', 'chime', 'protection_plan', 'protection_plan', 'indoor_camera'];
const category = (p: number): string | undefined => CATEGORY[p];
const SUBSTITUTABLE = new Set(['video_doorbell', 'protection_plan', 'indoor_camera']);

describe('the oracle', () => {
  // User 0 holds doorbell A; user 1 holds doorbell B and plan plus; user 2 holds nothing.
  const had = [new Set([0]), new Set([1, 4]), new Set<number>()];
  const held = (u: number) => had[u];
  const probabilities: PurchaseProbabilities = new Map([
    [0, new Map([[0, 0.9], [1, 0.01], [2, 0.3], [3, 0.05], [5, 0.05]])],
    [1, new Map([[0, 0.02], [2, 0.2], [3, 0.02], [5, 0.1]])],
    [2, new Map([[5, 0.4]])],
  ]);

  it('ranks by true probability, with the models’ exclusions, ties to the lower index, never a zero', () => {
    const oracle = oracleScorer(probabilities, 3);
    // User 0's owned doorbell (0.9) is excluded; 3 and 5 tie at 0.05 and the lower index wins.
    expect(Array.from(oracle(0, held(0)))).toEqual([2, 3, 5]);
    expect(Array.from(oracle(1, held(1)))).toEqual([2, 5, 0]);
    // Only one product has a chance: the list is shorter than k.
    expect(Array.from(oracle(2, held(2)))).toEqual([5]);
    expect(Array.from(oracle(3, new Set()))).toEqual([]);
  });

  it('scores like any model through hitRates, and truncates to shorter lists', () => {
    const pairs = [
      { user: 0, product: 2 },
      { user: 0, product: 5 },
      { user: 1, product: 0 },
      { user: 2, product: 5 },
    ];
    const oracle = oracleScorer(probabilities, 3);
    expect(hitRates(pairs, oracle, held)).toEqual({ hitRate: 1, userHitRate: 1 });
    // Top 1: user 0 → [2] (hit 2, miss 5), user 1 → [2] (miss), user 2 → [5] (hit).
    expect(hitRates(pairs, truncated(oracle, 1), held)).toEqual({ hitRate: 2 / 4, userHitRate: 2 / 3 });
    expect(heldOutUsers(pairs)).toEqual([0, 1, 2]);
  });

  it('reads the generator’s probability file, skipping unknown users and products', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oracle-'));
    try {
      const path = join(dir, 'p.csv');
      writeFileSync(path, 'user_id,product_id,state,probability\nU1,P-A,new,0.25\nU1,P-B,substitute,6.5e-7\nU9,P-A,new,0.5\nU1,P-X,new,0.1\n');
      const users: Record<string, number> = { U1: 0 };
      const products: Record<string, number> = { 'P-A': 0, 'P-B': 1 };
      const read = readPurchaseProbabilities(path, (id) => users[id], (id) => products[id]);
      expect([...read]).toEqual([[0, new Map([[0, 0.25], [1, 6.5e-7]])]]);
      writeFileSync(path, 'user_id,product_id,state,probability\nU1,P-A,new,1.5\n');
      expect(() => readPurchaseProbabilities(path, (id) => users[id], (id) => products[id])).toThrow(/probability/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('substitute shares', () => {
  const had = [new Set([0, 4]), new Set([2]), new Set<number>()];
  const held = (u: number) => had[u];

  it('a substitute is another product of a substitutable category the user already holds', () => {
    expect(isSubstitute(1, had[0], category, SUBSTITUTABLE)).toBe(true); // second doorbell
    expect(isSubstitute(3, had[0], category, SUBSTITUTABLE)).toBe(true); // plan basic for a plan plus subscriber
    expect(isSubstitute(2, had[0], category, SUBSTITUTABLE)).toBe(false); // chime complements the doorbell
    expect(isSubstitute(5, had[0], category, SUBSTITUTABLE)).toBe(false); // a camera of another category
    expect(isSubstitute(0, had[0], category, SUBSTITUTABLE)).toBe(false); // held itself: not a substitute
    expect(isSubstitute(1, had[1], category, SUBSTITUTABLE)).toBe(false); // chimes are not main devices
  });

  it('counts list entries and held-back purchases', () => {
    const lists: number[][] = [[1, 2, 3], [0, 5], []];
    const scorer: Scorer = (user) => Int32Array.from(lists[user]);
    // User 0: 1 and 3 are substitutes, 2 is not; user 1: none; user 2: empty list.
    expect(listSubstituteShare([0, 1, 2], scorer, held, category, SUBSTITUTABLE)).toEqual({ share: 2 / 5, substitutes: 2, items: 5 });
    const pairs = [
      { user: 0, product: 1 },
      { user: 0, product: 2 },
      { user: 1, product: 0 },
      { user: 2, product: 5 },
    ];
    expect(purchaseSubstituteShare(pairs, held, category, SUBSTITUTABLE)).toEqual({ share: 1 / 4, substitutes: 1, items: 4 });
    expect(purchaseSubstituteShare([], held, category, SUBSTITUTABLE).share).toBe(0);
  });
});
