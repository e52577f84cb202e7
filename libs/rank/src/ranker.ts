import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import { RecommendOptions, Recommender, TopK, TrainData } from '@graphrec/recommend';
import { extractFeatures as extractAll } from './extract';
import { buildFeatureContext, FeatureContext, FeatureOptions, RankTrain } from './features';
import { candidatesFor, DEFAULT_GENERATORS, FittedGenerator, fitGenerators, GeneratorSpec } from './generators';
import { entryTimes, labelSplit, LabelSplitMethod } from './label-split';
import { SideInfo } from './side-info';
import { Booster, DMatrix, Params } from './xgboost';
import { Reason, reasonsFromContributions } from './explain';
import { BaseMargin, baseMarginOf, concat, groupNdcg } from './training-data';

export type { BaseMargin } from './training-data';
export { baseMarginOf, groupNdcg } from './training-data';

export interface RankerOptions {
  generators?: GeneratorSpec[];
  side?: SideInfo;
  /** Train events, for recency features (matched to the train matrix's entries). */
  events?: { users: Int32Array; items: Int32Array; timestamps: Float64Array };
  /** How the ranker's labels are carved out of train (default item-stratified, as the test protocol). */
  labelSplit?: LabelSplitMethod;
  /** Share of train held out as labels per fold (default 0.25). */
  labelShare?: number;
  /**
   * Label folds learned from (default 1; at most 1/share; 1 for temporal): each fold refits the
   * generators without its labels, so the ranker sees k times the examples (cross-fitting). Four
   * folds cost 4× the fit and did not beat one on ML-100K validation (docs/rank.md).
   */
  folds?: number;
  /** Share of labelled users kept for validation: early stopping and the parameter grid (default 0.2). */
  validationShare?: number;
  /**
   * Learn from at most this many users (a seeded sample; default all). Large catalogues have tens
   * of thousands of users × hundreds of candidates; a few thousand groups are plenty for the trees.
   */
  maxUsers?: number;
  seed?: number;
  /** Parameter sets tried; the best on validation nDCG@10 is kept. */
  grid?: Params[];
  /** Most boosting rounds (default 1000) and early-stopping patience (default 80). */
  rounds?: number;
  earlyStopping?: number;
  /**
   * After choosing the setting and round count on the validation users, train once more on train
   * and validation users together for that many rounds (default false).
   */
  refitAll?: boolean;
  /** XGBoost threads (default 1: the shared machines this runs on). */
  threads?: number;
  features?: FeatureOptions;
  /**
   * Start boosting from `scale × feature` instead of a constant, so the trees learn corrections to
   * that ordering rather than re-deriving it from few labels (default: `defaultBaseMargin`, the
   * generators' `margin` weights on their relative scores, else 2 × the first generator's; `null`
   * for none; 1 and 5 × EASE alone did worse on validation).
   */
  baseMargin?: BaseMargin | null;
  /**
   * Features blanked to missing (NaN) everywhere, so no tree splits on them. Default: those whose
   * scale depends on how much data the generators saw (raw generator scores, item_rate, co_sum),
   * because the trees learn with generators fitted on part of train and score with generators
   * fitted on all of it, and a threshold learned on one scale misfires on the other.
   */
  ignoreFeatures?: string[];
}

/** The generators' `margin` weights on their relative scores, or 2 × the first generator's when none has one. */
export function defaultBaseMargin(specs: readonly GeneratorSpec[]): BaseMargin {
  const terms = specs.filter((s) => s.margin).map((s) => ({ feature: `${s.name}_rel`, scale: s.margin as number }));
  if (!terms.length) return { feature: `${specs[0].name}_rel`, scale: 2 };
  return { ...terms[0], plus: terms.slice(1) };
}

const BASE_PARAMS: Params = { objective: 'rank:ndcg', eval_metric: 'ndcg@10', tree_method: 'hist', verbosity: 0 };

/**
 * Chosen on validation carves of ML-100K train (seeds 42, 43; docs/rank.md): shallow, strongly
 * regularised trees on top of the base margin beat deeper ones, which fit the few labels' noise.
 */
export const DEFAULT_GRID: Params[] = [{ eta: 0.1, max_depth: 4, min_child_weight: 50, subsample: 0.8, colsample_bytree: 0.8, lambda: 10 }];

/** What `fit` measured on the ranker's own holdout (never on test). */
export interface RankerReport {
  labelUsers: number;
  folds: number;
  trainRows: number;
  validationRows: number;
  meanCandidates: number;
  /** Held-out label items found in the candidate union / all held-out label items. */
  candidateRecall: number;
  grid: { params: Params; bestIteration: number; validationNdcg: number }[];
  chosen: Params;
  bestIteration: number;
  validationNdcg: number;
  /** The same validation nDCG@10 when ordering by each generator's score alone: what the trees add. */
  generatorValidationNdcg: Record<string, number>;
  seconds: number;
}

/**
 * LambdaMART over the union of candidate generators' top-N lists. `fit` carves labels out of train
 * (generators fitted on the rest, so labels are interactions they never saw), learns the trees with
 * early stopping and a small grid on held-out users, then refits the generators on all of train for
 * scoring. A loaded model (`load` in model-files.ts) skips the learning: `attach` refits generators.
 */
export class RankerRecommender implements Recommender {
  /** extractFeatures with the ignored columns blanked (the same in training and scoring). */
  private extract(ctx: FeatureContext, user: number, items: Int32Array, scores: readonly Float32Array[]): Float32Array {
    const x = extractAll(ctx, user, items, scores);
    const ignore = this.ignoreFeatures;
    if (!ignore.length) return x;
    const cols = ctx.names.length;
    const blank = ignore.map((f) => ctx.names.indexOf(f)).filter((c) => c >= 0);
    for (let r = 0; r < items.length; r++) for (const c of blank) x[r * cols + c] = Number.NaN;
    return x;
  }

  readonly name = 'ranker';
  booster?: Booster;
  featureNames?: string[];
  report?: RankerReport;
  private generators?: FittedGenerator[];
  private ctx?: FeatureContext;
  readonly specs: GeneratorSpec[];

  /** Resolved defaults of baseMargin and ignoreFeatures (they depend on the generators' names). */
  readonly baseMargin: BaseMargin | null;
  readonly ignoreFeatures: string[];

  constructor(readonly options: RankerOptions = {}) {
    this.specs = options.generators ?? DEFAULT_GENERATORS;
    this.baseMargin = options.baseMargin === undefined ? defaultBaseMargin(this.specs) : options.baseMargin;
    this.ignoreFeatures = options.ignoreFeatures ?? ['item_rate', 'co_sum', ...this.specs.map((s) => `${s.name}_score`)];
  }

  private withTimes(train: TrainData): RankTrain {
    const given = (train as RankTrain).times;
    if (given) return train as RankTrain;
    return this.options.events ? { ...train, times: entryTimes(train.matrix, this.options.events) } : train;
  }

  /** Candidates and their feature rows for one user under the current generators and context. */
  private rowsFor(user: number, options?: RecommendOptions): { items: Int32Array; x: Float32Array } {
    const generators = this.fitted().generators;
    const ctx = this.fitted().ctx;
    const { items, scores } = candidatesFor(generators, user, options);
    return { items, x: this.extract(ctx, user, items, scores) };
  }

  /** The candidate union for `user` (ascending items): what recommend() re-ranks. */
  candidates(user: number, options?: RecommendOptions): Int32Array {
    return candidatesFor(this.fitted().generators, user, options).items;
  }

  private fitted(): { generators: FittedGenerator[]; ctx: FeatureContext; booster: Booster } {
    if (!this.generators || !this.ctx || !this.booster) throw new Error('ranker: call fit() (or load() then attach()) first');
    return { generators: this.generators, ctx: this.ctx, booster: this.booster };
  }

  async fit(train: TrainData): Promise<void> {
    const started = performance.now();
    const full = this.withTimes(train);
    const seed = this.options.seed ?? 1;
    const method = this.options.labelSplit ?? 'item-stratified';
    const share = this.options.labelShare ?? 0.25;
    const folds = method === 'temporal' ? 1 : Math.min(this.options.folds ?? 1, Math.round(1 / share));
    // Users are split once into the ranker's train and validation users (seeded), for every fold.
    const order = shuffleInPlace(Int32Array.from({ length: full.users }, (_, u) => u), createRng(seed + 1));
    const pool = Math.min(full.users, this.options.maxUsers ?? full.users);
    const isUsed = new Uint8Array(full.users);
    const isValid = new Uint8Array(full.users);
    const nValid = Math.round((this.options.validationShare ?? 0.2) * pool);
    for (let p = 0; p < pool; p++) isUsed[order[p]] = 1;
    for (let p = 0; p < nValid; p++) isValid[order[p]] = 1;
    const trainParts: { x: Float32Array; y: Float32Array }[] = [];
    const validParts: { x: Float32Array; y: Float32Array }[] = [];
    let found = 0;
    let labels = 0;
    let candidates = 0;
    let groups = 0;
    let ctx: FeatureContext | undefined;
    const labelled = new Set<number>();
    for (let fold = 0; fold < folds; fold++) {
      const split = labelSplit(full, method, share, seed, fold);
      const generators = await fitGenerators(this.specs, split.fit);
      ctx = buildFeatureContext(split.fit, this.specs.map((s) => s.name), this.options.side, this.options.features);
      for (let user = 0; user < full.users; user++) {
        const from = split.labels.offsets[user];
        const to = split.labels.offsets[user + 1];
        if (from === to || !isUsed[user]) continue;
        labelled.add(user);
        const { items, scores } = candidatesFor(generators, user);
        const relevant = new Set(split.labels.targets.subarray(from, to));
        const y = Float32Array.from(items, (i) => (relevant.has(i) ? 1 : 0));
        const hits = y.reduce((s, v) => s + v, 0);
        found += hits;
        labels += relevant.size;
        candidates += items.length;
        groups++;
        // A group without a positive gives LambdaMART no pair to learn from.
        if (!hits) continue;
        (isValid[user] ? validParts : trainParts).push({ x: this.extract(ctx, user, items, scores), y });
      }
    }
    if (!ctx) throw new Error('ranker: no label fold');
    // XGBoost cannot learn or stop early without groups on both sides; say so instead of failing inside it.
    if (!trainParts.length || !validParts.length) {
      throw new Error(
        `ranker: too little data to learn from (${trainParts.length} train and ${validParts.length} validation users with a held-out item among their candidates)`,
      );
    }
    const cols = ctx.names.length;
    const dtrain = concat(trainParts, cols);
    const dvalid = concat(validParts, cols);
    this.featureNames = ctx.names;
    const mTrain = this.matrix(dtrain.features, dtrain.rows, cols).setLabels(dtrain.labels).setGroups(dtrain.groups);
    const mValid = this.matrix(dvalid.features, dvalid.rows, cols).setLabels(dvalid.labels).setGroups(dvalid.groups);
    const grid: RankerReport['grid'] = [];
    let best: { booster: Booster; params: Params; score: number; iteration: number } | undefined;
    try {
      for (const params of this.options.grid ?? DEFAULT_GRID) {
        const trainParams: Params = { ...BASE_PARAMS, nthread: this.options.threads ?? 1, seed, ...params };
        const result = Booster.train(trainParams, mTrain, {
          rounds: this.options.rounds ?? 1000,
          evals: [{ name: 'valid', data: mValid }],
          earlyStoppingRounds: this.options.earlyStopping ?? 80,
        });
        grid.push({ params, bestIteration: result.bestIteration, validationNdcg: result.bestScore });
        if (!best || result.bestScore > best.score) {
          best?.booster.free();
          best = { booster: result.booster, params, score: result.bestScore, iteration: result.bestIteration };
        } else result.booster.free();
      }
    } finally {
      mTrain.free();
      mValid.free();
    }
    if (!best) throw new Error('ranker: empty parameter grid');
    if (this.options.refitAll) {
      const all = concat([...trainParts, ...validParts], cols);
      const mAll = this.matrix(all.features, all.rows, cols).setLabels(all.labels).setGroups(all.groups);
      try {
        const params: Params = { ...BASE_PARAMS, nthread: this.options.threads ?? 1, seed, ...best.params };
        const refit = Booster.train(params, mAll, { rounds: best.iteration + 1 });
        best.booster.free();
        best.booster = refit.booster;
      } finally {
        mAll.free();
      }
    }
    this.booster?.free();
    this.booster = best.booster;
    this.featureNames = ctx.names;
    await this.attach(full);
    const generatorValidationNdcg: Record<string, number> = {};
    ctx.generators.forEach((name) => {
      // By rank (raw scores may be blanked, see ignoreFeatures): the best rank gets the top score.
      const col = ctx.names.indexOf(`${name}_rank`);
      const scores = Float32Array.from({ length: dvalid.rows }, (_, r) => -dvalid.features[r * cols + col]);
      generatorValidationNdcg[name] = groupNdcg(scores, dvalid.labels, dvalid.groups, 10);
    });
    this.report = {
      generatorValidationNdcg,
      labelUsers: labelled.size,
      folds,
      trainRows: dtrain.rows,
      validationRows: dvalid.rows,
      meanCandidates: groups ? candidates / groups : 0,
      candidateRecall: labels ? found / labels : 0,
      grid,
      chosen: best.params,
      bestIteration: best.iteration,
      validationNdcg: best.score,
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** Fits the generators and the feature context on `train` (all of it), keeping the trees. */
  async attach(train: TrainData): Promise<void> {
    const full = this.withTimes(train);
    this.generators = await fitGenerators(this.specs, full);
    this.ctx = buildFeatureContext(full, this.specs.map((s) => s.name), this.options.side, this.options.features);
    if (this.featureNames && this.featureNames.join() !== this.ctx.names.join()) {
      throw new Error(`ranker: the data gives features [${this.ctx.names.join(', ')}], the model was trained on [${this.featureNames.join(', ')}]`);
    }
    this.featureNames = this.ctx.names;
  }

  /** The DMatrix of feature rows, with the base margin when configured (the same in fit and scoring). */
  private matrix(x: Float32Array, rows: number, cols: number): DMatrix {
    const d = DMatrix.fromDense(x, rows, cols);
    const base = this.baseMargin;
    if (base && this.featureNames) d.setBaseMargin(baseMarginOf(base, this.featureNames, x, rows));
    return d;
  }

  private margins(x: Float32Array, rows: number): Float32Array {
    const { booster, ctx } = this.fitted();
    const d = this.matrix(x, rows, ctx.names.length);
    try {
      return booster.predictMargin(d);
    } finally {
      d.free();
    }
  }

  recommend(user: number, k: number, options?: RecommendOptions): Int32Array {
    if (options?.candidates) {
      const scores = this.score(user, options.candidates);
      const heap = new TopK(k);
      options.candidates.forEach((item, c) => heap.push(item, scores[c]));
      return heap.result().items;
    }
    const { items, x } = this.rowsFor(user, options);
    const m = this.margins(x, items.length);
    const heap = new TopK(k);
    for (let c = 0; c < items.length; c++) heap.push(items[c], m[c]);
    return heap.result().items;
  }

  /**
   * The ranker's score of the given items. Rank features are relative to a candidate list, so the
   * items are scored inside the user's usual candidate union (extended by any item outside it).
   */
  score(user: number, items: Int32Array): Float32Array {
    const { generators, ctx } = this.fitted();
    const base = candidatesFor(generators, user);
    const union = Int32Array.from(new Set([...base.items, ...items])).sort();
    const scores = generators.map((g) => g.model.score(user, union));
    const m = this.margins(this.extract(ctx, user, union, scores), union.length);
    const at = new Map(Array.from(union, (item, c) => [item, c]));
    return Float32Array.from(items, (item) => m[at.get(item) as number]);
  }

  /** The feature rows of `items` for `user` (row-major, featureNames order), scored inside the user's candidate union. */
  featureRows(user: number, items: Int32Array): Float32Array {
    const { generators, ctx } = this.fitted();
    const base = candidatesFor(generators, user);
    const union = Int32Array.from(new Set([...base.items, ...items])).sort();
    const all = this.extract(ctx, user, union, generators.map((g) => g.model.score(user, union)));
    const cols = ctx.names.length;
    const at = new Map(Array.from(union, (item, c) => [item, c]));
    const x = new Float32Array(items.length * cols);
    items.forEach((item, r) => x.set(all.subarray((at.get(item) as number) * cols, ((at.get(item) as number) + 1) * cols), r * cols));
    return x;
  }

  /** Reasons for each of `items` (e.g. a recommend() list), from the model's SHAP contributions. */
  explain(user: number, items: Int32Array, options: { k?: number; approximate?: boolean } = {}): { item: number; score: number; reasons: Reason[] }[] {
    const { ctx, booster } = this.fitted();
    const cols = ctx.names.length;
    // Only the asked rows go to XGBoost: contributions cost grows with rows × trees × depth².
    const x = this.featureRows(user, items);
    const d = this.matrix(x, items.length, cols);
    try {
      const contributions = booster.contributions(d, { approximate: options.approximate });
      const base = this.baseMargin;
      const terms = base ? [base, ...(base.plus ?? [])].map((t) => ({ c: ctx.names.indexOf(t.feature), scale: t.scale })).filter((t) => t.c >= 0) : [];
      return Array.from(items, (item, r) => {
        const row = contributions.subarray(r * (cols + 1), (r + 1) * (cols + 1));
        // XGBoost puts the base margin into the bias; it is the base features' doing, so each term
        // is credited to its feature (the row still sums to the margin).
        for (const t of terms) {
          const m = t.scale * (x[r * cols + t.c] || 0);
          row[t.c] += m;
          row[cols] -= m;
        }
        return { item, score: row.reduce((s, v) => s + v, 0), reasons: reasonsFromContributions(ctx.names, row, options.k ?? 3) };
      });
    } finally {
      d.free();
    }
  }

  /** Frees the trees; the ranker must be fitted or loaded again before use. */
  free(): void {
    this.booster?.free();
    this.booster = undefined;
  }
}
