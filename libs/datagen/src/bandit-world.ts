/**
 * The environment of `graphrec simulate`: the generator's world, held in memory, seen through the
 * "next product" slot. User i is the generator's user U000000(i+1) of the same seed — same hidden
 * type, same purchases before the cutoff — because it is simulated from the same per-user stream
 * (seed, i). Its arms, truth and context follow click-model.ts; docs/decide.md writes it all down.
 *
 * Three independent seeded streams, none shared with the generator's draws:
 * - the users of the rounds (one uniform draw with replacement per round): depend only on (seed, users);
 * - the outcome coins of round t (click, then purchase): keyed by (seed, t), so two policies that
 *   show the same product in the same round see the same outcome (common random numbers);
 * - the policies' own randomness (libs/decide), seeded by the caller.
 */
import { CATALOG } from './catalog';
import { ClickModel, eligibleArms } from './click-model';
import type { CustomerType } from './customer-types';
import { resolvePeriod } from './generate';
import { Rng, seedWords } from './prng';
import { simulateUser } from './user-sim';

/** Salts that keep the simulator's streams apart from the generator's per-user streams (seed, i). */
const ROUNDS_SALT = 0x51a7e5ed;
const OUTCOME_SALT = 0x0c0ffee5;

/** What the API would know about a user: a flat object of features, never the hidden type. */
export type BanditContext = Readonly<Record<string, string | number>>;

export interface BanditUser {
  /** The generator's user id (U0000001 …). */
  readonly userId: string;
  /** Hidden: drives the truth, never shown to a policy. */
  readonly type: CustomerType;
  /** The segment the API would serve: see `segmentOf`. */
  readonly segment: string;
  readonly features: BanditContext;
  /** Eligible product ids (not owned, compatible with what is owned), catalogue order. */
  readonly actions: readonly string[];
  /** Truth per action, aligned with `actions`. */
  readonly click: Float64Array;
  readonly purchaseGivenClick: Float64Array;
  readonly prices: Float64Array;
  /** The best eligible arm's click probability (the regret's reference). */
  readonly best: number;
}

/**
 * The segment a user would be served under, from what it owns (the stand-in for the Louvain
 * segment, which needs the graph pipeline): its main system, the first that applies.
 */
export function segmentOf(owned: ReadonlySet<string>): string {
  const categories = new Set(CATALOG.filter((p) => owned.has(p.id)).map((p) => p.category));
  if (categories.has('alarm_base_station')) return 'alarm';
  if (categories.has('floodlight_camera') || categories.has('spotlight_camera')) return 'outdoor';
  if (categories.has('outdoor_camera')) return 'camera-outdoor';
  if (categories.has('video_doorbell')) return 'doorbell';
  if (categories.has('indoor_camera')) return 'camera-indoor';
  return owned.size > 0 ? 'other' : 'none';
}

export interface BanditWorldOptions {
  users: number;
  seed: number;
  /** The generator's period options (defaults as `generateWorld`). */
  startDate?: string;
  months?: number;
  holdoutDays?: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export class BanditWorld {
  readonly users: readonly BanditUser[];
  /** Purchases per product in the world's history (before the cutoff), catalogue order: what `popularity` ranks by. */
  readonly popularity: ReadonlyMap<string, number>;
  readonly seed: number;
  private readonly seedLo: number;
  private readonly seedHi: number;
  private readonly outcomeRng: Rng;

  constructor(options: BanditWorldOptions) {
    const { users, seed, startDate = '2024-01-01', months = 18, holdoutDays = 30 } = options;
    if (!Number.isInteger(users) || users < 1) throw new Error(`users must be a whole number from 1, got ${users}`);
    [this.seedLo, this.seedHi] = seedWords(seed);
    this.seed = seed;
    const period = resolvePeriod(startDate, months, holdoutDays);
    const model = new ClickModel();
    const popularity = new Map(CATALOG.map((p) => [p.id, 0]));
    const rng = new Rng(this.seedLo, this.seedHi, 0);
    const list: BanditUser[] = [];
    for (let i = 0; i < users; i++) {
      // The generator's own keying (generate.ts): the same user, whatever the command.
      rng.reseed(this.seedLo, this.seedHi, i);
      const u = simulateUser(rng, period);
      for (const e of u.events) if (e.type === 'purchase') popularity.set(e.product.id, (popularity.get(e.product.id) ?? 0) + 1);
      const arms = eligibleArms(u.owned);
      const click = new Float64Array(arms.length);
      const purchaseGivenClick = new Float64Array(arms.length);
      const prices = new Float64Array(arms.length);
      let best = 0;
      arms.forEach((arm, k) => {
        const truth = model.truth(u.type, arm.index, arm.state);
        click[k] = truth.click;
        purchaseGivenClick[k] = truth.purchaseGivenClick;
        prices[k] = CATALOG[arm.index].price;
        best = Math.max(best, truth.click);
      });
      const owned = CATALOG.filter((p) => u.owned.has(p.id)).map((p) => p.id);
      const segment = segmentOf(u.owned);
      list.push({
        userId: `U${pad(i + 1, 7)}`,
        type: u.type,
        segment,
        features: { region: u.region, home_type: u.homeType, segment, owned: owned.join('|'), n_owned: owned.length },
        actions: arms.map((a) => CATALOG[a.index].id),
        click,
        purchaseGivenClick,
        prices,
        best,
      });
    }
    this.users = list;
    this.popularity = popularity;
    this.outcomeRng = new Rng(this.seedLo ^ OUTCOME_SALT, this.seedHi, 0);
  }

  /** The users of rounds 0..rounds−1 (indices into `users`): uniform with replacement, a function of (seed, users) only. */
  roundUsers(rounds: number): Int32Array {
    const rng = new Rng(this.seedLo ^ ROUNDS_SALT, this.seedHi, 0);
    const out = new Int32Array(rounds);
    for (let t = 0; t < rounds; t++) out[t] = rng.int(this.users.length);
    return out;
  }

  /** The outcome of showing arm `k` to user `u` in round `t`: the same coins for every policy. */
  outcome(t: number, u: BanditUser, k: number): { reward: 0 | 1; value: number } {
    this.outcomeRng.reseed(this.seedLo ^ OUTCOME_SALT, this.seedHi, t);
    const clickCoin = this.outcomeRng.next();
    const purchaseCoin = this.outcomeRng.next();
    if (clickCoin >= u.click[k]) return { reward: 0, value: 0 };
    return { reward: 1, value: purchaseCoin < u.purchaseGivenClick[k] ? u.prices[k] : 0 };
  }
}
