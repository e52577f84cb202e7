/**
 * The world of `graphrec propensity` (issue 11, section 5): the generator's users held in memory,
 * each with what the API would know at the cutoff (events, owned products, region, home type,
 * signup) and, per high-value action (a set of product categories), whether the user took it in
 * the held-back window and the **true** probability they would: 1 − Π(1 − p) over the action's
 * products the user can buy, p from the purchase model (docs/datagen.md). User i is the
 * generator's U000000(i+1) of the same seed, and the window's purchases are the generator's own
 * draw (same stream, same order), so the labels are exactly `truth/holdout_purchases.csv`'s.
 */
import type { ProductCategory } from '@graphrec/graph-model';
import { CATALOG } from './catalog';
import type { CustomerType } from './customer-types';
import { resolvePeriod } from './generate';
import { Rng, seedWords } from './prng';
import { drawHeldBack, PurchaseModel } from './purchase-model';
import { simulateUser, type SimEvent } from './user-sim';

export interface HighValueAction {
  name: string;
  categories: readonly ProductCategory[];
}

export interface PropensityUser {
  userId: string;
  /** Hidden: only the oracle may use it. */
  type: CustomerType;
  region: string;
  homeType: string;
  /** Seconds, like `cutoff`. */
  signup: number;
  /** Events before the cutoff, by time. */
  events: readonly SimEvent[];
  /** Products bought before the cutoff. */
  owned: ReadonlySet<string>;
  /** Per action (options order): took it in the window (1) or not (0). */
  labels: Uint8Array;
  /** Per action: the true probability of taking it in the window. */
  truth: Float64Array;
}

export interface PropensityWorld {
  users: PropensityUser[];
  actions: readonly HighValueAction[];
  /** Seconds: the end of what is known, the start of the window. */
  cutoff: number;
  windowDays: number;
}

export interface PropensityWorldOptions {
  users: number;
  seed: number;
  actions: readonly HighValueAction[];
  startDate?: string;
  months?: number;
  holdoutDays?: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function propensityWorld(options: PropensityWorldOptions): PropensityWorld {
  const { users, seed, actions, startDate = '2024-01-01', months = 18, holdoutDays = 30 } = options;
  if (!Number.isInteger(users) || users < 1) throw new Error(`users must be a whole number from 1, got ${users}`);
  if (actions.length === 0) throw new Error('name at least one action');
  const [lo, hi] = seedWords(seed);
  const period = resolvePeriod(startDate, months, holdoutDays);
  const model = new PurchaseModel(holdoutDays);
  const categoryOf = new Map(CATALOG.map((p) => [p.id, p.category]));
  const rng = new Rng(lo, hi, 0);
  const out: PropensityUser[] = [];
  for (let i = 0; i < users; i++) {
    // The generator's own keying and draw order (generate.ts): simulate, then the window.
    rng.reseed(lo, hi, i);
    const u = simulateUser(rng, period);
    const chances = model.forUser(u.type, u.owned);
    const bought = drawHeldBack(rng, chances, period);
    const labels = new Uint8Array(actions.length);
    const truth = new Float64Array(actions.length);
    actions.forEach((action, a) => {
      let none = 1;
      for (const c of chances) if (action.categories.includes(c.product.category)) none *= 1 - c.probability;
      truth[a] = 1 - none;
      labels[a] = bought.some((b) => action.categories.includes(categoryOf.get(b.product.id) as ProductCategory)) ? 1 : 0;
    });
    out.push({ userId: `U${pad(i + 1, 7)}`, type: u.type, region: u.region, homeType: u.homeType, signup: u.signup, events: u.events, owned: u.owned, labels, truth });
  }
  return { users: out, actions, cutoff: period.cutoff, windowDays: holdoutDays };
}
