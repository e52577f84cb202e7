/**
 * `graphrec train-propensity`: the served high-value-action propensity models (issue 11 §5),
 * trained on the graph for the served embeddings run, one per configured action.
 *
 * Time split: the label window is the last `--window-days` of events (the data's end is the newest
 * event); features are what was known before it (cypher/decide/propensity-users as of the cutoff),
 * the label is a purchase of one of the action's categories inside it. Users (at most `--max-users`,
 * sampled by a hash of the id) are split at random into train 60%, validation 20% (early stopping
 * and the isotonic calibration) and test 20% (the figures recorded: AUC, PR-AUC, ECE, and the
 * segment base rate's AUC for comparison). Then every user (at most `--average-users`, a hash
 * sample) is scored as of the data's end (the time served features are computed at) for each
 * segment's average propensity. Files go beside the
 * run's other model files (`<model dir>/<run>/propensity/<action>/`) and are recorded on the run:
 * serving, the export and segment profiles use them from the next request.
 */
import { shardOf } from '@graphrec/crm';
import { BASE_RATE_PRIOR_USERS, expectedCalibrationError, FEATURE_NAMES, groupRates, HIGH_VALUE_ACTIONS, PropensityManifest, prAuc, propensityDir, rocAuc, savePropensityModel, trainPropensity, PropensityScorer } from '@graphrec/decide';
import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import { GraphDb, migrate, repoRoot } from '@graphrec/neo4j';
import { xgboostAvailable } from '@graphrec/rank';
import { propensityRows, readEventsEnd, readPropensityUsers, readUserIdsPage, tookAction, type PropensityUserRow } from '@graphrec/serving';
import { currentRun, PropensityModelRecord, recordPropensity } from '@graphrec/writeback';
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { parseNonNegativeInt, parsePositiveInt, parseSeed, DEFAULT_SEED } from '../options';
import { withDb } from '../with-db';
import { graphCounts } from './status';
import { NO_XGBOOST, TOO_FEW_LABELS } from './train-ranker';

export interface TrainPropensityOptions {
  modelDir: string;
  seed: number;
  /** The label window (days before the data's end). */
  windowDays: number;
  maxUsers: number;
  /**
   * Users scored for each segment's average propensity at most (a sample by a hash of the id; 0 =
   * every user). Default PROPENSITY_AVERAGE_USERS.
   */
  averageUsers?: number;
  /** Only these actions (default: every configured one). */
  actions?: string[];
  /** Users per Neo4j read. */
  pageSize?: number;
}

const DAY_MS = 86_400_000;
const SAMPLE_BUCKETS = 1_000_000;
/**
 * Users the segment averages are measured on at most: scoring all 1M users of the 1M world read
 * every user's features from Neo4j (~146 CPU s of Neo4j, docs/benchmarks.md "Daily flow at 1M
 * users, session 10"); a mean over 200,000 sampled users is off by less than a thousandth of a
 * propensity of 0.02 in a segment of 25,000 (standard error √(p(1-p)/n) at worst). The 20k demo
 * world is scored whole.
 */
export const PROPENSITY_AVERAGE_USERS = 200_000;
/** User ids per read while paging through every user (the features are read `pageSize` at a time). */
const ID_PAGE = 10_000;
const log = (line: string) => process.stdout.write(`[train-propensity] ${line}\n`);

/** Every known user's row that `keep` accepts, `pageSize` users per read, as of `asOf` (with `windowMs` of labels). */
async function* userPages(db: GraphDb, pageSize: number, asOf: number, windowMs: number, keep: (id: string) => boolean = () => true): AsyncGenerator<PropensityUserRow[]> {
  let after = '';
  let pending: string[] = [];
  for (;;) {
    // Ids in large pages (a 1M-user graph in 100 reads, not 2,000), features a page at a time.
    const ids = await readUserIdsPage(db, after, Math.max(pageSize, ID_PAGE));
    if (ids.length) after = ids[ids.length - 1];
    for (const id of ids) if (keep(id)) pending.push(id);
    while (pending.length >= pageSize || (!ids.length && pending.length)) {
      yield await readPropensityUsers(db, pending.slice(0, pageSize), asOf, windowMs);
      pending = pending.slice(pageSize);
    }
    if (!ids.length) return;
  }
}

/** A seeded sample of about `share` of the users, by a hash of the id (`salt` tells samples apart). */
function hashSample(seed: number, salt: string, share: number): (id: string) => boolean {
  return (id) => share >= 1 || shardOf(`${salt}${seed}:${id}`, SAMPLE_BUCKETS) <= share * SAMPLE_BUCKETS;
}

function rowsAt(x: Float32Array, indices: ArrayLike<number>): Float32Array {
  const d = FEATURE_NAMES.length;
  const out = new Float32Array(indices.length * d);
  for (let i = 0; i < indices.length; i++) out.set(x.subarray(indices[i] * d, (indices[i] + 1) * d), i * d);
  return out;
}

const pick = <T extends number>(values: ArrayLike<T>, indices: ArrayLike<number>) => Uint8Array.from({ length: indices.length }, (_, i) => values[indices[i]]);

export async function runTrainPropensity(db: GraphDb, options: TrainPropensityOptions): Promise<number> {
  const started = Date.now();
  if (!xgboostAvailable()) {
    process.stderr.write('graphrec train-propensity: XGBoost C library not found: install libxgboost0 (apt-get install libxgboost0) or set GRAPHREC_XGBOOST_LIB; no propensity model trained\n');
    return NO_XGBOOST;
  }
  const actions = HIGH_VALUE_ACTIONS.filter((a) => !options.actions || options.actions.includes(a.name));
  const unknown = (options.actions ?? []).filter((name) => !HIGH_VALUE_ACTIONS.some((a) => a.name === name));
  if (unknown.length) {
    process.stderr.write(`graphrec train-propensity: unknown action(s) ${unknown.join(', ')}; configured actions: ${HIGH_VALUE_ACTIONS.map((a) => a.name).join(', ')}\n`);
    return 2;
  }
  await db.verify();
  await migrate(db);
  const run = await currentRun(db, 'embeddings');
  if (!run) {
    process.stderr.write('graphrec train-propensity: no embeddings run is served; run graphrec train first (the models belong to a served run)\n');
    return 1;
  }
  const end = await readEventsEnd(db);
  if (end === null) {
    process.stderr.write('graphrec train-propensity: the graph has no events to learn from\n');
    return TOO_FEW_LABELS;
  }
  // Events at the very end count as known: features are of events strictly before asOf.
  const asOf = end + 1;
  const windowMs = options.windowDays * DAY_MS;
  const cutoff = asOf - windowMs;
  const pageSize = options.pageSize ?? 500;
  const { users: population } = await graphCounts(db);
  const share = Math.min(1, options.maxUsers / Math.max(1, population));
  const keep = hashSample(options.seed, '', share);

  // Pass 1: the sampled users as of the cutoff, with their labels in the window.
  const d = FEATURE_NAMES.length;
  const chunks: Float32Array[] = [];
  const labels = actions.map(() => [] as number[]);
  const segments: (string | null)[] = [];
  for await (const rows of userPages(db, pageSize, cutoff, windowMs, keep)) {
    chunks.push(propensityRows(rows));
    for (const row of rows) {
      segments.push(row.segment);
      actions.forEach((a, i) => labels[i].push(tookAction(row, a.categories) ? 1 : 0));
    }
  }
  const n = segments.length;
  const x = new Float32Array(n * d);
  let offset = 0;
  for (const c of chunks) {
    x.set(c, offset);
    offset += c.length;
  }
  chunks.length = 0;
  const order = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), createRng(options.seed));
  const train = order.subarray(0, Math.floor(n * 0.6));
  const validation = order.subarray(train.length, Math.floor(n * 0.8));
  const test = order.subarray(train.length + validation.length);
  const [xTrain, xValid, xTest] = [rowsAt(x, train), rowsAt(x, validation), rowsAt(x, test)];
  const segmentsRun = (await currentRun(db, 'segments'))?.id ?? null;
  log(`run ${run.id}: ${n} of ${population} users, features before ${new Date(cutoff).toISOString()}, labels in the ${options.windowDays} days after`);

  const trained: { action: (typeof actions)[number]; scorer: PropensityScorer; manifest: PropensityManifest }[] = [];
  try {
    for (const [i, action] of actions.entries()) {
      const y = Uint8Array.from(labels[i]);
      const [yTrain, yValid, yTest] = [pick(y, train), pick(y, validation), pick(y, test)];
      const count = (v: Uint8Array) => v.reduce((s, b) => s + b, 0);
      if (!count(yTrain) || !count(yValid) || !count(yTest)) {
        log(`${action.name}: too few users took it in the window (${count(y)} of ${n}): no model`);
        continue;
      }
      const t0 = Date.now();
      const model = trainPropensity({ x: xTrain, y: yTrain }, { x: xValid, y: yValid }, { seed: options.seed });
      const scorer = new PropensityScorer(model.booster, model.calibration);
      const pTest = scorer.score(xTest, test.length);
      // The base-rate baseline from train users only; the served context from every sampled user.
      const trainRates = groupRates(Array.from(train, (u) => segments[u]), yTrain);
      const baseline = Float64Array.from(test, (u) => (segments[u] !== null ? trainRates.groups[segments[u] as string]?.rate : undefined) ?? trainRates.overall);
      const rates = groupRates(segments, y);
      const report = {
        split: { train: train.length, validation: validation.length, test: test.length },
        positives: { train: count(yTrain), validation: count(yValid), test: count(yTest) },
        rounds: model.rounds,
        test: { auc: rocAuc(pTest, yTest), prAuc: prAuc(pTest, yTest), ece: expectedCalibrationError(pTest, yTest), baseRateAuc: rocAuc(baseline, yTest) },
        seconds: (Date.now() - t0) / 1000,
      };
      trained.push({
        action,
        scorer,
        manifest: {
          format: 'graphrec-propensity',
          version: 1,
          action: action.name,
          categories: [...action.categories],
          featureNames: [...FEATURE_NAMES],
          calibration: model.calibration,
          windowDays: options.windowDays,
          asOf: new Date(asOf).toISOString(),
          cutoff: new Date(cutoff).toISOString(),
          segmentsRun,
          baseRates: segmentsRun ? rates.groups : {},
          overallRate: rates.overall,
          segmentAverages: {},
          overallAverage: { mean: 0, users: 0 },
          report,
          trainedWith: { embeddingsRun: run.id, seed: options.seed, maxUsers: options.maxUsers, basePriorUsers: BASE_RATE_PRIOR_USERS },
        },
      });
      log(`${action.name}: ${report.positives.train + report.positives.validation + report.positives.test} takers of ${n}; ${model.rounds} rounds; test AUC ${report.test.auc.toFixed(4)} (segment base rate ${report.test.baseRateAuc.toFixed(4)}), PR-AUC ${report.test.prAuc.toFixed(4)}, ECE ${report.test.ece.toFixed(4)}`);
    }
    if (!trained.length) {
      process.stderr.write('graphrec train-propensity: no action had takers in every split; no model trained (try a longer --window-days)\n');
      return TOO_FEW_LABELS;
    }

    // Pass 2: every user (or a sample of averageUsers) as of the data's end (as served), for each
    // segment's average propensity.
    const averageUsers = options.averageUsers ?? PROPENSITY_AVERAGE_USERS;
    const averaged = hashSample(options.seed, 'average:', averageUsers > 0 ? Math.min(1, averageUsers / Math.max(1, population)) : 1);
    const sums = trained.map(() => new Map<string, [number, number]>());
    const totals = trained.map(() => [0, 0]);
    for await (const rows of userPages(db, pageSize, asOf, 0, averaged)) {
      const rowsX = propensityRows(rows);
      trained.forEach((t, i) => {
        const p = t.scorer.score(rowsX, rows.length);
        rows.forEach((row, j) => {
          totals[i][0] += p[j];
          totals[i][1]++;
          if (row.segment === null) return;
          const cell = sums[i].get(row.segment) ?? [0, 0];
          cell[0] += p[j];
          cell[1]++;
          sums[i].set(row.segment, cell);
        });
      });
    }
    log(`segment averages over ${totals[0]?.[1] ?? 0} of ${population} users`);
    const modelDir = resolve(repoRoot(), options.modelDir);
    const records: Record<string, PropensityModelRecord> = {};
    trained.forEach((t, i) => {
      if (segmentsRun) t.manifest.segmentAverages = Object.fromEntries([...sums[i]].sort((a, b) => a[0].localeCompare(b[0])).map(([s, [sum, m]]) => [s, { mean: sum / m, users: m }]));
      t.manifest.overallAverage = { mean: totals[i][1] ? totals[i][0] / totals[i][1] : 0, users: totals[i][1] };
      const dir = propensityDir(modelDir, run.id, t.action.name);
      savePropensityModel(dir, t.scorer, t.manifest);
      const r = t.manifest.report;
      records[t.action.name] = { path: dir, metrics: { auc: r.test.auc, prAuc: r.test.prAuc, ece: r.test.ece, baseRateAuc: r.test.baseRateAuc, rounds: r.rounds, users: n, positives: r.positives, meanPropensity: t.manifest.overallAverage.mean } };
    });
    await recordPropensity(db, run.id, { trainedAt: new Date().toISOString(), asOf: new Date(asOf).toISOString(), actions: records });
    log(`recorded ${trained.length} model(s) on run ${run.id} (features as of ${new Date(asOf).toISOString()}) in ${((Date.now() - started) / 1000).toFixed(1)} s; files: ${propensityDir(modelDir, run.id, '*')}`);
    return 0;
  } finally {
    for (const t of trained) t.scorer.free();
  }
}

export function trainPropensityCommand(openDb: () => GraphDb): Command {
  return new Command('train-propensity')
    .description('train the served high-value-action propensity models (calibrated XGBoost) for the served embeddings run; the API, the export and segment profiles use them from then on')
    .option('--action <names>', `only these actions (comma-separated; default all: ${HIGH_VALUE_ACTIONS.map((a) => a.name).join(', ')})`, (v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--model-dir <dir>', 'model folder (one sub-folder per run id, as graphrec train)', join('.data', 'models'))
    .option('--seed <n>', 'the sample, the split and the trees', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--window-days <n>', 'the label window: the last N days before the data ends', (v) => parsePositiveInt(v, '--window-days'), 30)
    .option('--max-users <n>', 'most users trained on (sampled by a hash of the id)', (v) => parsePositiveInt(v, '--max-users'), 50_000)
    .option('--average-users <n>', `most users scored for the segment averages (sampled by a hash of the id; 0 = all; default ${PROPENSITY_AVERAGE_USERS})`, (v) => parseNonNegativeInt(v, '--average-users'), PROPENSITY_AVERAGE_USERS)
    .action((options: TrainPropensityOptions & { action?: string[] }) => withDb(openDb, (db) => runTrainPropensity(db, { ...options, actions: options.action })));
}
