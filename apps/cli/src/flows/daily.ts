/**
 * The daily flow, declared from the pipeline's existing commands (ingest, train, segment,
 * train-ranker, export segments) plus drift checks. It lives in the CLI, not in libs/flows,
 * because its steps are the CLI's commands and a library never imports an app.
 *
 * Idempotence: every step either reaches the same state when run twice, or first looks for the
 * result of an earlier try of the same flow run (runs are tagged with `flowRun` in their params)
 * and reuses it, so a step that published and then lost its worker does not publish again.
 */
import { FlowDefinition, FlowParams, FlowStore, StepContext, StepDefinition, StepResult, driftThresholdsFromEnv, envInt, evaluateDrift, readCoverage, readEmbeddingDrift, DriftThresholds } from '@graphrec/flows';
import { exportSegments } from '@graphrec/crm';
import { GraphDb, repoRoot } from '@graphrec/neo4j';
import { listRuns, RunKind } from '@graphrec/writeback';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SEED } from '../options';
import { releaseSharedProjection, withSharedProjection } from '../projection-scope';
import { runIngest } from '../commands/ingest';
import { runSegment } from '../commands/segment';
import { runTrain } from '../commands/train';
import { NO_XGBOOST, runTrainRanker, TOO_FEW_LABELS } from '../commands/train-ranker';
import { runTrainPropensity } from '../commands/train-propensity';
import { runTrainSequence, SEQUENCE_PIPELINE, TOO_FEW_SESSIONS } from '../commands/train-sequence';

export interface DailySettings {
  /** Folder of delta files (products/users/devices/ownerships/events …) to load first; unset: the step is skipped. */
  inbox?: string;
  /** Where model files go (one folder per run). */
  modelDir: string;
  /** Where the segment export of each run is written (`<flow run id>-segments.csv`). */
  exportDir: string;
  drift: DriftThresholds;
  /** Retry policy of the steps that talk to Neo4j (a restart or failover passes in minutes). */
  retry: { attempts: number; backoffMs: number; maxBackoffMs: number };
  /**
   * XGBoost threads for the ranker's boosting (GRAPHREC_TRAIN_THREADS, default 2). A flow step has
   * its machine to itself, where the CLI's default of 1 leaves a core idle (150 s of boosting at
   * 1M users). A fixed number, not the core count: XGBoost's result is the same for the same
   * thread count and data (checked), not across thread counts.
   */
  trainThreads: number;
}

export function dailySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DailySettings {
  const backoffMs = envInt(env, 'GRAPHREC_FLOW_BACKOFF_MS', 30_000, 0);
  return {
    inbox: env.GRAPHREC_INBOX || undefined,
    modelDir: env.GRAPHREC_MODEL_DIR || join('.data', 'models'),
    exportDir: env.GRAPHREC_EXPORT_DIR || join('.data', 'exports'),
    drift: driftThresholdsFromEnv(env),
    retry: {
      attempts: envInt(env, 'GRAPHREC_FLOW_ATTEMPTS', 3),
      backoffMs,
      maxBackoffMs: Math.max(backoffMs, 600_000),
    },
    trainThreads: envInt(env, 'GRAPHREC_TRAIN_THREADS', 2),
  };
}

/** `graphrec run` options stored with the run, so every worker trains alike. */
export interface DailyParams {
  seed: number;
  epochs?: number;
  /** Train the ranker (when XGBoost is installed and there are enough purchases). */
  ranker: boolean;
  /** Train the propensity models (when XGBoost is installed and actions have takers). */
  propensity: boolean;
}

export function dailyParams(params: FlowParams): DailyParams {
  return {
    seed: typeof params.seed === 'number' ? params.seed : DEFAULT_SEED,
    epochs: typeof params.epochs === 'number' ? params.epochs : undefined,
    ranker: params.ranker !== false,
    propensity: params.propensity !== false,
  };
}

const HOUR = 3_600_000;

/** A command's exit code as a step outcome: its reason is on stderr, in the worker's log. */
function ok(code: number, command: string): void {
  if (code !== 0) throw new Error(`${command} exited with code ${code} (its reason is in the log above)`);
}

/** The run an earlier try of this step published (complete), found by its flow tag. */
async function publishedBy(db: GraphDb, kind: RunKind, ctx: StepContext): Promise<{ id: string; metrics: unknown } | undefined> {
  const runs = await listRuns(db, kind);
  const found = runs.find((r) => r.status === 'complete' && (r.params as { flowRun?: string } | undefined)?.flowRun === ctx.flowRunId);
  return found && { id: found.id, metrics: found.metrics };
}

/**
 * The run of `kind` this step publishes exactly once per flow run: the one an earlier try published
 * (found by its flow tag), else the one `publish` (a graphrec command) publishes now.
 */
async function publishOnce(db: GraphDb, kind: RunKind, ctx: StepContext, command: string, publish: () => Promise<number>): Promise<{ id: string; metrics: unknown }> {
  const earlier = await publishedBy(db, kind, ctx);
  if (earlier) {
    ctx.log(`reusing ${kind} run ${earlier.id}, published by an earlier try`);
    return earlier;
  }
  ok(await publish(), command);
  const run = await publishedBy(db, kind, ctx);
  if (!run) throw new Error(`${command} succeeded but its run is not complete`);
  return run;
}

const DELTA_FILE = /\.(csv|jsonl)$/i;

export function dailyFlow(db: GraphDb, store: FlowStore, settings: DailySettings): FlowDefinition {
  const retry = settings.retry;
  const tag = (ctx: StepContext) => ({ flowRun: ctx.flowRunId, flowStep: ctx.step });

  const ingestDeltas: StepDefinition = {
    name: 'ingest-deltas',
    description: 'load the delta files waiting in GRAPHREC_INBOX, then move them to <inbox>/done/<flow run>',
    inputs: [],
    outputs: ['files'],
    timeoutMs: 4 * HOUR,
    retry,
    idempotence: 'ingest is idempotent by id (a row loaded twice changes nothing) and resumes a file from its checkpoint; files move only after they loaded',
    async run(ctx): Promise<StepResult> {
      if (!settings.inbox) return { skipped: 'no inbox configured (GRAPHREC_INBOX)' };
      const inbox = resolve(settings.inbox);
      if (!existsSync(inbox)) return { skipped: `inbox ${inbox} does not exist` };
      const files = readdirSync(inbox)
        .filter((name) => DELTA_FILE.test(name) && statSync(join(inbox, name)).isFile())
        .sort()
        .map((name) => join(inbox, name));
      if (files.length === 0) return { skipped: 'inbox empty' };
      ok(await runIngest(db, files, { format: 'native', batchSize: 10_000 }), 'graphrec ingest');
      const done = join(inbox, 'done', ctx.flowRunId);
      mkdirSync(done, { recursive: true });
      for (const file of files) renameSync(file, join(done, file.slice(inbox.length + 1)));
      return { outputs: { files: files.length, done } };
    },
  };

  const embeddings: StepDefinition = {
    name: 'embeddings',
    description: 'project the graph, train GraphSAGE, publish the embeddings run (vectors, SIMILAR_TO) and save the model',
    inputs: [],
    after: ['ingest-deltas'],
    outputs: ['embeddingsRun'],
    timeoutMs: 6 * HOUR,
    retry,
    idempotence: 'publishing is one transaction (withRun); a try that published is found by its flow tag and reused, one that died before is left writing, never served, and pruned',
    async run(ctx): Promise<StepResult> {
      const params = dailyParams(ctx.params);
      const run = await publishOnce(db, 'embeddings', ctx, 'graphrec train', () =>
        runTrain(db, { seed: params.seed, epochs: params.epochs, keepRuns: 3, similarK: 50, modelDir: settings.modelDir, runParams: tag(ctx) }),
      );
      const m = (run.metrics ?? {}) as { bestValidation?: number; validationMetric?: string; epochs?: number; seconds?: number };
      const metrics: Record<string, number> = {};
      // `validation`: the held-out figure early stopping kept (its name, e.g. ndcg@10, in the outputs).
      if (typeof m.bestValidation === 'number') metrics.validation = m.bestValidation;
      if (typeof m.epochs === 'number') metrics.epochs = m.epochs;
      if (typeof m.seconds === 'number') metrics.trainSeconds = m.seconds;
      return { outputs: { embeddingsRun: run.id, validationMetric: m.validationMetric ?? null }, metrics };
    },
  };

  const segments: StepDefinition = {
    name: 'segments',
    description: 'segment users with Louvain (projection plus the embeddings kNN graph), match ids to the served run, publish',
    inputs: ['embeddings'],
    after: [],
    outputs: ['segmentsRun', 'users', 'moved'],
    timeoutMs: 4 * HOUR,
    retry,
    idempotence: 'publishing is one transaction (withRun); a try that published is found by its flow tag and reused; Louvain is seeded',
    async run(ctx): Promise<StepResult> {
      const params = dailyParams(ctx.params);
      const run = await publishOnce(db, 'segments', ctx, 'graphrec segment', () => runSegment(db, { seed: params.seed, level: 'coarse', keepRuns: 3, runParams: tag(ctx) }));
      const m = (run.metrics ?? {}) as { users?: number; segments?: number; modularity?: number; vsPrevious?: { moved: number; ari: number } | null };
      const users = m.users ?? 0;
      const moved = m.vsPrevious ? m.vsPrevious.moved : null;
      const metrics: Record<string, number> = { users, segments: m.segments ?? 0, modularity: m.modularity ?? 0 };
      if (moved !== null) Object.assign(metrics, { usersMoved: moved, ari: m.vsPrevious?.ari ?? 0 });
      return { outputs: { segmentsRun: run.id, users, moved }, metrics };
    },
  };

  const ranker: StepDefinition = {
    name: 'ranker',
    description: 'train the LambdaMART ranker on the served embeddings run, with the sequence model’s score as a feature when one is recorded (skipped without XGBoost or enough purchases)',
    inputs: ['embeddings', 'sequence'],
    after: [],
    outputs: [],
    timeoutMs: 4 * HOUR,
    retry,
    idempotence: 'trains from the same graph and seed again and records the model on the same embeddings run (the last record wins)',
    async run(ctx): Promise<StepResult> {
      const params = dailyParams(ctx.params);
      if (!params.ranker) return { skipped: 'turned off for this run (--no-ranker)' };
      const code = await runTrainRanker(db, { modelDir: settings.modelDir, seed: params.seed, labelDays: 30, maxUsers: 50_000, threads: settings.trainThreads });
      if (code === NO_XGBOOST) return { skipped: 'XGBoost C library not installed' };
      if (code === TOO_FEW_LABELS) return { skipped: 'too few purchases to learn from' };
      ok(code, 'graphrec train-ranker');
      return {};
    },
  };

  const propensity: StepDefinition = {
    name: 'propensity',
    description: 'train the high-value-action propensity models on the served embeddings run, with segment base rates and averages from the served segments (skipped without XGBoost or enough takers)',
    inputs: ['embeddings', 'segments'],
    after: [],
    outputs: [],
    timeoutMs: 2 * HOUR,
    retry,
    idempotence: 'trains from the same graph and seed again (the same sample, split and trees), rewrites the files through temporary names and records them on the same embeddings run (the last record wins)',
    async run(ctx): Promise<StepResult> {
      const params = dailyParams(ctx.params);
      if (!params.propensity) return { skipped: 'turned off for this run (--no-propensity)' };
      const code = await runTrainPropensity(db, { modelDir: settings.modelDir, seed: params.seed, windowDays: 30, maxUsers: 50_000 });
      if (code === NO_XGBOOST) return { skipped: 'XGBoost C library not installed' };
      if (code === TOO_FEW_LABELS) return { skipped: 'too few takers of any action to learn from' };
      ok(code, 'graphrec train-propensity');
      return {};
    },
  };

  const sequence: StepDefinition = {
    name: 'sequence',
    description: 'train the served sequence model (HRNN, a few seeded epochs) on the sessions of the graph and record it on the served embeddings run',
    inputs: ['embeddings'],
    after: [],
    outputs: [],
    timeoutMs: 2 * HOUR,
    retry,
    idempotence: 'trains from the same graph and seed again, writes the files through a temporary name and records them on the same embeddings run (the last record wins)',
    async run(ctx): Promise<StepResult> {
      const params = dailyParams(ctx.params);
      const code = await runTrainSequence(db, { ...SEQUENCE_PIPELINE, modelDir: settings.modelDir, seed: params.seed });
      if (code === TOO_FEW_SESSIONS) return { skipped: 'too few sessions to learn from' };
      ok(code, 'graphrec train-sequence');
      return {};
    },
  };

  const exports: StepDefinition = {
    name: 'export',
    description: 'write the served segments run for the CRM as CSV (<export dir>/<flow run>-segments.csv)',
    inputs: ['segments'],
    after: [],
    outputs: ['file', 'rows'],
    timeoutMs: 2 * HOUR,
    retry,
    idempotence: 'writes through a temporary name and renames; the same run gives the same rows',
    async run(ctx): Promise<StepResult> {
      const dir = resolve(repoRoot(), settings.exportDir);
      mkdirSync(dir, { recursive: true });
      const out = join(dir, `${ctx.flowRunId}-segments.csv`);
      const result = await exportSegments(db, { format: 'csv', out });
      if (result.runId !== ctx.inputs.segments?.segmentsRun) ctx.log(`note: exported run ${result.runId} (another segments run was published meanwhile)`);
      return { outputs: { file: out, rows: result.rows, segmentsRun: result.runId }, metrics: { rows: result.rows } };
    },
  };

  const drift: StepDefinition = {
    name: 'drift',
    description: 'coverage, segment churn and embedding drift against the previous run; a breach marks the run (and /metrics)',
    inputs: ['embeddings', 'segments'],
    after: ['export'],
    outputs: ['breached'],
    timeoutMs: HOUR,
    retry,
    idempotence: 'reads only, and records the same checks again',
    async run(ctx): Promise<StepResult> {
      const segmentsRun = String(ctx.inputs.segments.segmentsRun);
      const coverage = await readCoverage(db, segmentsRun);
      const users = Number(ctx.inputs.segments.users);
      const moved = ctx.inputs.segments.moved;
      const churn = typeof moved === 'number' && users > 0 ? moved / users : null;
      const embedding = await readEmbeddingDrift(db, String(ctx.inputs.embeddings.embeddingsRun));
      const record = evaluateDrift({ coverage: coverage.coverage, churn, embeddingDrift: embedding.drift }, settings.drift);
      await store.recordDrift(ctx.flowRunId, record);
      if (record.breached.length) ctx.log(`DRIFT: ${record.breached.map((name) => `${name} ${record.checks[name].value?.toFixed(3)} (threshold ${record.checks[name].threshold})`).join(', ')}`);
      const metrics: Record<string, number> = { breaches: record.breached.length };
      if (coverage.coverage !== null) metrics.coverage = coverage.coverage;
      if (churn !== null) metrics.churn = churn;
      if (embedding.drift !== null) metrics.embeddingDrift = embedding.drift;
      return { outputs: { breached: record.breached.join(',') }, metrics };
    },
  };

  return {
    name: 'daily',
    description: 'ingest deltas → embeddings (project, train, publish) → two branches at once: segments → propensity, export → drift checks; sequence model → ranker',
    // The sequence model before the ranker: the ranker's seq_* features read it (issue 12 §4). After
    // embeddings the two branches share nothing but the served run, so they run side by side where
    // the runner has room (GRAPHREC_FLOW_PARALLEL); flow order is what one runner slot follows.
    steps: shareProjection(store, [ingestDeltas, embeddings, segments, sequence, ranker, propensity, exports, drift]),
  };
}

/**
 * Every step runs in its flow run's projection-scope scope, so the steps that project (embeddings,
 * segments, ranker, sequence) project the graph once per run and process (projection-scope.ts);
 * a step after which nothing of the run is left to start lets go of it (with branches, the last
 * step to finish is not always the last one declared).
 */
function shareProjection(store: FlowStore, steps: StepDefinition[]): StepDefinition[] {
  return steps.map((step) => ({
    ...step,
    run: (ctx: StepContext) =>
      withSharedProjection(ctx.flowRunId, () => step.run(ctx)).finally(async () => {
        const run = await store.getRun(ctx.flowRunId).catch(() => undefined);
        const left = run?.steps.filter((s) => s.step !== step.name && (s.status === 'pending' || s.status === 'running'));
        if (left && left.length === 0) releaseSharedProjection(ctx.flowRunId);
      }),
  }));
}

export const FLOW_NAMES = ['daily'] as const;
