import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Booster, DMatrix, parseEvalLine, readBooster, writeBooster, xgboostVersion, XGBoostError } from './xgboost';

/** 200 rows, 3 features; label = x0 > 0.5 (x1 is noise, x2 missing on every fourth row). */
function toy(seed: number): { x: Float32Array; y: Float32Array; rows: number } {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const rows = 200;
  const x = new Float32Array(rows * 3);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    x[r * 3] = rand();
    x[r * 3 + 1] = rand();
    x[r * 3 + 2] = r % 4 === 0 ? Number.NaN : rand();
    y[r] = x[r * 3] > 0.5 ? 1 : 0;
  }
  return { x, y, rows };
}

const params = { objective: 'binary:logistic', eval_metric: 'logloss', max_depth: 2, eta: 0.5, nthread: 1, seed: 0 };

describe('xgboost wrapper', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rank-xgb-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads libxgboost 1.x', () => {
    expect(xgboostVersion()[0]).toBeGreaterThanOrEqual(1);
  });

  it('learns a separable set, saves, loads back with the same predictions', () => {
    const { x, y, rows } = toy(1);
    const dtrain = DMatrix.fromDense(x, rows, 3).setLabels(y);
    const { booster } = Booster.train(params, dtrain, { rounds: 10 });
    const p = booster.predict(dtrain);
    expect(p.length).toBe(rows);
    for (let r = 0; r < rows; r++) expect(p[r] > 0.5 ? 1 : 0).toBe(y[r]);

    const file = join(dir, 'model.json');
    booster.saveModel(file);
    const fromFile = Booster.loadModel(file);
    expect(Array.from(fromFile.predict(dtrain))).toEqual(Array.from(p));
    const fromBuffer = Booster.fromBuffer(booster.toBuffer('ubj'));
    expect(Array.from(fromBuffer.predict(dtrain))).toEqual(Array.from(p));
    writeBooster(booster, join(dir, 'b.json'));
    const viaHelpers = readBooster(join(dir, 'b.json'));
    expect(Array.from(viaHelpers.predict(dtrain))).toEqual(Array.from(p));
    for (const b of [booster, fromFile, fromBuffer, viaHelpers]) b.free();
    dtrain.free();
  });

  it('contributions (exact and approximate) sum to the margin, bias last', () => {
    const { x, y, rows } = toy(2);
    const d = DMatrix.fromDense(x, rows, 3).setLabels(y);
    const { booster } = Booster.train(params, d, { rounds: 8 });
    const margin = booster.predictMargin(d);
    for (const approximate of [false, true]) {
      const c = booster.contributions(d, { approximate });
      expect(c.length).toBe(rows * 4);
      for (let r = 0; r < rows; r++) {
        const sum = c[r * 4] + c[r * 4 + 1] + c[r * 4 + 2] + c[r * 4 + 3];
        expect(sum).toBeCloseTo(margin[r], 4);
      }
      // x0 decides the label: its share dwarfs the noise feature's on average.
      let x0 = 0;
      let x1 = 0;
      for (let r = 0; r < rows; r++) {
        x0 += Math.abs(c[r * 4]);
        x1 += Math.abs(c[r * 4 + 1]);
      }
      expect(x0).toBeGreaterThan(5 * x1);
    }
    booster.free();
    d.free();
  });

  it('ranks with query groups and stops early on validation', () => {
    // 20 queries of 10 documents; relevance = x0 rank within the query, x1 noise.
    const make = (seed: number): DMatrix => {
      const { x, rows } = toy(seed);
      const labels = new Float32Array(rows);
      for (let r = 0; r < rows; r++) labels[r] = x[r * 3] > 0.7 ? 1 : 0;
      return DMatrix.fromDense(x, rows, 3).setLabels(labels).setGroups(new Array(20).fill(10));
    };
    const dtrain = make(3);
    const dvalid = make(4);
    const result = Booster.train(
      { objective: 'rank:ndcg', eval_metric: 'ndcg@5', eta: 0.3, max_depth: 2, nthread: 1 },
      dtrain,
      { rounds: 200, evals: [{ name: 'valid', data: dvalid }], earlyStoppingRounds: 5 },
    );
    expect(result.history.length).toBeLessThan(200);
    expect(result.history[0]).toHaveProperty('valid-ndcg@5');
    expect(result.booster.rounds()).toBe(result.bestIteration + 1);
    expect(result.bestScore).toBeGreaterThan(0.9);
    result.booster.free();
    dtrain.free();
    dvalid.free();
  });

  it('reports XGBoost errors and use after free clearly', () => {
    const d = DMatrix.fromDense(new Float32Array(4), 2, 2);
    expect(() => d.setGroups([3])).toThrow(RangeError);
    const b = Booster.create({}, [d]);
    expect(() => b.setParams({ objective: 'no:such' })).not.toThrow(); // checked lazily by XGBoost
    expect(() => b.update(0, d)).toThrow(XGBoostError);
    expect(() => Booster.loadModel(join(dir, 'missing.json'))).toThrow(/XGBoosterLoadModel failed/);
    b.free();
    b.free(); // idempotent
    expect(() => b.predict(d)).toThrow(/after free/);
    d.free();
  });

  it('parses evaluation lines', () => {
    expect(parseEvalLine('[3]\ttrain-ndcg@10:0.5\tvalid-ndcg@10:0.25')).toEqual({ 'train-ndcg@10': 0.5, 'valid-ndcg@10': 0.25 });
  });
});
