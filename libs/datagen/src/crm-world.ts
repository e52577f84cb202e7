/**
 * The sequential CRM environment (issue 11 §4; docs/decide.md "Sequential CRM policy"): which product
 * to promote to a user week after week. The users are the bandit simulator's (bandit-world.ts: the
 * generator's users, same hidden type, same products owned at the cutoff); the truth of one
 * promotion is the slot's click model (click-model.ts), unchanged:
 *
 * - each week w = 0…weeks−1 the CRM promotes one eligible product a (not owned, compatible with
 *   what is owned *now*; its state new or substitute, as the purchase model says);
 * - the user clicks with p(click | type, a, state) and then buys with p(purchase | click): the
 *   week's **value** is the price paid. A purchase changes what is owned, so next week's eligible
 *   products and states change (an alarm base station opens its sensors and keypad; a second
 *   camera of a category is a substitute);
 * - **what they did**: a promotion that is not clicked is ignored, and an ignored promotion ends
 *   the user's subscription with probability UNSUBSCRIBE_AFTER_IGNORED (no value after that). This
 *   is the one rule the CRM adds to the slot's truth: it is what makes a week's choice cost future
 *   weeks (promoting what a user ignores spends their attention), and it is written down here and
 *   in the docs, never tuned to a result.
 *
 * The state a policy sees is what the CRM knows: the owned products (and the segment they imply),
 * what the user did — how many promotions in a row they ignored since they last bought (capped at
 * IGNORED_CAP) —, the weeks left, subscribed or not; never the hidden type. What they did matters:
 * the type is hidden, and a user who ignored the same promotion three times is less likely to want
 * it than the owned set alone says; without it the state is not Markov for a learner.
 *
 * **Exact value** of any policy: the distribution over (type, owned set) is carried forward week
 * by week from the users' starting states (users who share a type and an owned set share one
 * entry), and each week adds Σ mass · π(a|s) · p(click) · p(purchase | click) · price. Nothing is
 * sampled. States whose mass falls below `pruneMass` (default 1e-6 of a user: a path of two or three
 * purchases the logging policy rarely makes) are dropped and their mass is reported: the error of
 * the value per user is at most that mass × the dearest product × the weeks / users (`errorBound`).
 */
import { CATALOG } from './catalog';
import { ClickModel, eligibleArms } from './click-model';
import { CUSTOMER_TYPES, type CustomerType } from './customer-types';
import { BanditWorld, segmentOf, type BanditWorldOptions } from './bandit-world';
import { Rng, seedWords } from './prng';

/** Weeks of one CRM programme. */
export const CRM_WEEKS = 12;
/** p(unsubscribe | a promotion not clicked): the CRM's rule for spent attention (see above). */
export const UNSUBSCRIBE_AFTER_IGNORED = 0.03;
/** Ignored promotions counted in the state (more count as this many). */
export const IGNORED_CAP = 3;
/** Keeps the episodes' coins apart from every other stream of the seed. */
const EPISODE_SALT = 0x0c7a11ed;

/** What a CRM policy sees of a user in a week. */
export interface CrmObservation {
  /** Owned product ids, catalogue order. */
  readonly owned: readonly string[];
  readonly segment: string;
  /** Promotions ignored since the owned set last changed (or the programme began), at most IGNORED_CAP. */
  readonly ignored: number;
  /** Weeks left including this one (weeks … 1). */
  readonly weeksLeft: number;
}

/**
 * A policy as the environment runs it: the probability of each eligible product (aligned with
 * `actions`). `observesIgnored: false` says it never reads `ignored` (the exact value then merges
 * states that differ only there: far fewer states for a stochastic policy).
 */
export type CrmPolicyFn = ((observation: CrmObservation, actions: readonly string[]) => ArrayLike<number>) & { observesIgnored?: boolean };

/** The truth of promoting each eligible product to one (type, owned set). */
interface CrmArms {
  /** The owned set as a bit mask over the catalogue (bit i: CATALOG[i]). */
  readonly mask: number;
  readonly owned: readonly string[];
  readonly segment: string;
  readonly actions: readonly string[];
  readonly index: readonly number[];
  readonly click: Float64Array;
  readonly buyGivenClick: Float64Array;
  readonly price: Float64Array;
}

/** One logged week of one user (the CRM's decision log). */
export interface CrmStep {
  episode: number;
  week: number;
  userId: string;
  observation: CrmObservation;
  actions: string[];
  action: string;
  /** The logging policy's probability of `action`. */
  propensity: number;
  clicked: boolean;
  /** The price paid this week (0 without a purchase). */
  value: number;
  /** Next week's observation and eligible products (after the last week too: weeksLeft 0); absent when the user unsubscribed. */
  next?: { observation: CrmObservation; actions: string[] };
}

export interface CrmTruth {
  /** Expected value per user over the programme. */
  value: number;
  /** Expected value per user by week (week 0 first). */
  byWeek: number[];
  /** Mass (in users) of the states dropped as negligible. */
  prunedMass: number;
  /** The most the dropped states could have added to `value` (per user). */
  errorBound: number;
}

export interface CrmWorldOptions extends BanditWorldOptions {
  weeks?: number;
}

export class CrmWorld {
  readonly weeks: number;
  readonly bandit: BanditWorld;
  private readonly model = new ClickModel();
  private readonly arms = new Map<number, CrmArms>();
  private readonly byId = new Map(CATALOG.map((p, i) => [p.id, i]));
  private readonly typeIndex = new Map(CUSTOMER_TYPES.map((t, i) => [t, i]));
  /** The most one promotion can be worth in expectation (any type, product, state): the pruning's error bound per week. */
  private maxWeekValue = 0;

  constructor(options: CrmWorldOptions | BanditWorld) {
    this.bandit = options instanceof BanditWorld ? options : new BanditWorld(options);
    this.weeks = options instanceof BanditWorld ? CRM_WEEKS : (options.weeks ?? CRM_WEEKS);
    if (!Number.isInteger(this.weeks) || this.weeks < 1 || this.weeks > 104) throw new Error(`weeks must be a whole number from 1 to 104, got ${this.weeks}`);
    // Owned sets are bit masks in a double (exact below 2^53), with the type and ignored count above them.
    if (CATALOG.length > 44 || CUSTOMER_TYPES.length * (IGNORED_CAP + 1) > 2 ** 9) throw new Error('the CRM world packs its states in 53 bits');
    for (const type of CUSTOMER_TYPES) {
      for (let i = 0; i < CATALOG.length; i++) {
        for (const state of ['new', 'substitute'] as const) this.maxWeekValue = Math.max(this.maxWeekValue, this.model.truth(type, i, state).purchase * CATALOG[i].price);
      }
    }
  }

  /** The key of a (type, owned mask[, ignored]). */
  private key(type: CustomerType, mask: number, ignored = 0): number {
    return ((this.typeIndex.get(type) ?? 0) * (IGNORED_CAP + 1) + ignored) * 2 ** 44 + mask;
  }

  private maskOf(owned: readonly string[]): number {
    let mask = 0;
    for (const id of owned) {
      const i = this.byId.get(id);
      if (i !== undefined) mask += 2 ** i;
    }
    return mask;
  }

  /** The users' starting owned sets (catalogue order). */
  startOwned(user: number): string[] {
    const owned = String(this.bandit.users[user].features.owned ?? '');
    return owned === '' ? [] : owned.split('|');
  }

  /** The eligible products of a (type, owned set) and their truth, memoised. */
  armsOf(type: CustomerType, owned: readonly string[] | number): CrmArms {
    const mask = typeof owned === 'number' ? owned : this.maskOf(owned);
    const key = this.key(type, mask);
    let arms = this.arms.get(key);
    if (!arms) {
      const ids = CATALOG.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1).map((p) => p.id);
      const set = new Set(ids);
      const eligible = eligibleArms(set);
      const click = new Float64Array(eligible.length);
      const buyGivenClick = new Float64Array(eligible.length);
      const price = new Float64Array(eligible.length);
      eligible.forEach((arm, k) => {
        const t = this.model.truth(type, arm.index, arm.state);
        click[k] = t.click;
        buyGivenClick[k] = t.purchaseGivenClick;
        price[k] = CATALOG[arm.index].price;
      });
      arms = { mask, owned: ids, segment: segmentOf(set), actions: eligible.map((a) => CATALOG[a.index].id), index: eligible.map((a) => a.index), click, buyGivenClick, price };
      this.arms.set(key, arms);
    }
    return arms;
  }


  /** The policy's probabilities, checked: a policy that does not return a distribution is a bug, not a value. */
  private probabilities(policy: CrmPolicyFn, observation: CrmObservation, actions: readonly string[]): ArrayLike<number> {
    const p = policy(observation, actions);
    let sum = 0;
    for (let k = 0; k < actions.length; k++) {
      if (!(p[k] >= 0)) throw new Error(`policy returned probability ${p[k]} for ${actions[k]}`);
      sum += p[k];
    }
    if (Math.abs(sum - 1) > 1e-6) throw new Error(`policy probabilities sum to ${sum}, not 1`);
    return p;
  }

  /** The exact expected value per user of `policy` over the programme (users: the indices to average over; default all). */
  trueValue(policy: CrmPolicyFn, options: { users?: readonly number[]; pruneMass?: number } = {}): CrmTruth {
    const users = options.users ?? this.bandit.users.map((_, i) => i);
    const prune = options.pruneMass ?? 1e-6;
    const tracks = policy.observesIgnored !== false;
    type Mass = { type: CustomerType; mask: number; ignored: number; mass: number };
    const add = (into: Map<number, Mass>, type: CustomerType, mask: number, ignored: number, mass: number) => {
      const key = this.key(type, mask, ignored);
      const e = into.get(key);
      if (e) e.mass += mass;
      else into.set(key, { type, mask, ignored, mass });
    };
    // Mass per (type, owned set) of users still subscribed.
    let states = new Map<number, Mass>();
    for (const u of users) add(states, this.bandit.users[u].type, this.maskOf(this.startOwned(u)), 0, 1);
    const byWeek: number[] = [];
    let bound = 0;
    let pruned = 0;
    for (let w = 0; w < this.weeks; w++) {
      const next = new Map<number, Mass>();
      let value = 0;
      for (const { type, mask, ignored, mass } of states.values()) {
        if (mass < prune) {
          pruned += mass;
          bound += mass * this.maxWeekValue * (this.weeks - w);
          continue;
        }
        const arms = this.armsOf(type, mask);
        if (arms.actions.length === 0) {
          add(next, type, mask, ignored, mass); // nothing to promote: the user stays, the week is worth 0
          continue;
        }
        const pi = this.probabilities(policy, { owned: arms.owned, segment: arms.segment, ignored, weeksLeft: this.weeks - w }, arms.actions);
        let looked = 0;
        let stay = 0;
        for (let k = 0; k < arms.actions.length; k++) {
          if (pi[k] === 0) continue;
          const buy = arms.click[k] * arms.buyGivenClick[k];
          value += mass * pi[k] * buy * arms.price[k];
          if (buy > 0) add(next, type, mask + 2 ** arms.index[k], 0, mass * pi[k] * buy);
          // Clicked without buying: still subscribed, nothing ignored; not clicked: ignored, and unsubscribes with UNSUBSCRIBE_AFTER_IGNORED.
          looked += pi[k] * (arms.click[k] - buy);
          stay += pi[k] * (1 - arms.click[k]) * (1 - UNSUBSCRIBE_AFTER_IGNORED);
        }
        if (looked > 0) add(next, type, mask, ignored, mass * looked);
        if (stay > 0) add(next, type, mask, tracks ? Math.min(IGNORED_CAP, ignored + 1) : 0, mass * stay);
      }
      byWeek.push(value / users.length);
      states = next;
    }
    return { value: byWeek.reduce((s, v) => s + v, 0), byWeek, prunedMass: pruned, errorBound: bound / users.length };
  }

  /**
   * One programme per user in `users` under `policy`, as a decision log: every week's observation,
   * eligible products, the product drawn from the policy's probabilities, its propensity, the click
   * and value. Coins are keyed by (seed, episode, week): the log is a function of the seed.
   */
  episodes(policy: CrmPolicyFn, options: { users?: readonly number[] } = {}): CrmStep[] {
    const users = options.users ?? this.bandit.users.map((_, i) => i);
    const [lo, hi] = seedWords(this.bandit.seed);
    const rng = new Rng(lo ^ EPISODE_SALT, hi, 0);
    const steps: CrmStep[] = [];
    users.forEach((u, episode) => {
      const user = this.bandit.users[u];
      rng.reseed(lo ^ EPISODE_SALT, hi, episode);
      let owned = this.maskOf(this.startOwned(u));
      let ignored = 0;
      let previous: CrmStep | undefined;
      for (let w = 0; w <= this.weeks; w++) {
        const arms = this.armsOf(user.type, owned);
        const observation: CrmObservation = { owned: arms.owned, segment: arms.segment, ignored, weeksLeft: this.weeks - w };
        // The state after the last week is recorded too: the dynamics are the same every week, so a
        // learner may use every transition for any number of weeks left (fitted-q.ts).
        if (previous) previous.next = { observation, actions: [...arms.actions] };
        if (w === this.weeks || arms.actions.length === 0) break;
        const pi = this.probabilities(policy, observation, arms.actions);
        const draw = rng.next();
        let k = 0;
        for (let acc = pi[0]; acc <= draw && k < arms.actions.length - 1; ) acc += pi[++k];
        while (pi[k] === 0 && k > 0) k--; // rounding at the top end never picks an impossible product
        const clicked = rng.next() < arms.click[k];
        const bought = clicked && rng.next() < arms.buyGivenClick[k];
        const unsubscribes = !clicked && rng.next() < UNSUBSCRIBE_AFTER_IGNORED;
        const step: CrmStep = { episode, week: w, userId: user.userId, observation, actions: [...arms.actions], action: arms.actions[k], propensity: pi[k], clicked, value: bought ? arms.price[k] : 0 };
        steps.push(step);
        if (unsubscribes) break;
        previous = step;
        if (bought) {
          owned += 2 ** arms.index[k];
          ignored = 0;
        } else if (!clicked) ignored = Math.min(IGNORED_CAP, ignored + 1);
      }
    });
    return steps;
  }
}
