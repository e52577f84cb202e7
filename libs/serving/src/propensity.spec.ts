import { aggregateEvents, FEATURE_NAMES, featureMatrix, fitIsotonicTable, HIGH_VALUE_ACTIONS, PropensityManifest, PropensityScorer, savePropensityModel, trainPropensity } from '@graphrec/decide';
import { propensityWorld } from '@graphrec/datagen';
import { createRng } from '@graphrec/graph-model';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearServedPropensity, PropensityError, propensityInputFromRow, propensityRows, PropensityUserRow, scorePropensityRows, tookAction } from './propensity';

const DAY_MS = 86_400_000;

/** A generated user as cypher/decide/propensity-users returns it as of `asOfMs` (the read's semantics, by hand). */
function rowOf(user: ReturnType<typeof propensityWorld>['users'][number], asOfMs: number, extra: Partial<PropensityUserRow> = {}): PropensityUserRow {
  const cells = new Map<string, PropensityUserRow['events'][number]>();
  for (const e of user.events) {
    const t = e.t * 1000;
    const key = `${e.type}\n${e.product.id}`;
    const cell = cells.get(key) ?? { productId: e.product.id, category: e.product.category, type: e.type, n: 0, recent: 0, last: null, after: 0 };
    if (t < asOfMs) {
      cell.n++;
      if (t >= asOfMs - 30 * DAY_MS) cell.recent++;
      cell.last = Math.max(cell.last ?? -Infinity, t);
    } else cell.after++;
    cells.set(key, cell);
  }
  return {
    userId: user.userId,
    homeType: user.homeType,
    region: user.region,
    signupDate: new Date(user.signup * 1000).toISOString(),
    segment: 'S01',
    owned: [...user.owned],
    events: [...cells.values()],
    asOf: asOfMs,
    runId: null,
    propensity: null,
    ...extra,
  };
}

describe('propensity features from the graph read', () => {
  const world = propensityWorld({ users: 300, seed: 5, actions: HIGH_VALUE_ACTIONS });

  it('are the very features training on the generated world computes (one feature owner)', () => {
    const rows = world.users.map((u) => rowOf(u, world.cutoff * 1000));
    const fromGraph = propensityRows(rows);
    const fromWorld = featureMatrix(world.users.map((u) => aggregateEvents(u, world.cutoff)), world.cutoff);
    expect(fromGraph.length).toBe(300 * FEATURE_NAMES.length);
    expect(Array.from(fromGraph)).toEqual(Array.from(fromWorld));
    // Something was counted: the comparison is not of two empty matrices.
    expect(fromGraph.reduce((s, v) => s + (v ? 1 : 0), 0)).toBeGreaterThan(300 * 10);
  });

  it('owned as of the row: a product bought only in the label window is not owned yet; labels are those purchases', () => {
    const base: PropensityUserRow = {
      userId: 'u', homeType: 'house', region: 'west', signupDate: null, segment: null, asOf: 0, runId: null, propensity: null,
      owned: ['cam', 'alarm', 'plan'],
      events: [
        { productId: 'alarm', category: 'alarm_base_station', type: 'purchase', n: 0, recent: 0, last: null, after: 1 },
        { productId: 'plan', category: 'protection_plan', type: 'purchase', n: 1, recent: 0, last: -5, after: 1 },
      ],
    };
    expect([...propensityInputFromRow(base).owned].sort()).toEqual(['cam', 'plan']);
    expect(tookAction(base, ['alarm_base_station'])).toBe(true);
    expect(tookAction(base, ['outdoor_camera'])).toBe(false);
    expect(Number.isNaN(propensityInputFromRow(base).signup)).toBe(true);
  });
});

describe('the served scoring path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphrec-propensity-'));
  afterAll(() => {
    clearServedPropensity();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scores rows with the saved trees and calibration; base rate by segment, else overall; typed refusals', () => {
    const rng = createRng(3);
    const d = FEATURE_NAMES.length;
    const n = 2_000;
    const x = new Float32Array(n * d);
    const y = new Uint8Array(n);
    const nOwned = FEATURE_NAMES.indexOf('n_owned');
    for (let i = 0; i < n; i++) {
      x[i * d + nOwned] = Math.floor(rng() * 5);
      y[i] = rng() < 0.05 + 0.1 * x[i * d + nOwned] ? 1 : 0;
    }
    const half = (n / 2) * d;
    const trained = trainPropensity({ x: x.subarray(0, half), y: y.subarray(0, n / 2) }, { x: x.subarray(half), y: y.subarray(n / 2) }, { seed: 1, maxRounds: 50 });
    const scorer = new PropensityScorer(trained.booster, trained.calibration);
    const manifest: PropensityManifest = {
      format: 'graphrec-propensity', version: 1, action: 'alarm-kit', categories: ['alarm_base_station'], featureNames: [...FEATURE_NAMES], calibration: trained.calibration,
      windowDays: 30, asOf: '2025-06-01T00:00:00.000Z', cutoff: '2025-05-02T00:00:00.000Z', segmentsRun: 'seg-1',
      baseRates: { S01: { rate: 0.3, users: 40 } }, overallRate: 0.2, segmentAverages: { S01: { mean: 0.25, users: 40 } }, overallAverage: { mean: 0.2, users: 100 },
      report: { split: { train: 1, validation: 1, test: 1 }, positives: { train: 1, validation: 1, test: 1 }, rounds: 1, test: { auc: 0.5, prAuc: 0.5, ece: 0, baseRateAuc: 0.5 }, seconds: 0 },
      trainedWith: {},
    };
    const path = join(dir, 'alarm-kit');
    savePropensityModel(path, scorer, manifest);
    const record = JSON.stringify({ trainedAt: '', asOf: manifest.asOf, actions: { 'alarm-kit': { path, metrics: {} } } });
    const row = (id: string, owned: string[], segment: string | null): PropensityUserRow => ({
      userId: id, homeType: 'house', region: 'west', signupDate: '2024-01-01', segment, owned, events: [], asOf: Date.parse(manifest.asOf), runId: 'emb-1', propensity: record,
    });
    const rows = [row('a', [], 'S01'), row('b', ['p1', 'p2', 'p3', 'p4'], 'S09'), row('c', ['p1'], null)];
    const answers = scorePropensityRows(rows, 'alarm-kit');
    const expected = scorer.score(propensityRows(rows), rows.length);
    scorer.free();
    expect(answers.map((a) => a.probability)).toEqual(Array.from(expected));
    // More owned products, a higher rate in the training data: the calibrated score follows.
    expect(answers[1].probability).toBeGreaterThan(answers[0].probability);
    expect(answers.map((a) => [a.segmentBaseRate, a.segmentUsers])).toEqual([[0.3, 40], [0.2, 0], [0.2, 0]]);
    expect(answers[0]).toMatchObject({ userId: 'a', action: 'alarm-kit', runId: 'emb-1', asOf: manifest.asOf, windowDays: 30 });

    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof PropensityError ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no refusal';
    };
    expect(refusal(() => scorePropensityRows(rows, 'yacht'))).toBe('UNKNOWN_ACTION: unknown action "yacht"; configured actions: alarm-kit, protection-plan, outdoor-camera');
    expect(refusal(() => scorePropensityRows(rows, 'outdoor-camera'))).toMatch(/^NO_MODEL: no propensity model for "outdoor-camera" on the served run emb-1/);
  });

  it('isotonic tables are monotone and keep the calibration as data', () => {
    const t = fitIsotonicTable([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]);
    expect(t).toEqual({ xs: [0.1, 0.25, 0.4], ys: [0, 0.5, 1] });
  });
});
