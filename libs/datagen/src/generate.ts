/**
 * Drives the generator: one user at a time, straight to buffered CSV sinks, so memory stays flat
 * whatever the user count. Output depends only on the options (ids are sequential, randomness is
 * keyed by seed and user index, no clock in the content), so the same options give the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLUMNS } from '@graphrec/graph-model';
import { CATALOG } from './catalog';
import { CsvSink, TimeFormatter, csvField } from './csv-writer';
import { CUSTOMER_TYPES } from './customer-types';
import { Rng, seedWords } from './prng';
import { ClickModel, clickModelDocument } from './click-model';
import { PurchaseModel, drawHeldBack, purchaseModelDocument } from './purchase-model';
import { DAY, simulateUser, type Period } from './user-sim';
import { mergeByTime, returnVisitRng, returnVisits } from './return-visits';

/** Bump when the same options would produce different files. */
export const GENERATOR_VERSION = '2.2.0';

export interface GenerateOptions {
  users: number;
  seed: number;
  outDir: string;
  /** First day of the period, YYYY-MM-DD (UTC). */
  startDate?: string;
  months?: number;
  /** The last this-many days are held out as ground truth. */
  holdoutDays?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Return visits after alerts (return-visits.ts; default on). Off gives the 2.1.0 world: the same
   * files except events.csv, whose other rows are the same apart from their event ids.
   */
  returnVisits?: boolean;
}

export interface GenerateCounts {
  products: number;
  users: number;
  devices: number;
  ownerships: number;
  events: number;
  userTypes: number;
  holdoutPurchases: number;
  /** Rows of truth/holdout_probabilities.csv: the purchase model's probabilities for each held-out user. */
  holdoutProbabilities: number;
}

export interface GenerateSummary {
  outDir: string;
  counts: GenerateCounts;
  /** Bytes written across all CSV files. */
  bytes: number;
  /** Period bounds as ISO timestamps; events in the main files are all before `cutoff`. */
  period: { start: string; cutoff: string; end: string };
  seconds: number;
}

/** Users between two progress callbacks and event-loop yields (lets a CLI progress bar repaint). */
const PROGRESS_EVERY = 5_000;

export function resolvePeriod(startDate: string, months: number, holdoutDays: number): Period {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  const startMs = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(startMs).toISOString().slice(0, 10) !== startDate) {
    throw new Error(`startDate must be a real YYYY-MM-DD date, got "${startDate}"`);
  }
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error(`months must be an integer in 1..120, got ${months}`);
  const endMs = Date.UTC(Number(match[1]), Number(match[2]) - 1 + months, Number(match[3]));
  const start = startMs / 1000;
  const end = endMs / 1000;
  const cutoff = end - holdoutDays * DAY;
  if (!Number.isInteger(holdoutDays) || holdoutDays < 0 || cutoff - start < 7 * DAY) {
    throw new Error(`holdoutDays must be a non-negative integer leaving at least 7 observed days, got ${holdoutDays}`);
  }
  return { start, cutoff, end };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export async function generateWorld(options: GenerateOptions): Promise<GenerateSummary> {
  const began = process.hrtime.bigint();
  const { users, seed, outDir, startDate = '2024-01-01', months = 18, holdoutDays = 30, onProgress, returnVisits: withReturns = true } = options;
  if (!Number.isInteger(users) || users < 0) throw new Error(`users must be a non-negative integer, got ${users}`);
  const [seedLo, seedHi] = seedWords(seed);
  const period = resolvePeriod(startDate, months, holdoutDays);
  const truthDir = join(outDir, 'truth');
  mkdirSync(truthDir, { recursive: true });

  const products = new CsvSink(join(outDir, 'products.csv'), COLUMNS.products);
  const usersOut = new CsvSink(join(outDir, 'users.csv'), COLUMNS.users);
  const devices = new CsvSink(join(outDir, 'devices.csv'), COLUMNS.devices);
  const ownerships = new CsvSink(join(outDir, 'ownerships.csv'), COLUMNS.ownerships);
  const events = new CsvSink(join(outDir, 'events.csv'), COLUMNS.events);
  const userTypes = new CsvSink(join(truthDir, 'user_types.csv'), ['user_id', 'customer_type']);
  const holdout = new CsvSink(join(truthDir, 'holdout_purchases.csv'), ['user_id', 'product_id', 'timestamp']);
  const probabilities = new CsvSink(join(truthDir, 'holdout_probabilities.csv'), ['user_id', 'product_id', 'state', 'probability']);
  const sinks = [products, usersOut, devices, ownerships, events, userTypes, holdout, probabilities];
  const model = new PurchaseModel(holdoutDays);

  try {
    for (const p of CATALOG) {
      products.row(`${p.id},${csvField(p.name)},${p.category},${p.priceText},${p.compatibleWith.join('|')}`);
    }

    const fmt = new TimeFormatter();
    const rng = new Rng(seedLo, seedHi, 0);
    let deviceSeq = 0;
    let eventSeq = 0;
    for (let i = 0; i < users; i++) {
      rng.reseed(seedLo, seedHi, i);
      const u = simulateUser(rng, period);
      const uid = `U${pad(i + 1, 7)}`;
      usersOut.row(`${uid},${u.homeType},${u.region},${fmt.date(u.signup)}`);
      userTypes.row(`${uid},${u.type}`);

      // Device ids are only handed out to devices that made it into the snapshot.
      const deviceIds: string[] = [];
      for (const d of u.devices) {
        const id = `D${pad(++deviceSeq, 9)}`;
        deviceIds.push(id);
        const since = fmt.iso(d.installedAt);
        devices.row(`${id},${d.product.id},${d.status},${since}`);
        ownerships.row(`${uid},${id},${since}`);
      }
      // Return visits come from a stream of their own, so every draw above and below is unchanged.
      const userEvents = withReturns ? mergeByTime(u.events, returnVisits(returnVisitRng(seedLo, seedHi, i), u, period)) : u.events;
      for (const e of userEvents) {
        const device = e.device >= 0 ? deviceIds[e.device] : '';
        const value = e.priced ? e.product.priceText : '';
        events.row(`E${pad(++eventSeq, 9)},${uid},${e.type},${e.product.id},${device},${fmt.iso(e.t)},${value}`);
      }
      // The held-back window is a draw from the purchase model, continuing the user's own stream
      // (so it stays independent of other users and of the seed's other streams).
      const chances = model.forUser(u.type, u.owned);
      const bought = drawHeldBack(rng, chances, period);
      for (const h of bought) holdout.row(`${uid},${h.product.id},${fmt.iso(h.t)}`);
      // The truth the oracle ranks by, for users who have held-back purchases to score; anyone
      // else's can be recomputed from user_types.csv, events.csv and the model (PurchaseModel.forUser).
      // String(x) is the shortest text that parses back to the same double.
      if (bought.length > 0) for (const c of chances) probabilities.row(`${uid},${c.product.id},${c.state},${String(c.probability)}`);

      if ((i + 1) % PROGRESS_EVERY === 0 && i + 1 < users) {
        onProgress?.(i + 1, users);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    for (const s of sinks) s.close();
  }
  onProgress?.(users, users);

  const counts: GenerateCounts = {
    products: products.rows,
    users: usersOut.rows,
    devices: devices.rows,
    ownerships: ownerships.rows,
    events: events.rows,
    userTypes: userTypes.rows,
    holdoutPurchases: holdout.rows,
    holdoutProbabilities: probabilities.rows,
  };
  const iso = (sec: number): string => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  const periodText = { start: iso(period.start), cutoff: iso(period.cutoff), end: iso(period.end) };
  // No timings or paths in the manifest: it must be as reproducible as the data.
  const manifest = {
    generator: '@graphrec/datagen',
    version: GENERATOR_VERSION,
    seed,
    options: { users, seed, startDate, months, holdoutDays, returnVisits: withReturns },
    period: periodText,
    customerTypes: CUSTOMER_TYPES,
    counts,
    files: {
      main: ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'],
      truth: ['truth/user_types.csv', 'truth/holdout_purchases.csv', 'truth/purchase_model.json', 'truth/holdout_probabilities.csv', 'truth/click_model.json'],
    },
    notes: [
      'Main files are a snapshot at period.cutoff: no event, device or ownership at or after it.',
      'truth/holdout_purchases.csv lists every purchase in [cutoff, end): score recommenders on it.',
      'Held-back purchases are drawn from truth/purchase_model.json; truth/holdout_probabilities.csv has the probabilities of every user with a held-back purchase (the oracle).',
      'truth/click_model.json is the truth of `graphrec simulate` (the next-product slot), derived from the purchase model: p(click) and p(purchase | click) per type, product and state.',
      'events.csv includes return visits after motion alerts (views of the device, then of a plan or accessory it lacks; no purchases), drawn from a separate stream per user (generator 2.2.0).',
      'truth/user_types.csv is the hidden customer type that drove each user; never ingest it as a feature.',
    ],
  };
  writeFileSync(join(truthDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const modelDoc = purchaseModelDocument(model, { start: periodText.cutoff, end: periodText.end });
  writeFileSync(join(truthDir, 'purchase_model.json'), `${JSON.stringify(modelDoc, null, 2)}\n`);
  writeFileSync(join(truthDir, 'click_model.json'), `${JSON.stringify(clickModelDocument(new ClickModel()), null, 2)}\n`);

  return {
    outDir,
    counts,
    bytes: sinks.reduce((sum, s) => sum + s.bytes, 0),
    period: periodText,
    seconds: Number(process.hrtime.bigint() - began) / 1e9,
  };
}
