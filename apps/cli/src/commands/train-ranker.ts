import { cypher, GraphDb, migrate, repoRoot } from '@graphrec/neo4j';
import { productCatalog } from '@graphrec/projection';
import { GraphRankerModel, GraphSideData, rankerDir, saveGraphRanker, TooFewLabelsError, trainGraphRanker, xgboostAvailable } from '@graphrec/rank';
import { currentRun, recordRanker } from '@graphrec/writeback';
import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { projectWithProgress } from '../progress';
import { withDb } from '../with-db';
import { parsePositiveInt } from './ingest';
import { parseNonNegativeNumber } from '../options';
import { rankerSequenceSide } from './ranker-sequence';

export interface TrainRankerOptions {
  modelDir: string;
  seed: number;
  labelDays: number;
  maxUsers: number;
  json?: boolean;
  /** The served sequence model's score as features (seq_score, seq_rank) when the run has one; default on (commander's --no-sequence). */
  sequence?: boolean;
  /** Keep the fewest trees within this validation nDCG@10 of the best (default: one standard error of the validation nDCG@10, libs/rank/src/graph/size.ts). */
  sizeTolerance?: number;
  /** XGBoost threads while boosting (default 1: a shared machine; the daily flow passes GRAPHREC_TRAIN_THREADS). */
  threads?: number;
}

/** Exit codes after which the pipeline goes on without a ranker: XGBoost's C library is missing; too few purchases to learn from. */
export const NO_XGBOOST = 4;
export const TOO_FEW_LABELS = 5;

const log = (line: string) => process.stdout.write(`[train-ranker] ${line}\n`);

/**
 * The served ranker: projects the graph (with its event log), trains LambdaMART on the last
 * `--label-days` of purchases (libs/rank/src/graph), saves the booster and its manifest under the
 * current embeddings run's model folder and records it on that run, which serving then uses from
 * its next request (strategy 'ranker'). The run keeps serving embeddings until then.
 */
export async function runTrainRanker(db: GraphDb, options: TrainRankerOptions): Promise<number> {
  if (!xgboostAvailable()) {
    process.stderr.write('graphrec train-ranker: XGBoost C library not found: install libxgboost0 (apt-get install libxgboost0) or set GRAPHREC_XGBOOST_LIB; no ranker trained\n');
    return NO_XGBOOST;
  }
  await db.verify();
  await migrate(db);
  const run = await currentRun(db, 'embeddings');
  if (!run) {
    process.stderr.write('graphrec train-ranker: no embeddings run is served; run graphrec train first (the ranker belongs to a served run)\n');
    return 1;
  }
  const graph = await projectWithProgress(db, { keepEvents: true });
  const side: GraphSideData = { catalog: await productCatalog(db) };
  const members = await db.read<{ userId: string; segmentId: string }>(cypher('projection/segment-memberships'));
  if (members.length) {
    const segments: (string | null)[] = new Array<string | null>(graph.nodes.User.size).fill(null);
    for (const m of members) {
      const u = graph.nodes.User.indexOf(m.userId);
      if (u !== undefined) segments[u] = m.segmentId;
    }
    side.segments = segments;
  }
  const modelDir = resolve(repoRoot(), options.modelDir);
  // No embedding features: the served run's embeddings were trained on the label period too, and
  // with them in the carve the ranker learnt to trust them (validation nDCG@10 0.98) and fell to
  // 0.752 hit rate@10 on the demo world's held-back purchases against 0.870 without (docs/rank.md).
  // The features take embeddings (GraphSideData.embeddings + cutEmbeddings) once GraphSAGE is
  // trained on the carve as well.
  const dir = rankerDir(modelDir, run.id);
  // With --json, stdout is the JSON alone: the carve model's progress goes to stderr.
  const note = options.json ? (line: string) => process.stderr.write(`[train-ranker] ${line}\n`) : log;
  const seq = options.sequence === false ? null : await rankerSequenceSide(db, graph, options.labelDays, dir, note);
  if (seq) side.sequence = seq.sequence;
  let model: GraphRankerModel;
  try {
    model = await trainGraphRanker(graph, side, { seed: options.seed, labelDays: options.labelDays, maxUsers: options.maxUsers, cutSequence: seq?.cutSequence, sizeTolerance: options.sizeTolerance, threads: options.threads });
  } catch (error) {
    if (!(error instanceof TooFewLabelsError)) throw error;
    process.stderr.write(`graphrec train-ranker: ${error.message}; no ranker trained (try a longer --label-days)\n`);
    return TOO_FEW_LABELS;
  }
  try {
    saveGraphRanker(dir, model, { embeddingsRun: run.id, segments: side.segments !== undefined, embeddings: side.embeddings !== undefined, sequence: seq?.info ?? null });
  } finally {
    model.booster.free();
  }
  const r = model.report;
  const metrics = { validationNdcg: r.validationNdcg, labelledUsers: r.labelledUsers, sampledUsers: r.sampledUsers, trainRows: r.trainRows, cut: r.cut, seconds: r.seconds.total, features: model.featureNames.length, sequence: seq !== null, trees: r.trees };
  await recordRanker(db, run.id, { path: dir, trainedAt: new Date().toISOString(), metrics });
  if (options.json) process.stdout.write(JSON.stringify({ runId: run.id, path: dir, featureNames: model.featureNames, report: r }, null, 2) + '\n');
  else {
    log(`run ${run.id}: ${r.sampledUsers} of ${r.labelledUsers} users with purchases after ${r.cut}, ${r.trainRows} training rows, validation nDCG@10 ${r.validationNdcg.toFixed(4)} with ${r.trees} trees (best ${r.bestValidationNdcg.toFixed(4)} over ${r.validationCurve.length} rounds boosted)`);
    log(`${model.featureNames.length} features${side.segments ? ' (segments)' : ''}${side.embeddings ? ' (embeddings)' : ''}${seq ? ` (sequence: ${seq.info.kind} carve model on ${seq.info.cutSessions} sessions, ${seq.info.seconds} s)` : ''}; ${r.seconds.total.toFixed(1)} s; files: ${dir}`);
  }
  return 0;
}

export function trainRankerCommand(openDb: () => GraphDb): Command {
  return new Command('train-ranker')
    .description('train the learned ranker (LambdaMART on graph features) for the served embeddings run; serving uses it from then on')
    .option('--model-dir <dir>', 'model folder (one sub-folder per run id, as graphrec train)', join('.data', 'models'))
    .option('--seed <n>', 'random seed', (v) => parsePositiveInt(v, '--seed'), 42)
    .option('--label-days <n>', 'purchases of the last N days before the data ends are the labels', (v) => parsePositiveInt(v, '--label-days'), 30)
    .option('--max-users <n>', 'most labelled users trained on (sampled)', (v) => parsePositiveInt(v, '--max-users'), 50_000)
    .option('--json', 'print the report as JSON')
    .option('--size-tolerance <x>', 'keep the fewest trees whose validation nDCG@10 is within x of the best (default 0: every round up to the best; smaller rankers answer faster but lost held-back quality at 1M users, docs/rank.md)', (v) => parseNonNegativeNumber(v, '--size-tolerance'))
    .option('--threads <n>', 'XGBoost threads while boosting (default 1; the same data and thread count give the same ranker)', (v) => parsePositiveInt(v, '--threads'))
    .option('--no-sequence', 'leave the sequence model’s score out of the features even when the run has one (saves fitting the carve’s sequence model)')
    .action((options: TrainRankerOptions) => withDb(openDb, (db) => runTrainRanker(db, options)));
}
