/**
 * Return visits after an alert: what a customer does in the shop days or months after a purchase,
 * because of the device they now own. A motion alert sends some owners back to the product's page
 * (to look at what the device can do), and from there to what would complete it that they do not
 * have yet: a protection plan for a camera or doorbell that has none (recorded clips need a plan),
 * else an accessory that fits the device (a solar panel or spare battery for a battery camera, a
 * chime for a doorbell, another sensor or the keypad for an alarm) — or, for half of those who
 * left a product in the cart earlier (carted, never bought), back to that product: the return to
 * an abandoned cart that shops see days or weeks later. Views only: a return visit
 * buys nothing here, so the purchase truth that the ranker, propensity and decision figures are
 * scored on is untouched.
 *
 * Drawn from a stream of its own per user (seed and user index, salted), never from the user's
 * simulation stream: every draw of `simulateUser` and of the held-back window stays what it was.
 */
import { CATALOG, isAccessory, type CatalogProduct } from './catalog';
import { Rng } from './prng';
import type { Period, SimEvent, SimUser } from './user-sim';

/** Share of motion alerts after which the owner opens the shop at the device's page. */
export const RETURN_AFTER_ALERT = 0.2;
/** Share of return visits of a video device without a plan whose next page is a plan. */
const PLAN_FIRST = 0.6;
/** Share of return visits of a user with an abandoned cart that go back to the latest one. */
const BACK_TO_CART = 0.5;
/** Chance of looking at a second missing piece in the same visit. */
const SECOND_LOOK = 0.35;
/** Salt of the return-visit stream: keeps it apart from the user's simulation stream. */
const STREAM_SALT = 0x5e55_10a7;

/** The user's stream of return-visit draws (independent of the simulation's, same seed and user). */
export function returnVisitRng(seedLo: number, seedHi: number, user: number): Rng {
  return new Rng((seedLo ^ STREAM_SALT) >>> 0, seedHi, user);
}

/** Whether `p` belongs with `device`: an accessory of it, or (for an accessory device) of the same base. */
function fits(p: CatalogProduct, device: CatalogProduct): boolean {
  if (p.compatibleWith.includes(device.id)) return true;
  return isAccessory(device) && p.compatibleWith.some((base) => device.compatibleWith.includes(base));
}

/** What would complete `device` that the owner does not have yet, plans first (see PLAN_FIRST). */
function missingPieces(device: CatalogProduct, owned: ReadonlySet<string>): { plans: CatalogProduct[]; others: CatalogProduct[] } {
  const plans: CatalogProduct[] = [];
  const others: CatalogProduct[] = [];
  for (const p of CATALOG) {
    if (!isAccessory(p) || owned.has(p.id) || !fits(p, device)) continue;
    (p.category === 'protection_plan' ? plans : others).push(p);
  }
  return { plans, others };
}

/**
 * The return visits of one simulated user, as view events (time-sorted; each before the cutoff).
 * `owned` at an alert is what the user bought before it.
 */
export function returnVisits(rng: Rng, user: SimUser, period: Period): SimEvent[] {
  const out: SimEvent[] = [];
  const owned = new Set<string>();
  // The latest product carted and not bought (as of each event), for returns to an abandoned cart.
  let abandoned: CatalogProduct | undefined;
  const ownsPlan = () => CATALOG.some((p) => p.category === 'protection_plan' && owned.has(p.id));
  for (const e of user.events) {
    if (e.type === 'purchase') {
      owned.add(e.product.id);
      if (abandoned === e.product) abandoned = undefined;
    }
    if (e.type === 'add_to_cart' && !owned.has(e.product.id)) abandoned = e.product;
    if (e.type !== 'motion_alert' || !rng.chance(RETURN_AFTER_ALERT)) continue;
    const device = e.product;
    // Minutes after the alert.
    const t = e.t + rng.range(60, 1800);
    const visit: CatalogProduct[] = [device];
    const { plans, others } = missingPieces(device, owned);
    const cart = abandoned;
    if (cart && rng.chance(BACK_TO_CART)) {
      visit.push(cart);
      if (rng.chance(SECOND_LOOK)) visit.push(cart); // a second look: its reviews, its price
      emitVisit(out, visit, t, period, rng);
      continue;
    }
    const pool = device.streams && !ownsPlan() && plans.length && rng.chance(PLAN_FIRST) ? plans : [...plans, ...others];
    if (pool.length) {
      const first = rng.pick(pool);
      visit.push(first);
      const rest = [...plans, ...others].filter((p) => p !== first);
      if (rest.length && rng.chance(SECOND_LOOK)) visit.push(rng.pick(rest));
    } else {
      visit.push(device); // nothing missing: a second look at the device's own page
    }
    emitVisit(out, visit, t, period, rng);
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The visit's views from `t` on, a click every 15 s to 4 min, as in a shopping trip; none at or past the cutoff. */
function emitVisit(out: SimEvent[], visit: readonly CatalogProduct[], t: number, period: Period, rng: Rng): void {
  for (const p of visit) {
    if (t >= period.cutoff) break;
    out.push({ t, type: 'product_view', product: p, device: -1, priced: false });
    t += rng.range(15, 240);
  }
}

/** `events` and `extra`, both time-sorted, merged by time; on a tie the simulated event comes first. */
export function mergeByTime(events: readonly SimEvent[], extra: readonly SimEvent[]): SimEvent[] {
  if (!extra.length) return [...events];
  const out: SimEvent[] = [];
  let j = 0;
  for (const e of events) {
    while (j < extra.length && extra[j].t < e.t) out.push(extra[j++]);
    out.push(e);
  }
  while (j < extra.length) out.push(extra[j++]);
  return out;
}
