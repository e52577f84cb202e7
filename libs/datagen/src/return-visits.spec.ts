import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTimestamp } from '@graphrec/graph-model';
import { CATALOG, generateWorld } from './index';
import { readCsv } from './testkit';

const USERS = 400;
let root: string;
let withReturns: string;
let without: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'datagen-returns-'));
  withReturns = join(root, 'with');
  without = join(root, 'without');
  await generateWorld({ users: USERS, seed: 7, outDir: withReturns });
  await generateWorld({ users: USERS, seed: 7, outDir: without, returnVisits: false });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
/** An events.csv row without its event id (ids are a running count, shifted by inserted rows). */
const rowsWithoutIds = (dir: string): string[] => readFileSync(join(dir, 'events.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.slice(l.indexOf(',') + 1));

describe('return visits after alerts (generator 2.2.0)', () => {
  it('leave every draw of the 2.1.0 world as it was: the same files, the same events in the same order', async () => {
    // Pinned from generator 2.1.0 (main before return visits), 200 users, seed 7: `returnVisits: false` is that world.
    {
      const pinned = join(root, 'pinned');
      await generateWorld({ users: 200, seed: 7, outDir: pinned, returnVisits: false });
      expect(sha(join(pinned, 'events.csv'))).toBe('e33b1e1af9bca3d1432b07489a2ef3f47a304656ec7a677e987a7f901be92109');
      expect(sha(join(pinned, 'truth/holdout_purchases.csv'))).toBe('babe0312d4a8a9c80601bfa90de80cc08bba9b362a75df0e5c59f6b6e97eb0b2');
      expect(sha(join(pinned, 'truth/holdout_probabilities.csv'))).toBe('510c71a824d9f9af113326d12aedcf474b843887753e02f47e49ca1be2421b4f');
      // With return visits: every file but events.csv (and the manifest naming the option) is byte-identical.
      for (const f of ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'truth/user_types.csv', 'truth/holdout_purchases.csv', 'truth/holdout_probabilities.csv', 'truth/purchase_model.json', 'truth/click_model.json']) {
        expect([f, sha(join(withReturns, f))]).toEqual([f, sha(join(without, f))]);
      }
      // events.csv: the 2.1.0 rows are a subsequence, in order; everything added is a product view.
      const old = rowsWithoutIds(without);
      const now = rowsWithoutIds(withReturns);
      let i = 0;
      const added: string[] = [];
      for (const row of now) {
        if (i < old.length && row === old[i]) i++;
        else added.push(row);
      }
      expect(i).toBe(old.length);
      expect(added.length).toBe(now.length - old.length);
      expect(added.length).toBeGreaterThan(50);
      expect(added.every((r) => r.split(',')[1] === 'product_view')).toBe(true);
    }
  });

  it('start at the alerting device within half an hour of an alert, then show what it lacks or an abandoned cart', () => {
    const events = readCsv(join(withReturns, 'events.csv')).records;
    const old = new Set(readCsv(join(without, 'events.csv')).records.map((e) => `${e.user_id},${e.type},${e.product_id},${e.timestamp}`));
    const compat = new Map(CATALOG.map((p) => [p.id, p.compatibleWith]));
    const byUser = new Map<string, typeof events>();
    for (const e of events) {
      const list = byUser.get(e.user_id as string) ?? [];
      list.push(e);
      byUser.set(e.user_id as string, list);
    }
    const problems: string[] = [];
    let visits = 0;
    let toCart = 0;
    for (const list of byUser.values()) {
      const owned = new Set<string>();
      const carted = new Set<string>();
      let lastAlert: { t: number; product: string } | undefined;
      let visitDevice: string | undefined;
      let visitEnd = -Infinity;
      for (const e of list) {
        const t = (parseTimestamp(e.timestamp as string) as number) / 1000;
        const p = e.product_id as string;
        const isNew = !old.has(`${e.user_id},${e.type},${p},${e.timestamp}`);
        if (!isNew) {
          if (e.type === 'purchase') owned.add(p);
          if (e.type === 'add_to_cart') carted.add(p);
          if (e.type === 'motion_alert') lastAlert = { t, product: p };
          continue;
        }
        if (!visitDevice || t - visitEnd > 240) {
          // A visit's first view: the device of an alert at most 30 minutes (plus a second) before.
          visits++;
          if (!lastAlert || lastAlert.product !== p || t - lastAlert.t > 1800 || t - lastAlert.t < 60) problems.push(`visit not after an alert of ${p}: ${JSON.stringify(e)}`);
          visitDevice = p;
        } else if (p !== visitDevice) {
          const fitsDevice = (compat.get(p) ?? []).includes(visitDevice) || (compat.get(p) ?? []).some((b) => (compat.get(visitDevice as string) ?? []).includes(b));
          const backToCart = carted.has(p) && !owned.has(p);
          if (backToCart) toCart++;
          if (!(backToCart || (fitsDevice && !owned.has(p)))) problems.push(`follow-up ${p} neither fits ${visitDevice} unowned nor an abandoned cart`);
        }
        visitEnd = t;
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(visits).toBeGreaterThan(20);
    expect(toCart).toBeGreaterThan(0);
  });
});
