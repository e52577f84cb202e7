import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLUMNS, ENTITY_KINDS, ROW_SCHEMAS, describeIssues, parseTimestamp } from '@graphrec/graph-model';
import { CATALOG, PurchaseModel, generateWorld, type CustomerType, type GenerateSummary } from './index';
import { readCsv } from './testkit';

const USERS = 2_000;
const FILES = [
  'products.csv',
  'users.csv',
  'devices.csv',
  'ownerships.csv',
  'events.csv',
  'truth/user_types.csv',
  'truth/holdout_purchases.csv',
  'truth/holdout_probabilities.csv',
  'truth/purchase_model.json',
  'truth/click_model.json',
  'truth/manifest.json',
];

type Row = Record<string, string | undefined>;
const str = (r: Row, k: string): string => {
  const v = r[k];
  if (v === undefined) throw new Error(`missing ${k} in ${JSON.stringify(r)}`);
  return v;
};
const time = (r: Row, k: string): number => {
  const t = parseTimestamp(str(r, k));
  if (t === undefined) throw new Error(`bad time ${r[k]}`);
  return t;
};

let root: string;
let dir: string;
let summary: GenerateSummary;
let rows: { [K in (typeof ENTITY_KINDS)[number]]: Row[] };
let types: Map<string, string>;
let holdout: Row[];

/**
 * Collects failed checks so that loops over tens of thousands of rows make one `expect` each
 * (jest's expect costs microseconds, which adds up to seconds here).
 */
class Problems {
  readonly list: string[] = [];
  check(ok: boolean, what: string, row?: unknown): void {
    if (!ok && this.list.length < 20) this.list.push(`${what}${row === undefined ? '' : `: ${JSON.stringify(row)}`}`);
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'datagen-'));
  dir = join(root, 'a');
  const progress: number[] = [];
  summary = await generateWorld({ users: USERS, seed: 7, outDir: dir, onProgress: (done) => progress.push(done) });
  expect(progress[progress.length - 1]).toBe(USERS);
  rows = {
    products: readCsv(join(dir, 'products.csv')).records,
    users: readCsv(join(dir, 'users.csv')).records,
    devices: readCsv(join(dir, 'devices.csv')).records,
    ownerships: readCsv(join(dir, 'ownerships.csv')).records,
    events: readCsv(join(dir, 'events.csv')).records,
  };
  types = new Map(readCsv(join(dir, 'truth/user_types.csv')).records.map((r) => [str(r, 'user_id'), str(r, 'customer_type')]));
  holdout = readCsv(join(dir, 'truth/holdout_purchases.csv')).records;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generateWorld', () => {
  it('is deterministic: same options give identical bytes, another seed differs', async () => {
    const again = join(root, 'b');
    const other = join(root, 'c');
    await generateWorld({ users: USERS, seed: 7, outDir: again });
    await generateWorld({ users: USERS, seed: 8, outDir: other });
    for (const f of FILES) expect(readFileSync(join(again, f)).equals(readFileSync(join(dir, f)))).toBe(true);
    expect(readFileSync(join(other, 'events.csv')).equals(readFileSync(join(dir, 'events.csv')))).toBe(false);
    expect(readFileSync(join(other, 'products.csv')).equals(readFileSync(join(dir, 'products.csv')))).toBe(true);
  });

  it('keeps users independent: a smaller run is a prefix of a larger one', async () => {
    const small = join(root, 'small');
    await generateWorld({ users: 100, seed: 7, outDir: small });
    for (const f of ['users.csv', 'events.csv', 'truth/holdout_purchases.csv', 'truth/holdout_probabilities.csv']) {
      const head = readFileSync(join(small, f), 'utf8');
      expect(readFileSync(join(dir, f), 'utf8').startsWith(head)).toBe(true);
    }
  });

  it('writes the documented columns and rows that pass the graph-model schemas', () => {
    for (const kind of ENTITY_KINDS) {
      expect(readCsv(join(dir, `${kind}.csv`)).header).toEqual([...COLUMNS[kind]]);
      const problems = new Problems();
      for (const row of rows[kind]) {
        const parsed = ROW_SCHEMAS[kind].safeParse(row);
        problems.check(parsed.success, `${kind} ${parsed.success ? '' : describeIssues(parsed.error)}`, row);
      }
      expect(problems.list).toEqual([]);
    }
    expect(summary.counts).toMatchObject({
      products: CATALOG.length,
      users: USERS,
      userTypes: USERS,
      events: rows.events.length,
      devices: rows.devices.length,
      holdoutPurchases: holdout.length,
    });
    expect(readdirSync(dir).sort()).toEqual(['devices.csv', 'events.csv', 'ownerships.csv', 'products.csv', 'truth', 'users.csv']);
    const manifest = JSON.parse(readFileSync(join(dir, 'truth/manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ seed: 7, options: { users: USERS, months: 18, holdoutDays: 30 }, counts: summary.counts });
  });

  it('round-trips a product name with a comma and quotes, and covers every connected-home category', () => {
    const spotlight = rows.products.find((p) => p.id === 'P-SPOTLIGHT-CAM-BATTERY');
    expect(spotlight?.name).toBe('Spotlight Cam "Plus", Battery');
    expect(readFileSync(join(dir, 'products.csv'), 'utf8')).toContain('"Spotlight Cam ""Plus"", Battery"');
    const categories = new Set(rows.products.map((p) => p.category));
    expect(categories.size).toBe(13);
    expect(rows.products.length).toBeGreaterThanOrEqual(28);
  });

  it('has unique ids and referential integrity; device events are about the user own devices', () => {
    const products = new Set(rows.products.map((p) => str(p, 'id')));
    const users = new Set(rows.users.map((u) => str(u, 'id')));
    const deviceProduct = new Map(rows.devices.map((d) => [str(d, 'id'), str(d, 'product_id')]));
    const owner = new Map(rows.ownerships.map((o) => [str(o, 'device_id'), str(o, 'user_id')]));
    expect(deviceProduct.size).toBe(rows.devices.length);
    expect(owner.size).toBe(rows.ownerships.length);
    expect(new Set(rows.events.map((e) => e.id)).size).toBe(rows.events.length);
    const price = new Map(rows.products.map((p) => [str(p, 'id'), Number(p.price)]));
    const problems = new Problems();
    for (const d of rows.devices) problems.check(products.has(str(d, 'product_id')), 'device of unknown product', d);
    for (const o of rows.ownerships) {
      problems.check(users.has(str(o, 'user_id')), 'ownership by unknown user', o);
      problems.check(deviceProduct.has(str(o, 'device_id')), 'ownership of unknown device', o);
    }
    for (const e of rows.events) {
      problems.check(users.has(str(e, 'user_id')), 'event by unknown user', e);
      problems.check(products.has(str(e, 'product_id')), 'event about unknown product', e);
      if (e.device_id !== undefined) {
        problems.check(owner.get(e.device_id) === e.user_id, 'device event by a non-owner', e);
        problems.check(deviceProduct.get(e.device_id) === e.product_id, 'device event names another product', e);
      }
      if (e.type === 'purchase') problems.check(Number(e.value) === price.get(str(e, 'product_id')), 'purchase value is not the price', e);
    }
    expect(problems.list).toEqual([]);
  });

  it('backs every ownership with an earlier purchase and an install event', () => {
    const purchases = new Map<string, number[]>();
    const installs = new Map<string, number>();
    for (const e of rows.events) {
      if (e.type === 'purchase') {
        const key = `${e.user_id}/${e.product_id}`;
        purchases.set(key, [...(purchases.get(key) ?? []), time(e, 'timestamp')]);
      }
      if (e.type === 'install') installs.set(str(e, 'device_id'), time(e, 'timestamp'));
    }
    const productOf = new Map(rows.devices.map((d) => [str(d, 'id'), str(d, 'product_id')]));
    const problems = new Problems();
    for (const o of rows.ownerships) {
      const since = time(o, 'since');
      const bought = purchases.get(`${o.user_id}/${productOf.get(str(o, 'device_id'))}`) ?? [];
      problems.check(bought.some((t) => t < since), 'owned device without an earlier purchase', o);
      problems.check(installs.get(str(o, 'device_id')) === since, 'owned device without its install event', o);
    }
    expect(problems.list).toEqual([]);
  });

  it('buys accessories only after a compatible base, and funnels views before carts before purchases', () => {
    const compat = new Map(rows.products.map((p) => [str(p, 'id'), (p.compatible_with ?? '').split('|').filter(Boolean)]));
    const firstPurchase = new Map<string, number>();
    const firstView = new Map<string, number>();
    const firstCart = new Map<string, number>();
    const heldOut: Row[] = holdout.map((h) => ({ ...h, type: 'purchase' }));
    const purchases = [...rows.events, ...heldOut].filter((e) => e.type === 'purchase');
    for (const e of rows.events) {
      const key = `${e.user_id}/${e.product_id}`;
      const t = time(e, 'timestamp');
      const first = e.type === 'product_view' ? firstView : e.type === 'add_to_cart' ? firstCart : undefined;
      if (first && !(first.get(key)! <= t)) first.set(key, t);
    }
    for (const e of purchases) {
      const key = `${e.user_id}/${e.product_id}`;
      const t = time(e, 'timestamp');
      if (!(firstPurchase.get(key)! <= t)) firstPurchase.set(key, t);
    }
    let accessories = 0;
    const problems = new Problems();
    for (const e of purchases) {
      const t = time(e, 'timestamp');
      const bases = compat.get(str(e, 'product_id')) ?? [];
      if (bases.length > 0) {
        accessories++;
        problems.check(bases.some((b) => firstPurchase.get(`${e.user_id}/${b}`)! < t), 'accessory before any compatible base', e);
      }
    }
    expect(accessories).toBeGreaterThan(100);
    for (const e of rows.events.filter((x) => x.type === 'purchase')) {
      const key = `${e.user_id}/${e.product_id}`;
      const t = time(e, 'timestamp');
      problems.check(firstCart.get(key)! < t, 'purchase without an earlier add_to_cart', e);
      problems.check(firstView.get(key)! < firstCart.get(key)!, 'add_to_cart without an earlier view', e);
    }
    expect(problems.list).toEqual([]);
    const count = (type: string): number => rows.events.filter((e) => e.type === type).length;
    expect(count('product_view')).toBeGreaterThan(count('add_to_cart'));
    expect(count('add_to_cart')).toBeGreaterThan(count('purchase'));
    expect(rows.events.length / USERS).toBeGreaterThan(10);
    expect(rows.events.length / USERS).toBeLessThan(25);
  });

  it('holds out purchases after the cutoff and writes nothing at or after it', () => {
    const start = Date.parse(summary.period.start);
    const cutoff = Date.parse(summary.period.cutoff);
    const end = Date.parse(summary.period.end);
    expect(cutoff).toBe(end - 30 * 86_400_000);
    expect(holdout.length).toBeGreaterThan(50);
    const problems = new Problems();
    for (const h of holdout) {
      const t = time(h, 'timestamp');
      problems.check(t >= cutoff && t < end, 'holdout purchase outside [cutoff, end)', h);
    }
    for (const e of rows.events) {
      const t = time(e, 'timestamp');
      problems.check(t >= start && t < cutoff, 'event outside [start, cutoff)', e);
    }
    for (const o of rows.ownerships) problems.check(time(o, 'since') < cutoff, 'ownership after the cutoff', o);
    for (const d of rows.devices) problems.check(time(d, 'installed_at') < cutoff, 'device installed after the cutoff', d);
    const written = new Set(rows.events.map((e) => `${e.user_id}/${e.product_id}/${e.timestamp}`));
    for (const h of holdout) problems.check(!written.has(`${h.user_id}/${h.product_id}/${h.timestamp}`), 'holdout purchase leaked', h);
    for (const u of rows.users) problems.check(Date.parse(str(u, 'signup_date')) < cutoff, 'signup after the cutoff', u);
    expect(problems.list).toEqual([]);
  });

  it('draws the held-back purchases from the written purchase model', () => {
    const model = new PurchaseModel(30);
    const owned = new Map<string, Set<string>>();
    for (const e of rows.events) {
      if (e.type !== 'purchase') continue;
      const set = owned.get(str(e, 'user_id')) ?? new Set<string>();
      owned.set(str(e, 'user_id'), set.add(str(e, 'product_id')));
    }
    // Recompute every user's probabilities from the main files and the hidden type.
    const truth = new Map<string, Map<string, string>>();
    // Expected count and variance of held-back purchases, in all and per state.
    const moments = new Map<string, { mean: number; variance: number; seen: number }>();
    const moment = (key: string) => moments.get(key) ?? moments.set(key, { mean: 0, variance: 0, seen: 0 }).get(key)!;
    for (const [uid, type] of types) {
      const chances = model.forUser(type as CustomerType, owned.get(uid) ?? new Set());
      truth.set(uid, new Map(chances.map((c) => [c.product.id, `${c.state},${String(c.probability)}`])));
      for (const c of chances) {
        for (const m of [moment('all'), moment(c.state)]) (m.mean += c.probability), (m.variance += c.probability * (1 - c.probability));
      }
    }
    // The written per-user probabilities are exactly the model's, for every user with a held-back purchase.
    const written = new Map<string, Map<string, string>>();
    for (const r of readCsv(join(dir, 'truth/holdout_probabilities.csv')).records) {
      const m = written.get(str(r, 'user_id')) ?? new Map<string, string>();
      written.set(str(r, 'user_id'), m.set(str(r, 'product_id'), `${str(r, 'state')},${str(r, 'probability')}`));
    }
    const buyers = new Set(holdout.map((h) => str(h, 'user_id')));
    expect([...written.keys()].sort()).toEqual([...buyers].sort());
    const problems = new Problems();
    for (const [uid, m] of written) problems.check(JSON.stringify([...m]) === JSON.stringify([...(truth.get(uid) ?? [])]), 'written probabilities differ from the model', uid);
    // Only eligible products are bought, each at most once per user.
    const pairs = new Set<string>();
    for (const h of holdout) {
      const key = `${h.user_id}/${h.product_id}`;
      const state = truth.get(str(h, 'user_id'))?.get(str(h, 'product_id'))?.split(',')[0];
      problems.check(state !== undefined, 'held-back purchase the model gives no chance', h);
      moment('all').seen++;
      if (state) moment(state).seen++;
      problems.check(!pairs.has(key), 'product bought twice in the window', h);
      pairs.add(key);
    }
    expect(problems.list).toEqual([]);
    // Each count is a sum of independent Bernoullis: within 4 standard errors of its expectation
    // (seeded, so deterministic), in all and per state — substitutes sell at the model's low rate.
    expect([...moments.keys()].sort()).toEqual(['all', 'new', 'repeat', 'substitute']);
    for (const [key, m] of moments) expect([key, Math.abs(m.seen - m.mean) < 4 * Math.sqrt(m.variance)]).toEqual([key, true]);
    expect(moment('all').seen).toBe(holdout.length);
    const manifest = JSON.parse(readFileSync(join(dir, 'truth/purchase_model.json'), 'utf8'));
    expect(manifest).toMatchObject({ schema: 'graphrec.purchase-model/1', window: { start: summary.period.cutoff, end: summary.period.end, days: 30 } });
  });

  it('makes the hidden customer types behave measurably differently', () => {
    const productOf = new Map(rows.devices.map((d) => [str(d, 'id'), str(d, 'product_id')]));
    const alarmProducts = new Set(CATALOG.filter((p) => ['contact_sensor', 'motion_sensor', 'keypad'].includes(p.category)).map((p) => p.id));
    const perType = new Map<string, { users: number; alarm: number; liveViews: number; purchases: number; devices: number }>();
    const stats = (userId: string) => {
      const type = types.get(userId) ?? 'unknown';
      let s = perType.get(type);
      if (!s) perType.set(type, (s = { users: 0, alarm: 0, liveViews: 0, purchases: 0, devices: 0 }));
      return s;
    };
    for (const id of types.keys()) stats(id).users++;
    for (const o of rows.ownerships) {
      const s = stats(str(o, 'user_id'));
      s.devices++;
      if (alarmProducts.has(productOf.get(str(o, 'device_id')) ?? '')) s.alarm++;
    }
    for (const e of rows.events) {
      if (e.type === 'live_view') stats(str(e, 'user_id')).liveViews++;
      if (e.type === 'purchase') stats(str(e, 'user_id')).purchases++;
    }
    const mean = (type: string, k: 'alarm' | 'liveViews' | 'purchases' | 'devices'): number => {
      const s = perType.get(type);
      if (!s || s.users < 50) throw new Error(`too few ${type} users`);
      return s[k] / s.users;
    };
    expect(perType.size).toBeGreaterThanOrEqual(6);
    expect(mean('full_security_homeowner', 'alarm')).toBeGreaterThan(10 * Math.max(mean('doorbell_only_renter', 'alarm'), 0.05));
    expect(mean('diy_camera_enthusiast', 'liveViews')).toBeGreaterThan(3 * mean('budget_starter', 'liveViews'));
    expect(mean('subscriber_power_user', 'liveViews')).toBeGreaterThan(3 * mean('doorbell_only_renter', 'liveViews'));
    expect(mean('browser_never_buys', 'purchases')).toBe(0);
    expect(mean('budget_starter', 'devices')).toBeLessThan(mean('diy_camera_enthusiast', 'devices') / 2);
  });

  it('refuses bad options', async () => {
    const out = join(root, 'bad');
    await expect(generateWorld({ users: 1, seed: 1, outDir: out, startDate: '2024-02-31' })).rejects.toThrow(/startDate/);
    await expect(generateWorld({ users: -1, seed: 1, outDir: out })).rejects.toThrow(/users/);
    await expect(generateWorld({ users: 1, seed: 0.5, outDir: out })).rejects.toThrow(/seed/);
    await expect(generateWorld({ users: 1, seed: 1, outDir: out, months: 1, holdoutDays: 40 })).rejects.toThrow(/holdoutDays/);
  });
});
