/**
 * One user's life over the period: persona, shopping trips (view → cart → purchase → install),
 * idle browsing, subscriptions and device usage. Pure function of the user's random stream.
 *
 * The main files are a snapshot at the cutoff (period end minus the holdout days): anything at or
 * after it is dropped. The script keeps running past the cutoff only so that the stream, and with
 * it every training file, stays what it was before the held-back window had a model of its own:
 * the held-back purchases are drawn from the purchase model (purchase-model.ts), not from here.
 */
import type { DeviceStatus, EventType, HomeType } from '@graphrec/graph-model';
import { CATALOG, canBuy, product, type CatalogProduct } from './catalog';
import { PROFILES, type BasketStep, type CustomerProfile, type CustomerType } from './customer-types';
import { drawPersona, type Region } from './population';
import type { Rng } from './prng';

export const DAY = 86_400;
const MONTH = 30 * DAY;

/** Epoch seconds. */
export interface Period {
  readonly start: number;
  readonly cutoff: number;
  readonly end: number;
}

export interface SimEvent {
  t: number;
  type: EventType;
  product: CatalogProduct;
  /** Index into SimUser.devices, -1 when the event is not about a device. */
  device: number;
  /** Purchases carry the price as their value. */
  priced: boolean;
}

export interface SimDevice {
  product: CatalogProduct;
  installedAt: number;
  status: DeviceStatus;
}

export interface SimUser {
  region: Region;
  homeType: HomeType;
  type: CustomerType;
  signup: number;
  /** Main-file events, sorted by time. */
  events: SimEvent[];
  devices: SimDevice[];
  /** Products bought before the cutoff: what the purchase model calls owned. */
  owned: Set<string>;
}

/** Share of views that go to a random product instead of one the type cares about. */
const VIEW_NOISE = 0.15;
/** Share of buying users who also buy one product outside their type's script (~10% of trips). */
export const PURCHASE_NOISE = 0.3;
/** Chance, per trip, of carting an alternative and leaving it there. */
const ABANDON_CART = 0.15;

/** How chatty a device is relative to its owner's base rate. */
function alertFactor(p: CatalogProduct): number {
  switch (p.category) {
    case 'outdoor_camera':
    case 'floodlight_camera':
    case 'spotlight_camera':
      return 1.5;
    case 'video_doorbell':
      return 1.2;
    case 'motion_sensor':
      return 0.5;
    default:
      return 0.8;
  }
}

class UserBuilder {
  readonly events: SimEvent[] = [];
  readonly devices: SimDevice[] = [];
  /** Products purchased so far (any time): accessories need one of their bases in here. */
  readonly owned = new Set<string>();
  /** Products purchased before the cutoff. */
  readonly ownedAtCutoff = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly period: Period,
    private readonly profile: CustomerProfile,
  ) {}

  /** Records an event, or drops it when at or past the cutoff. */
  private emit(t: number, type: EventType, p: CatalogProduct, device = -1): void {
    if (t >= this.period.cutoff) return;
    if (type === 'purchase') this.ownedAtCutoff.add(p.id);
    this.events.push({ t, type, product: p, device, priced: type === 'purchase' });
  }

  /** A few seconds to minutes between clicks in one session. */
  private tick(t: number): number {
    return t + this.rng.range(15, 240);
  }

  private noisy(p: CatalogProduct): CatalogProduct {
    return this.rng.chance(VIEW_NOISE) ? this.rng.pick(CATALOG) : p;
  }

  /** Buys `qty` units of `p` in a session starting at `t`; returns when the session ended. */
  buy(t: number, p: CatalogProduct, qty: number, alternatives: readonly string[]): number {
    const rng = this.rng;
    // Comparison shopping: a few views of the product, then maybe of an alternative.
    const views = rng.range(1, 2);
    for (let i = 0; i < views; i++) this.emit((t = this.tick(t)), 'product_view', i === 0 ? p : this.noisy(p));
    if (alternatives.length > 1 && rng.chance(0.35)) {
      const alt = product(rng.pick(alternatives));
      this.emit((t = this.tick(t)), 'product_view', alt);
      if (alt !== p && rng.chance(ABANDON_CART)) this.emit((t = this.tick(t)), 'add_to_cart', alt);
    }
    for (let i = 0; i < qty; i++) this.emit((t = this.tick(t)), 'add_to_cart', p);
    for (let i = 0; i < qty; i++) {
      t = this.tick(t);
      this.emit(t, 'purchase', p);
      if (p.physical) this.install(t, p);
      else this.subscribe(t, p);
    }
    this.owned.add(p.id);
    return t;
  }

  private install(purchasedAt: number, p: CatalogProduct): void {
    const { cutoff } = this.period;
    if (purchasedAt >= cutoff) return; // held out: no device in the snapshot
    const rng = this.rng;
    // Unboxing takes hours to days; clamp so a pre-cutoff purchase always has its device.
    const installedAt = Math.min(purchasedAt + 600 + Math.floor(rng.exp(1.5 * DAY)), cutoff - 1);
    const roll = rng.next();
    const status: DeviceStatus = roll < 0.03 ? 'returned' : roll < 0.1 ? 'inactive' : 'active';
    const device = this.devices.length;
    this.devices.push({ product: p, installedAt, status });
    this.emit(installedAt, 'install', p, device);

    let stop = cutoff;
    if (status === 'returned') stop = Math.min(cutoff, installedAt + rng.range(1, 14) * DAY);
    else if (status === 'inactive') stop = installedAt + Math.floor(rng.next() * (cutoff - installedAt));
    const months = (stop - installedAt) / MONTH;
    if (months <= 0) return;
    const span = stop - installedAt;
    if (p.alerts) {
      const n = Math.min(200, rng.poisson(this.profile.alertsPerMonth * alertFactor(p) * months));
      for (let i = 0; i < n; i++) this.emit(installedAt + 1 + Math.floor(rng.next() * (span - 1)), 'motion_alert', p, device);
    }
    if (p.streams) {
      const n = Math.min(200, rng.poisson(this.profile.liveViewsPerMonth * months));
      for (let i = 0; i < n; i++) this.emit(installedAt + 1 + Math.floor(rng.next() * (span - 1)), 'live_view', p, device);
    }
  }

  private subscribe(purchasedAt: number, p: CatalogProduct): void {
    const { start, end } = this.period;
    this.emit(purchasedAt + 1, 'subscription_start', p);
    if (this.rng.chance(this.profile.cancelProb)) {
      const cancelAt = purchasedAt + 2 + Math.floor(this.rng.next() * (end - start) * 0.6);
      this.emit(cancelAt, 'subscription_cancel', p);
    }
  }

  /** Idle browsing: a few views of what the type is into, sometimes a cart that is never bought. */
  browse(t: number, cartProb: number): void {
    const rng = this.rng;
    const n = rng.range(1, 3);
    for (let i = 0; i < n; i++) {
      const p = this.noisy(product(rng.pick(this.profile.interests)));
      this.emit((t = this.tick(t)), 'product_view', p);
      if (rng.chance(cartProb)) this.emit((t = this.tick(t)), 'add_to_cart', p);
    }
  }
}

/** Picks the product a basket step resolves to, or undefined when the step is skipped. */
function resolveStep(rng: Rng, s: BasketStep, owned: ReadonlySet<string>): CatalogProduct | undefined {
  if (!rng.chance(s.prob)) return undefined;
  const id = s.weights ? s.options[rng.weighted(s.weights)] : rng.pick(s.options);
  const p = product(id);
  return canBuy(p, owned) ? p : undefined;
}

/** A random purchase outside the script; an accessory without its base becomes that base instead. */
function noisePurchase(rng: Rng, owned: ReadonlySet<string>): CatalogProduct {
  const p = rng.pick(CATALOG);
  return canBuy(p, owned) ? p : product(rng.pick(p.compatibleWith));
}

/**
 * Starts a session in the waking hours of the day containing `t`, or of the next day when that
 * would fall before `t`: sessions never go back in time, which keeps accessories after their bases.
 */
function daytime(rng: Rng, t: number): number {
  const candidate = Math.floor(t / DAY) * DAY + 7 * 3600 + rng.int(16 * 3600);
  return candidate < t ? candidate + DAY : candidate;
}

export function simulateUser(rng: Rng, period: Period): SimUser {
  const persona = drawPersona(rng);
  const profile = PROFILES[persona.type];
  const { start, cutoff } = period;
  // Signups span the observed window (before the cutoff), so every user has a row and a date.
  const signup = start + rng.int(cutoff - start - DAY);
  const b = new UserBuilder(rng, period, profile);

  // Idle browsing sessions, spread over the user's lifetime.
  const sessions = rng.range(profile.browseSessions[0], profile.browseSessions[1]);
  const cartProb = profile.basket.length === 0 ? 0.2 : 0.08;
  for (let i = 0; i < sessions; i++) b.browse(daytime(rng, signup + rng.int(cutoff - signup)), cartProb);

  // Shopping trips: the script in order, one trip per step, plus maybe one off-script purchase.
  const noiseAt = profile.basket.length > 0 && rng.chance(PURCHASE_NOISE) ? rng.int(profile.basket.length + 1) : -1;
  let t = daytime(rng, signup + Math.floor(rng.exp(2 * DAY)));
  for (let i = 0; i <= profile.basket.length && t < period.end; i++) {
    if (i === noiseAt) {
      t = daytime(rng, b.buy(t, noisePurchase(rng, b.owned), 1, []) + Math.floor(rng.exp(profile.tripGapDays * DAY)));
    }
    const s = profile.basket[i];
    if (!s) break;
    const p = resolveStep(rng, s, b.owned);
    if (!p) continue;
    const end = b.buy(t, p, rng.range(s.qty[0], s.qty[1]), s.options);
    t = daytime(rng, end + Math.floor(rng.exp(profile.tripGapDays * DAY)));
  }

  // Array.prototype.sort is stable: same-second events keep their causal order.
  b.events.sort((x, y) => x.t - y.t);
  return { ...persona, signup, events: b.events, devices: b.devices, owned: b.ownedAtCutoff };
}
