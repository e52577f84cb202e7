import { CATALOG, product } from './catalog';
import { CUSTOMER_TYPES, type CustomerType } from './customer-types';
import { Rng } from './prng';
import {
  MONTHLY_RATE,
  PurchaseModel,
  REPEAT_FACTOR,
  SUBSTITUTE_FACTOR,
  affinity,
  drawHeldBack,
  purchaseModelDocument,
  purchaseState,
  substitutesOwned,
} from './purchase-model';

const DAY = 86_400;
const owned = (...ids: string[]): Set<string> => new Set(ids);

describe('PurchaseModel probabilities', () => {
  const month = new PurchaseModel(30);

  it('follows the documented formula: 1 − exp(−rate × affinity × state factor × days/30)', () => {
    const factor = { new: 1, substitute: SUBSTITUTE_FACTOR, repeat: REPEAT_FACTOR } as const;
    for (const type of CUSTOMER_TYPES) {
      CATALOG.forEach((p, i) => {
        for (const state of ['new', 'substitute', 'repeat'] as const) {
          const expected = 1 - Math.exp(-MONTHLY_RATE * affinity(type, p.id) * factor[state]);
          expect(month.probability(type, i, state)).toBeCloseTo(expected, 14);
        }
      });
    }
  });

  it('is a hazard: two windows of 30 days compose into one of 60, and an empty window buys nothing', () => {
    const twoMonths = new PurchaseModel(60);
    const none = new PurchaseModel(0);
    for (const type of CUSTOMER_TYPES) {
      CATALOG.forEach((_, i) => {
        const p = month.probability(type, i, 'new');
        expect(twoMonths.probability(type, i, 'new')).toBeCloseTo(1 - (1 - p) ** 2, 14);
        expect(none.probability(type, i, 'new')).toBe(0);
      });
    }
  });

  it('keeps every probability in [0, 1), substitutes and repeats below a first purchase, browsers at 0', () => {
    for (const type of CUSTOMER_TYPES) {
      CATALOG.forEach((_, i) => {
        const n = month.probability(type, i, 'new');
        expect(n).toBeGreaterThanOrEqual(0);
        expect(n).toBeLessThan(1);
        if (n > 0) {
          expect(month.probability(type, i, 'substitute')).toBeLessThan(n);
          expect(month.probability(type, i, 'repeat')).toBeLessThan(n);
        }
      });
    }
    expect(month.forUser('browser_never_buys', owned())).toEqual([]);
    // A type's own script outranks off-script products: a renter's chime vs. an alarm keypad.
    const renter = owned('P-DOORBELL-BATTERY', 'P-ALARM-BASE');
    const byId = new Map(month.forUser('doorbell_only_renter', renter).map((c) => [c.product.id, c.probability]));
    expect(byId.get('P-CHIME')!).toBeGreaterThan(10 * byId.get('P-KEYPAD')!);
  });

  it('writes the table it draws from, with the rules that pick a state', () => {
    const doc = purchaseModelDocument(month, { start: 'a', end: 'b' }) as {
      probabilities: Record<string, Record<string, Record<string, number>>>;
      products: { id: string; requires: string[]; substitutable: boolean; repeatable: boolean }[];
    };
    for (const type of CUSTOMER_TYPES) {
      CATALOG.forEach((p, i) => {
        const entry = doc.probabilities[type][p.id];
        expect(entry.new).toBe(month.probability(type, i, 'new'));
        expect(entry.substitute).toBe(doc.products[i].substitutable ? month.probability(type, i, 'substitute') : undefined);
        expect(entry.repeat).toBe(doc.products[i].repeatable ? month.probability(type, i, 'repeat') : undefined);
      });
    }
    expect(doc.products.find((p) => p.id === 'P-CHIME')?.requires).toContain('P-DOORBELL-WIRED');
  });
});

describe('purchaseState (eligibility)', () => {
  it('never offers an accessory without a compatible base', () => {
    expect(purchaseState(product('P-CHIME'), owned())).toBeUndefined();
    expect(purchaseState(product('P-CHIME'), owned('P-INDOOR-CAM'))).toBeUndefined();
    expect(purchaseState(product('P-CHIME'), owned('P-PEEPHOLE-CAM'))).toBe('new');
    expect(purchaseState(product('P-PLAN-PRO'), owned('P-DOORBELL-PRO'))).toBeUndefined(); // monitoring needs the alarm
    expect(purchaseState(product('P-PLAN-PRO'), owned('P-ALARM-BASE'))).toBe('new');
    for (const type of CUSTOMER_TYPES) {
      for (const c of new PurchaseModel(30).forUser(type, owned('P-INDOOR-CAM-MINI'))) expect(c.product.compatibleWith.length === 0 || c.product.compatibleWith.includes('P-INDOOR-CAM-MINI')).toBe(true);
    }
  });

  it('does not sell an owned product again unless its category is repeatable', () => {
    expect(purchaseState(product('P-DOORBELL-PRO'), owned('P-DOORBELL-PRO'))).toBeUndefined();
    expect(purchaseState(product('P-CHIME'), owned('P-DOORBELL-PRO', 'P-CHIME'))).toBeUndefined();
    expect(purchaseState(product('P-PLAN-PLUS'), owned('P-DOORBELL-PRO', 'P-PLAN-PLUS'))).toBeUndefined();
    expect(purchaseState(product('P-CONTACT-SENSOR'), owned('P-ALARM-BASE', 'P-CONTACT-SENSOR'))).toBe('repeat');
    expect(purchaseState(product('P-BATTERY-PACK'), owned('P-DOORBELL-BATTERY', 'P-BATTERY-PACK'))).toBe('repeat');
  });

  it('marks same-category substitutes of owned main devices and plan tiers, not complements', () => {
    expect(purchaseState(product('P-DOORBELL-PRO'), owned('P-PEEPHOLE-CAM'))).toBe('substitute');
    expect(purchaseState(product('P-PLAN-BASIC'), owned('P-DOORBELL-PRO', 'P-PLAN-PLUS'))).toBe('substitute');
    expect(purchaseState(product('P-ALARM-PRO-BASE'), owned('P-ALARM-BASE'))).toBe('substitute');
    expect(purchaseState(product('P-OUTDOOR-CAM-PRO'), owned('P-INDOOR-CAM'))).toBe('new');
    expect(purchaseState(product('P-CONTACT-SENSOR-OUTDOOR'), owned('P-ALARM-BASE', 'P-CONTACT-SENSOR'))).toBe('new');
    expect(substitutesOwned(product('P-DOORBELL-PRO'), owned('P-DOORBELL-PRO'))).toBe(false);
    expect(substitutesOwned(product('P-DOORBELL-PLUS'), owned('P-DOORBELL-PRO'))).toBe(true);
  });
});

describe('drawHeldBack', () => {
  it('buys each product with its model probability (seeded frequency test, 4 standard errors)', () => {
    // A large enough window that most probabilities are far from 0, so the test has power.
    const model = new PurchaseModel(360);
    const cases: [CustomerType, Set<string>][] = [
      ['full_security_homeowner', owned('P-ALARM-BASE', 'P-CONTACT-SENSOR', 'P-DOORBELL-WIRED')],
      ['doorbell_only_renter', owned('P-PEEPHOLE-CAM')],
    ];
    const window = { cutoff: 1_000 * DAY, end: 1_360 * DAY };
    const n = 20_000;
    const rng = new Rng(0);
    let outside = 0;
    for (const [type, have] of cases) {
      const chances = model.forUser(type, have);
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        rng.reseed(11, type.length, i);
        for (const h of drawHeldBack(rng, chances, window)) {
          counts.set(h.product.id, (counts.get(h.product.id) ?? 0) + 1);
          if (h.t < window.cutoff || h.t >= window.end) outside++;
        }
      }
      const off: string[] = [];
      for (const c of chances) {
        const se = Math.sqrt((c.probability * (1 - c.probability)) / n);
        const freq = (counts.get(c.product.id) ?? 0) / n;
        if (Math.abs(freq - c.probability) > 4 * se + 1 / n) off.push(`${type} ${c.product.id}: ${freq} vs ${c.probability}`);
      }
      expect(off).toEqual([]);
      // Nothing outside the user's eligible products is ever bought.
      for (const id of counts.keys()) expect(chances.some((c) => c.product.id === id)).toBe(true);
      for (const id of have) if (!['P-CONTACT-SENSOR'].includes(id)) expect(counts.has(id)).toBe(false);
    }
    expect(outside).toBe(0);
  });

  it('returns purchases in time order, in waking hours, and nothing for an empty window', () => {
    const chances = new PurchaseModel(3650).forUser('full_security_homeowner', owned('P-ALARM-BASE'));
    const rng = new Rng(3);
    const bought = drawHeldBack(rng, chances, { cutoff: 100 * DAY, end: 130 * DAY });
    expect(bought.length).toBeGreaterThan(3);
    for (let i = 1; i < bought.length; i++) expect(bought[i].t).toBeGreaterThanOrEqual(bought[i - 1].t);
    for (const b of bought) expect((b.t % DAY) / 3600).toBeGreaterThanOrEqual(7);
    expect(drawHeldBack(rng, new PurchaseModel(0).forUser('full_security_homeowner', owned()), { cutoff: DAY, end: DAY })).toEqual([]);
  });
});
