/**
 * The click model of the "next product" slot: what a user does when the slot shows product a. It
 * is derived from the purchase model (purchase-model.ts) rather than set beside it, so that the
 * bandit simulator (`graphrec simulate`) and the generator's held-back purchases share one truth:
 *
 *   h(T, a, s)          = MONTHLY_RATE × affinity(T, a) × factor(s)      (the 30-day purchase hazard)
 *   P30(T, a, s)        = 1 − exp(−h)                                     (the purchase model's window probability)
 *   p(click | T, a, s)  = 1 − exp(−(CLICK_BASE_HAZARD + CLICK_GAIN × h))
 *   p(purchase | click) = P30 / p(click)
 *
 * so p(purchase | shown) = P30 exactly: showing the product converts as the held-back window
 * would, and the best arm for clicks is the oracle's first product (click is monotone in h).
 * CLICK_GAIN ≥ 1 keeps p(click) ≥ P30, i.e. p(purchase | click) ≤ 1. CLICK_BASE_HAZARD is the
 * curiosity click of any shown product (browsers who never buy still click at that rate).
 * Nothing here draws from the generator's streams: the purchase draws are unchanged.
 */
import { CATALOG } from './catalog';
import { CUSTOMER_TYPES, type CustomerType } from './customer-types';
import { MONTHLY_RATE, OFF_SCRIPT_AFFINITY, SUBSTITUTE_FACTOR, REPEAT_FACTOR, affinity, purchaseState, type PurchaseState } from './purchase-model';

/** Hazard of a click on any shown product, interest or not: ~2% of impressions. */
export const CLICK_BASE_HAZARD = 0.02;
/** Clicks per unit of 30-day purchase hazard: the most wanted product is clicked ~30% of the time. */
export const CLICK_GAIN = 3;
/** The window the click model borrows its hazard from: the purchase model's 30 days. */
export const CLICK_WINDOW_DAYS = 30;

const STATE_FACTOR: { readonly [S in PurchaseState]: number } = { new: 1, substitute: SUBSTITUTE_FACTOR, repeat: REPEAT_FACTOR };
const TYPE_INDEX = new Map(CUSTOMER_TYPES.map((t, i) => [t, i]));

/** The truth of one (type, product, state): click and conversion probabilities. */
export interface ClickTruth {
  click: number;
  /** p(purchase | click). */
  purchaseGivenClick: number;
  /** p(purchase | shown) = click × purchaseGivenClick = the purchase model's 30-day probability. */
  purchase: number;
}

function truthOf(type: CustomerType, productId: string, state: PurchaseState): ClickTruth {
  const h = MONTHLY_RATE * affinity(type, productId) * STATE_FACTOR[state] * (CLICK_WINDOW_DAYS / 30);
  const purchase = -Math.expm1(-h);
  const click = -Math.expm1(-(CLICK_BASE_HAZARD + CLICK_GAIN * h));
  return { click, purchaseGivenClick: purchase / click, purchase };
}

/** The table, precomputed: click[type][product][state] (states new and substitute: the slot never offers an owned product). */
export class ClickModel {
  private readonly table: ClickTruth[];
  private static readonly STATES: readonly PurchaseState[] = ['new', 'substitute'];

  constructor() {
    this.table = [];
    for (const type of CUSTOMER_TYPES) for (const p of CATALOG) for (const s of ClickModel.STATES) this.table.push(truthOf(type, p.id, s));
  }

  /** Truth for catalogue product `index` shown to a user of `type` in `state` ('new' or 'substitute'). */
  truth(type: CustomerType, index: number, state: PurchaseState): ClickTruth {
    const t = TYPE_INDEX.get(type);
    const s = ClickModel.STATES.indexOf(state);
    if (t === undefined) throw new Error(`unknown customer type ${type}`);
    if (s < 0) throw new Error(`the slot never shows an owned product (state ${state})`);
    return this.table[(t * CATALOG.length + index) * ClickModel.STATES.length + s];
  }
}

/**
 * The arms of the slot for a user who owns `owned`: catalogue products not owned and compatible
 * with what is owned (an accessory needs one of its bases), catalogue order, with their state.
 */
export function eligibleArms(owned: ReadonlySet<string>): { index: number; state: PurchaseState }[] {
  const out: { index: number; state: PurchaseState }[] = [];
  CATALOG.forEach((p, index) => {
    if (owned.has(p.id)) return;
    const state = purchaseState(p, owned);
    if (state !== undefined) out.push({ index, state });
  });
  return out;
}

/** truth/click_model.json: the formula, its parameters and the table (new and substitute states). */
export function clickModelDocument(model: ClickModel): object {
  const table: Record<string, Record<string, { new: ClickTruth; substitute: ClickTruth }>> = {};
  for (const type of CUSTOMER_TYPES) {
    const row: Record<string, { new: ClickTruth; substitute: ClickTruth }> = {};
    CATALOG.forEach((p, i) => (row[p.id] = { new: model.truth(type, i, 'new'), substitute: model.truth(type, i, 'substitute') }));
    table[type] = row;
  }
  return {
    schema: 'graphrec.click-model/1',
    slot: 'the "next product" slot of `graphrec simulate`: one product shown per round',
    arms: 'catalogue products the user does not own and can buy (an accessory needs one of its bases owned); state as in purchase_model.json',
    reward: 'the click (0/1); value: the price paid when a purchase follows the click',
    formula: {
      hazard: 'h = monthlyRate * affinity(type, product) * factor(state) * days / 30 (purchase_model.json)',
      click: 'p(click) = 1 - exp(-(clickBaseHazard + clickGain * h))',
      purchaseGivenClick: 'p(purchase | click) = (1 - exp(-h)) / p(click), so p(purchase | shown) = the purchase model probability',
    },
    parameters: {
      clickBaseHazard: CLICK_BASE_HAZARD,
      clickGain: CLICK_GAIN,
      days: CLICK_WINDOW_DAYS,
      monthlyRate: MONTHLY_RATE,
      substituteFactor: SUBSTITUTE_FACTOR,
      offScriptAffinity: OFF_SCRIPT_AFFINITY,
    },
    table,
  };
}
