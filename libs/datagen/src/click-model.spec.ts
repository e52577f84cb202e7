import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BanditWorld } from './bandit-world';
import { CATALOG, canBuy } from './catalog';
import { ClickModel } from './click-model';
import { CUSTOMER_TYPES } from './customer-types';
import { generateWorld } from './generate';
import { PurchaseModel } from './purchase-model';
import { readCsv } from './testkit';

describe('the click model shares the purchase model’s truth', () => {
  it('converts a shown product exactly with the 30-day purchase probability', () => {
    const clicks = new ClickModel();
    const purchases = new PurchaseModel(30);
    for (const type of CUSTOMER_TYPES) {
      CATALOG.forEach((_, i) => {
        for (const state of ['new', 'substitute'] as const) {
          const t = clicks.truth(type, i, state);
          expect([type, i, state, Math.abs(t.purchase - purchases.probability(type, i, state)) < 1e-15]).toEqual([type, i, state, true]);
          expect([type, i, state, t.click >= t.purchase && t.purchaseGivenClick <= 1 && t.click > 0]).toEqual([type, i, state, true]);
          expect(Math.abs(t.click * t.purchaseGivenClick - t.purchase)).toBeLessThan(1e-15);
        }
      });
    }
  });
});

describe('BanditWorld', () => {
  const world = new BanditWorld({ users: 400, seed: 9 });

  it('holds the generator’s users: same ids, same hidden types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bandit-'));
    try {
      await generateWorld({ users: 400, seed: 9, outDir: dir });
      const types = readCsv(join(dir, 'truth/user_types.csv')).records.map((r) => `${r.user_id}:${r.customer_type}`);
      expect(world.users.map((u) => `${u.userId}:${u.type}`)).toEqual(types);
      expect(Object.keys(JSON.parse(readFileSync(join(dir, 'truth/click_model.json'), 'utf8')))).toContain('table');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('offers eligible products only, and never shows the hidden type', () => {
    let meanOverArms = 0;
    for (const u of world.users) {
      const owned = new Set(String(u.features.owned).split('|').filter((x) => x !== ''));
      for (const a of u.actions) expect([u.userId, a, owned.has(a) || !canBuy(CATALOG.find((p) => p.id === a) ?? CATALOG[0], owned)]).toEqual([u.userId, a, false]);
      expect(Object.values(u.features)).not.toContain(u.type);
      meanOverArms += u.click.reduce((s, c) => s + c, 0) / u.click.length / world.users.length;
      expect(u.best).toBe(Math.max(...u.click));
    }
    // The range for the mean click probability over arms.
    expect(meanOverArms).toBeGreaterThan(0.02);
    expect(meanOverArms).toBeLessThan(0.3);
  });

  it('draws the rounds’ users and outcomes from the seed alone', () => {
    const again = new BanditWorld({ users: 400, seed: 9 });
    expect(again.roundUsers(50)).toEqual(world.roundUsers(50));
    expect(new BanditWorld({ users: 400, seed: 10 }).roundUsers(50)).not.toEqual(world.roundUsers(50));
    const u = world.users[0];
    for (let t = 0; t < 20; t++) expect(again.outcome(t, again.users[0], 0)).toEqual(world.outcome(t, u, 0));
  });
});
