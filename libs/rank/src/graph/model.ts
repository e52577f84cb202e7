/**
 * A trained graph ranker in use: the booster, the per-run state and the feature names, with the one
 * scoring path every consumer goes through (offline holdout, serving recommendations, serving rank),
 * and the model's own explanations (XGBoost contributions). Files: `<model dir>/<run id>/ranker/`
 * holds `booster.json` (XGBoost's JSON model) and `manifest.json` (feature names, parameters, the
 * training report and the state: product table, generator state, vocabularies); both are written
 * to temporary names and renamed, so a reader never sees half a model.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LeafTables } from '../tree-ensemble';
import { Booster, DMatrix, Params, writeBooster } from '../xgboost';
import { graphFeatureNames, featureRows } from './features';
import { RankerState, UserInput } from './state';
import type { GraphRankerModel, GraphTrainReport } from './train';

export const RANKER_DIR = 'ranker';
export const BOOSTER_FILE = 'booster.json';
export const MANIFEST_FILE = 'manifest.json';

export interface GraphRankerManifest {
  format: 'graphrec-graph-ranker';
  version: 1;
  featureNames: string[];
  params: Params;
  report: GraphTrainReport;
  state: RankerState;
  /** What the ranker was trained beside (e.g. the embeddings run id). */
  trainedWith: Record<string, unknown>;
}

/** NaN and ±Infinity are not JSON: kept as strings so the state survives a round trip. */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

function revive<T>(value: T): T {
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value) as T;
  if (Array.isArray(value)) return value.map(revive) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)])) as T;
  return value;
}

export function rankerDir(modelDir: string, runId: string): string {
  return join(modelDir, runId, RANKER_DIR);
}

export function saveGraphRanker(dir: string, model: GraphRankerModel, trainedWith: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  const manifest: GraphRankerManifest = { format: 'graphrec-graph-ranker', version: 1, featureNames: model.featureNames, params: model.params, report: model.report, state: model.state, trainedWith };
  const suffix = `.tmp-${process.pid}.json`;
  writeBooster(model.booster, join(dir, BOOSTER_FILE + suffix));
  writeFileSync(join(dir, MANIFEST_FILE + suffix), JSON.stringify(manifest, replacer) + '\n');
  renameSync(join(dir, BOOSTER_FILE + suffix), join(dir, BOOSTER_FILE));
  renameSync(join(dir, MANIFEST_FILE + suffix), join(dir, MANIFEST_FILE));
}

export function hasGraphRanker(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE)) && existsSync(join(dir, BOOSTER_FILE));
}

export function readGraphRankerManifest(dir: string): GraphRankerManifest {
  const manifest = revive(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as GraphRankerManifest);
  if (manifest.format !== 'graphrec-graph-ranker' || manifest.version !== 1) throw new Error(`${dir}: not a graphrec graph ranker (version 1)`);
  const expected = graphFeatureNames(manifest.state);
  if (expected.join() !== manifest.featureNames.join()) throw new Error(`${dir}: the manifest's features [${manifest.featureNames.join(', ')}] are not what its state gives [${expected.join(', ')}]`);
  return manifest;
}

export interface Contribution {
  feature: string;
  value: number;
}

/** Per-feature contributions as two parallel arrays (no object per feature): values[f] belongs to names[f]. */
export interface ContributionVector {
  names: readonly string[];
  values: ArrayLike<number>;
}

export interface ExplainedScore {
  product: number;
  score: number;
  /** Per-feature contributions to the margin (SHAP, or Saabas when approximate), bias excluded. */
  readonly contributions: Contribution[];
  /**
   * The same numbers without an object per feature (what the serving explanations read): a batch
   * export explains 10 items of a million users, and 27 objects per item were half of its
   * allocations (docs/batch.md, session 10).
   */
  vector: ContributionVector;
}

/** An ExplainedScore whose `contributions` objects are built only when read. */
function explained(product: number, score: number, names: readonly string[], values: Float32Array): ExplainedScore {
  const vector = { names, values };
  return {
    product,
    score,
    vector,
    get contributions(): Contribution[] {
      return names.map((feature, f) => ({ feature, value: values[f] }));
    },
  };
}

export class GraphRanker {
  /** The booster's per-leaf tables (approximate explanations from its leaves); null: unsupported model, XGBoost explains. */
  private tables: LeafTables | null | undefined;

  constructor(
    readonly booster: Booster,
    readonly state: RankerState,
    readonly featureNames: string[],
    readonly manifest?: GraphRankerManifest,
    tables?: LeafTables | null,
  ) {
    this.tables = tables;
  }

  static load(dir: string): GraphRanker {
    const manifest = readGraphRankerManifest(dir);
    const bytes = readFileSync(join(dir, BOOSTER_FILE));
    return new GraphRanker(Booster.fromBuffer(bytes), manifest.state, manifest.featureNames, manifest, LeafTables.fromJson(bytes));
  }

  /** Built on first use for a trained (not loaded) model: its JSON is written once. */
  private leafTables(): LeafTables | null {
    if (this.tables === undefined) this.tables = LeafTables.fromJson(this.booster.toBuffer('json'));
    return this.tables;
  }

  static fromModel(model: GraphRankerModel): GraphRanker {
    return new GraphRanker(model.booster, model.state, model.featureNames);
  }

  /** The margin of every catalogue product for this user (index = product index). */
  scoreAll(input: UserInput): Float32Array {
    return this.scoreMany([input])[0];
  }

  /**
   * scoreAll for many users in one prediction: XGBoost's per-call cost dwarfs 30 rows, so the
   * answer cache's warm-up scores a page of users at once. Rows are predicted independently, so
   * each user's margins are the very floats scoreAll gives.
   */
  scoreMany(inputs: readonly UserInput[], features?: readonly Float32Array[]): Float32Array[] {
    if (!inputs.length) return [];
    const P = this.state.products.ids.length;
    const cols = this.featureNames.length;
    const x = new Float32Array(inputs.length * P * cols);
    inputs.forEach((input, u) => x.set(features?.[u] ?? this.features(input), u * P * cols));
    const d = DMatrix.fromDense(x, inputs.length * P, cols);
    try {
      const margins = this.booster.predictMargin(d);
      return inputs.map((_, u) => margins.slice(u * P, (u + 1) * P));
    } finally {
      d.free();
    }
  }

  /** Every catalogue product's feature row for this user (P × features), as scoreMany and explainMany build them. */
  features(input: UserInput): Float32Array {
    return featureRows(this.state, input, this.featureNames);
  }

  /** Scores and contributions of the given products (rows of the same feature matrix scoreAll uses). */
  explain(input: UserInput, products: readonly number[], options: { approximate?: boolean } = {}): ExplainedScore[] {
    return this.explainMany([{ input, products }], options)[0];
  }

  /**
   * explain for many users in one call (the warm-up's pages); the same floats as one at a time.
   * A request may bring the user's `features` (this.features) and `margins` (scoreMany) already
   * computed: rows are predicted independently, so its margins are the very floats a prediction
   * here would give, and the batch export saves a second feature build and prediction per user.
   */
  explainMany(
    requests: readonly { input: UserInput; products: readonly number[]; features?: Float32Array; margins?: Float32Array }[],
    options: { approximate?: boolean } = {},
  ): ExplainedScore[][] {
    const rows = requests.reduce((n, r) => n + r.products.length, 0);
    if (!rows) return requests.map(() => []);
    const cols = this.featureNames.length;
    const x = new Float32Array(rows * cols);
    let r = 0;
    for (const { input, products, features } of requests) {
      if (!products.length) continue;
      const all = features ?? this.features(input);
      for (const p of products) x.set(all.subarray(p * cols, (p + 1) * cols), r++ * cols);
    }
    const d = DMatrix.fromDense(x, rows, cols);
    try {
      const needMargins = !requests.every((r) => r.margins || !r.products.length);
      // Saabas' contributions from the rows' leaves and the per-leaf tables: the same floats as
      // XGBoost's approx_contribs at a third of its cost (tree-ensemble.ts); exact SHAP stays native.
      const tables = options.approximate ? this.leafTables() : null;
      const leaves = tables ? this.booster.leaves(d) : null;
      const contributions = tables && leaves ? tables.contributions(leaves, rows, cols) : this.booster.contributions(d, options);
      const margins = !needMargins ? null : tables && leaves ? tables.margins(leaves, rows) : this.booster.predictMargin(d);
      let row = 0;
      return requests.map(({ products, margins: given }) =>
        products.map((product) => {
          // A view of the page's result, bias (the last value) left out.
          const c = contributions.subarray(row * (cols + 1), row * (cols + 1) + cols);
          const e = explained(product, margins ? margins[row] : given![product], this.featureNames, c);
          row++;
          return e;
        }),
      );
    } finally {
      d.free();
    }
  }

  free(): void {
    this.booster.free();
  }
}
