/**
 * The purchase model of the held-back window: for every hidden customer type, product and relation
 * of the product to what the user owns at the cutoff, the probability that the user buys the
 * product in [cutoff, end). The training period keeps its scripted funnels (user-sim.ts); the
 * held-back purchases are drawn from this model alone (drawHeldBack), one independent Bernoulli
 * per product, and the model is written with the world (truth/purchase_model.json, plus each
 * held-out user's probabilities in truth/holdout_probabilities.csv). Ranking a user's products by
 * these probabilities is therefore the best any recommender can do in expectation: the oracle.
 *
 * What the user owns = every product it bought before the cutoff (returned devices and cancelled
 * plans included: that is also what serving and evaluate-holdout exclude). The owned set enters
 * only through the product's state:
 *
 * - ineligible (probability 0): an accessory without a compatible base owned (`canBuy`), or an
 *   owned product that is not repeatable;
 * - `repeat`: an owned product of a REPEATABLE category (sensors: one per door, window or room;
 *   battery packs: spares) — bought again at REPEAT_FACTOR of the first-purchase rate;
 * - `substitute`: a product of a SUBSTITUTE category (main devices and plan tiers) while the user
 *   owns another product of that category — a second doorbell for a doorbell owner, Plan Basic for
 *   a Plan Plus subscriber; households rarely do this, hence SUBSTITUTE_FACTOR;
 * - `new`: anything else that is eligible.
 */
import type { ProductCategory } from '@graphrec/graph-model';
import { CATALOG, canBuy, isAccessory, type CatalogProduct } from './catalog';
import { CUSTOMER_TYPES, PROFILES, type CustomerType } from './customer-types';
import type { Rng } from './prng';
import { PURCHASE_NOISE } from './user-sim';

export const PURCHASE_STATES = ['new', 'substitute', 'repeat'] as const;
export type PurchaseState = (typeof PURCHASE_STATES)[number];

/**
 * Categories a home uses several of, each unit bought separately: contact and motion sensors (one
 * per opening or room) and battery packs (spares). Keypads, chimes and solar panels are one per
 * base in practice; cameras and doorbells of the same model count as substitutes, not repeats.
 */
export const REPEATABLE_CATEGORIES: readonly ProductCategory[] = ['contact_sensor', 'motion_sensor', 'battery'];

/**
 * Main devices and plan tiers: owning one of a category makes another of the same category a
 * substitute. Camera categories are kept apart (an outdoor camera covers what an indoor one cannot,
 * so it complements rather than replaces it); plan tiers are exclusive subscriptions.
 */
export const SUBSTITUTE_CATEGORIES: readonly ProductCategory[] = [
  'video_doorbell',
  'indoor_camera',
  'outdoor_camera',
  'floodlight_camera',
  'spotlight_camera',
  'alarm_base_station',
  'protection_plan',
];

/**
 * Purchase hazard per 30 days per unit of affinity. Chosen so the 20,000-user demo world holds back
 * about as many purchases as the scripted window did before the model existed (2,219), keeping its
 * figures comparable; docs/datagen.md has the calibration.
 */
export const MONTHLY_RATE = 0.11;
/** A substitute sells at this share of the rate of a first device of the category. */
export const SUBSTITUTE_FACTOR = 0.06;
/** A repeatable product is bought again at this share of its first-purchase rate. */
export const REPEAT_FACTOR = 0.15;
/** Off-script interest of buying types, per product: the scripts' one-off noise purchase spread over the catalogue. */
export const OFF_SCRIPT_AFFINITY = PURCHASE_NOISE / CATALOG.length;

const CATALOG_BY_ID = new Map(CATALOG.map((p) => [p.id, p]));
const TYPE_INDEX = new Map(CUSTOMER_TYPES.map((t, i) => [t, i]));
const STATE_FACTOR: { readonly [S in PurchaseState]: number } = { new: 1, substitute: SUBSTITUTE_FACTOR, repeat: REPEAT_FACTOR };

/**
 * How strongly a type's script reaches for a product: the expected number of script steps that
 * pick it (step probability × the option's weight share), capped at 1, plus the off-script
 * interest for types that buy at all. The window rate is proportional to it.
 */
export function affinity(type: CustomerType, productId: string): number {
  const basket = PROFILES[type].basket;
  if (basket.length === 0) return 0;
  let a = 0;
  for (const s of basket) {
    const i = s.options.indexOf(productId);
    if (i < 0) continue;
    const total = s.weights ? s.weights.reduce((x, y) => x + y, 0) : s.options.length;
    a += s.prob * (s.weights ? s.weights[i] : 1) / total;
  }
  return Math.min(1, a) + OFF_SCRIPT_AFFINITY;
}

export function isRepeatable(p: CatalogProduct): boolean {
  return REPEATABLE_CATEGORIES.includes(p.category);
}

export function isSubstitutable(p: CatalogProduct): boolean {
  return SUBSTITUTE_CATEGORIES.includes(p.category);
}

/** The product's relation to what the user owns, or undefined when the user cannot buy it in the window. */
export function purchaseState(p: CatalogProduct, owned: ReadonlySet<string>): PurchaseState | undefined {
  if (!canBuy(p, owned)) return undefined;
  if (owned.has(p.id)) return isRepeatable(p) ? 'repeat' : undefined;
  if (isSubstitutable(p)) {
    for (const id of owned) {
      const q = CATALOG_BY_ID.get(id);
      if (q && q.category === p.category) return 'substitute';
    }
  }
  return 'new';
}

/**
 * The table: probability[type][product][state], for a window of `days` days. Each entry is the
 * marginal of an independent Bernoulli, 1 − exp(−MONTHLY_RATE × affinity × state factor × days/30);
 * entries of one user do not sum to one — their sum is the user's expected number of purchases.
 */
export class PurchaseModel {
  private readonly table: Float64Array;

  constructor(readonly days: number) {
    if (!(days >= 0)) throw new Error(`days must be non-negative, got ${days}`);
    const states = PURCHASE_STATES.length;
    this.table = new Float64Array(CUSTOMER_TYPES.length * CATALOG.length * states);
    CUSTOMER_TYPES.forEach((type, t) =>
      CATALOG.forEach((p, i) =>
        PURCHASE_STATES.forEach((state, s) => {
          const hazard = MONTHLY_RATE * affinity(type, p.id) * STATE_FACTOR[state] * (days / 30);
          this.table[(t * CATALOG.length + i) * states + s] = -Math.expm1(-hazard);
        }),
      ),
    );
  }

  /** Probability of buying catalogue product `index` in the window, for a user of `type` in `state`. */
  probability(type: CustomerType, index: number, state: PurchaseState): number {
    const t = TYPE_INDEX.get(type);
    if (t === undefined) throw new Error(`unknown customer type ${type}`);
    return this.table[(t * CATALOG.length + index) * PURCHASE_STATES.length + PURCHASE_STATES.indexOf(state)];
  }

  /** One user's probabilities, catalogue order, products it cannot buy left out. */
  forUser(type: CustomerType, owned: ReadonlySet<string>): UserPurchaseProbability[] {
    const out: UserPurchaseProbability[] = [];
    CATALOG.forEach((p, i) => {
      const state = purchaseState(p, owned);
      if (state === undefined) return;
      const probability = this.probability(type, i, state);
      if (probability > 0) out.push({ product: p, state, probability });
    });
    return out;
  }
}

export interface UserPurchaseProbability {
  product: CatalogProduct;
  state: PurchaseState;
  probability: number;
}

/** Whether `p` is a same-category substitute of a main device in `owned` (for reports and tests). */
export function substitutesOwned(p: CatalogProduct, owned: ReadonlySet<string>): boolean {
  return !owned.has(p.id) && purchaseState(p, owned) === 'substitute';
}

/**
 * The held-back purchases of one user: every product of `probabilities` with one coin each (one
 * `rng.next()` per product, catalogue order), the bought ones at a daytime moment of a uniform day
 * in [cutoff, end). Sorted by time, ties in catalogue order.
 */
export function drawHeldBack(
  rng: Rng,
  probabilities: readonly UserPurchaseProbability[],
  window: { cutoff: number; end: number },
): { product: CatalogProduct; t: number }[] {
  const days = Math.floor((window.end - window.cutoff) / 86_400);
  const bought: { product: CatalogProduct; t: number }[] = [];
  for (const { product, probability } of probabilities) {
    if (rng.next() >= probability) continue;
    // Waking hours (07:00–23:00 UTC), as the scripted sessions; cutoff is a UTC midnight.
    const t = window.cutoff + rng.int(days) * 86_400 + 7 * 3600 + rng.int(16 * 3600);
    bought.push({ product, t });
  }
  return bought.sort((a, b) => a.t - b.t);
}

/** truth/purchase_model.json: the table, the rules that pick a state, and the window. */
export function purchaseModelDocument(model: PurchaseModel, window: { start: string; end: string }): object {
  const probabilities: Record<string, Record<string, Partial<Record<PurchaseState, number>>>> = {};
  for (const type of CUSTOMER_TYPES) {
    const row: Record<string, Partial<Record<PurchaseState, number>>> = {};
    CATALOG.forEach((p, i) => {
      const entry: Partial<Record<PurchaseState, number>> = { new: model.probability(type, i, 'new') };
      if (isSubstitutable(p)) entry.substitute = model.probability(type, i, 'substitute');
      if (isRepeatable(p)) entry.repeat = model.probability(type, i, 'repeat');
      row[p.id] = entry;
    });
    probabilities[type] = row;
  }
  return {
    schema: 'graphrec.purchase-model/1',
    window: { ...window, days: model.days },
    draw: 'one independent Bernoulli per (user, product) with the probability of the product’s state; at most one purchase of a product per user',
    owned: 'products the user bought before window.start (returned devices and cancelled plans included)',
    states: {
      ineligible: 'probability 0: an accessory (requires non-empty) with no required product owned, or an owned product that is not repeatable',
      repeat: 'owned and repeatable',
      substitute: 'substitutable, not owned, and another product of the same category owned',
      new: 'any other eligible product',
    },
    parameters: { monthlyRate: MONTHLY_RATE, substituteFactor: SUBSTITUTE_FACTOR, repeatFactor: REPEAT_FACTOR, offScriptAffinity: OFF_SCRIPT_AFFINITY },
    formula: 'probability = 1 - exp(-monthlyRate * affinity(type, product) * factor(state) * days / 30)',
    products: CATALOG.map((p) => ({
      id: p.id,
      category: p.category,
      requires: isAccessory(p) ? p.compatibleWith : [],
      repeatable: isRepeatable(p),
      substitutable: isSubstitutable(p),
    })),
    substituteCategories: SUBSTITUTE_CATEGORIES,
    repeatableCategories: REPEATABLE_CATEGORIES,
    probabilities,
  };
}
