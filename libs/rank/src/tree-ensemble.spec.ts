import { LeafTables } from './tree-ensemble';
import { Booster, DMatrix, Params } from './xgboost';

/** rows × cols values with a few exact split-like values, negatives and ~15% missing; label from a noisy rule. */
function data(seed: number, rows: number, cols: number): { x: Float32Array; y: Float32Array } {
  let s = seed;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const u = rand();
      x[r * cols + c] = u < 0.15 ? Number.NaN : u < 0.25 ? Math.round(rand() * 4) : (rand() - 0.3) * 10;
    }
    const a = x[r * cols];
    const b = x[r * cols + 1];
    y[r] = (Number.isNaN(a) ? 1 : a) + (Number.isNaN(b) ? 0 : b * 0.5) + rand() * 2 > 2 ? 1 : 0;
  }
  return { x, y };
}

function train(params: Params, x: Float32Array, y: Float32Array, rows: number, cols: number, groups?: number[]): Booster {
  const d = DMatrix.fromDense(x, rows, cols).setLabels(y);
  if (groups) d.setGroups(groups);
  try {
    return Booster.train({ nthread: 1, seed: 0, ...params }, d, { rounds: 25 }).booster;
  } finally {
    d.free();
  }
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('LeafTables: XGBoost approximate contributions and margins from leaves', () => {
  const rows = 400;
  const cols = 6;
  const cases: [string, Params, number[] | undefined][] = [
    ['binary:logistic', { objective: 'binary:logistic', max_depth: 4, eta: 0.3 }, undefined],
    ['binary:logistic with base_score 0.2', { objective: 'binary:logistic', max_depth: 3, eta: 0.3, base_score: 0.2 }, undefined],
    ['rank:ndcg, depth 6', { objective: 'rank:ndcg', max_depth: 6, eta: 0.2 }, Array.from({ length: 20 }, () => 20)],
    ['reg:squarederror', { objective: 'reg:squarederror', max_depth: 5, eta: 0.3 }, undefined],
  ];
  it.each(cases)('%s: the very floats libxgboost gives, on unseen rows', (_name, params, groups) => {
    const { x, y } = data(7, rows, cols);
    const booster = train(params, x, y, rows, cols, groups);
    const tables = LeafTables.fromJson(booster.toBuffer('json'));
    expect(tables).not.toBeNull();
    const test = data(99, rows, cols).x;
    const d = DMatrix.fromDense(test, rows, cols);
    try {
      const leaves = booster.leaves(d);
      expect(leaves.length).toBe(rows * tables!.trees);
      expect(bits(tables!.margins(leaves, rows))).toEqual(bits(booster.predictMargin(d)));
      expect(bits(tables!.contributions(leaves, rows, cols))).toEqual(bits(booster.contributions(d, { approximate: true })));
    } finally {
      d.free();
      booster.free();
    }
  });

  it('refuses what it does not model (multi-class) so the caller keeps XGBoost', () => {
    const { x, y } = data(3, rows, cols);
    for (let r = 0; r < rows; r++) y[r] = r % 3;
    const booster = train({ objective: 'multi:softprob', num_class: 3, max_depth: 2 }, x, y, rows, cols);
    try {
      expect(LeafTables.fromJson(booster.toBuffer('json'))).toBeNull();
    } finally {
      booster.free();
    }
  });

  it('a leaf id outside a tree is an error, not a wrong number', () => {
    const { x, y } = data(5, rows, cols);
    const booster = train({ objective: 'binary:logistic', max_depth: 2 }, x, y, rows, cols);
    try {
      const tables = LeafTables.fromJson(booster.toBuffer('json'))!;
      const leaves = new Float32Array(tables.trees).fill(1e6);
      expect(() => tables.contributions(leaves, 1, cols)).toThrow(/has no node/);
      // Node 0 is every tree's root, a split here: not a leaf.
      expect(() => tables.contributions(new Float32Array(tables.trees), 1, cols)).toThrow(/not a leaf/);
      expect(() => tables.margins(new Float32Array(3), 1)).toThrow(/leaves for 1 rows/);
    } finally {
      booster.free();
    }
  });
});
