/**
 * `graphrec train-sequence`: the sequence model the API serves (nextInSession, and the session
 * part of recommendations). Projects the graph with its event log, turns views/carts/purchases
 * into sessions (libs/sequences sessionize, 30-minute gap), fits HRNN (or GRU4Rec) — early stopping
 * on the validation carve, then refitted on every session for the chosen epochs (the evaluated
 * configuration, SEQUENCE_PIPELINE; `--no-refit` keeps the carve's weights) —, saves the files under the current embeddings run's model folder
 * (`<model-dir>/<run id>/sequence/`) and records them on the run, which serving then uses from
 * its next request (and the answer caches flush: the record is part of their generation).
 */
import { createRng, EVENT_TYPES, shuffleInPlace } from '@graphrec/graph-model';
import type { HeteroGraph } from '@graphrec/projection';
import { GraphDb, migrate, repoRoot } from '@graphrec/neo4j';
import { DEFAULT_GAP_SECONDS, DEFAULT_ITEM_TYPES, MAX_EMA_EPOCHS, SEQUENCE_WEIGHTS_FILE, Session, SessionEvent, StepModel, encodeSessionState, fitServedSequenceModel, readSequenceModel, replayHistory, saveSequenceModel, sessionize } from '@graphrec/sequences';
import { Neo4jSessionStore, RedisSessionStore, sequenceModelKey, SessionStore } from '@graphrec/serving';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { currentRun, recordSequenceModel } from '@graphrec/writeback';
import { Command, InvalidArgumentError, Option } from 'commander';
import { join, resolve } from 'node:path';
import { parseNonNegativeInt, parsePositiveInt } from '../options';
import { projectWithProgress } from '../progress';
import { withDb } from '../with-db';

export interface TrainSequenceOptions {
  modelDir: string;
  seed: number;
  kind: 'hrnn' | 'gru4rec';
  /** Most epochs (early stopping on the validation carve may choose fewer). */
  epochs: number;
  /**
   * Refit on every session for the epochs chosen on the carve (what docs/sequences.md measured;
   * SEQUENCE_PIPELINE's default); false keeps the carve's best weights (half the training time,
   * never the users' latest sessions).
   */
  refit?: boolean;
  /**
   * Weight averaging: validate, keep and serve the exponential moving average of the weights over
   * about this many epochs (0 or absent = off; docs/sequences.md "Session 11: weight averaging").
   */
  emaEpochs?: number;
  /** Dropout on the session state before scoring, training only (0 or absent = off). */
  hiddenDropout?: number;
  gapMinutes: number;
  /**
   * Users whose sessions train the model at most (a seeded sample above it; 0 = every user). HRNN
   * carries a user's state from session to session, so the sample is of users with all their
   * sessions, never of sessions.
   */
  maxUsers?: number;
  /**
   * Users whose session state is seeded from their history at most: the most recently active ones
   * (0 = every user). A user left out gets what an unknown user gets (a state started by their
   * next trackEvent), as a user with a state under an older model does once it is replayed.
   */
  maxSeedUsers?: number;
}

export const SEQUENCE_DIR = 'sequence';
/**
 * What `npm start`, the daily flow and a plain `graphrec train-sequence` train: the network issue 12
 * evaluated on test (docs/sequences.md "Session 11": +5.5% / +5.3% Recall@5, +7.9% / +8.1% MRR@5 over
 * the best baseline, two seeds) — HRNN, at most 10 epochs chosen on the validation carve, refitted
 * on every session, the weights' moving average over 2 epochs served, hidden dropout 0.2 — so that
 * what is served is what was measured. The 30-minute gap; the sessions of at most 20,000 users (a
 * seeded sample: the demo world trains on everyone, four times the users of the 5,000-user world the
 * figures come from; at 1M users the sample bounds the flow's sequence step and the ranker's twin,
 * docs/benchmarks.md "Session 12"); the session states of the 100,000 most recently active users
 * (the demo world seeds everyone; seeding all 1M users replays all 20M events through the network,
 * more than 700 CPU s). `--no-refit --epochs 3 --ema-epochs 0 --hidden-dropout 0` is the old cheap
 * model (~1/7 of the training CPU, below the kNN baselines on validation).
 */
export const SEQUENCE_PIPELINE = { kind: 'hrnn', epochs: 10, refit: true, emaEpochs: 2, hiddenDropout: 0.2, gapMinutes: DEFAULT_GAP_SECONDS / 60, maxUsers: 20_000, maxSeedUsers: 100_000 } as const;


/** The sessions of a seeded sample of at most `maxUsers` users (0 or more users than that: all of them). */
export function sampleSessionsByUser(sessions: readonly Session[], maxUsers: number, seed: number): readonly Session[] {
  if (!(maxUsers > 0)) return sessions;
  const users = [...new Set(sessions.map((s) => s.user).filter((u): u is string => !!u))].sort();
  if (users.length <= maxUsers) return sessions;
  const order = shuffleInPlace(Int32Array.from({ length: users.length }, (_, i) => i), createRng(seed));
  const kept = new Set<string>();
  for (let i = 0; i < maxUsers; i++) kept.add(users[order[i]]);
  return sessions.filter((s) => !!s.user && kept.has(s.user));
}
/**
 * The `maxSeedUsers` most recently active users of `byUser` (by their latest event; ties by id, so
 * the choice does not depend on the order sessions came in), all of them when they fit or for 0.
 */
export function recentUsers(byUser: ReadonlyMap<string, readonly Session[]>, maxSeedUsers: number): Set<string> {
  const users = [...byUser.keys()];
  if (!(maxSeedUsers > 0) || users.length <= maxSeedUsers) return new Set(users);
  const last = new Map<string, number>();
  for (const [user, list] of byUser) {
    let t = -Infinity;
    for (const s of list) if (s.times.length) t = Math.max(t, s.times[s.times.length - 1]);
    last.set(user, t);
  }
  users.sort((a, b) => (last.get(b) ?? 0) - (last.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  return new Set(users.slice(0, maxSeedUsers));
}

/** Exit code after which the pipeline goes on without a sequence model (too few sessions). */
export const TOO_FEW_SESSIONS = 5;

const log = (line: string) => process.stdout.write(`[train-sequence] ${line}\n`);

/** The projection's event log as sessions (the served model's input; train-ranker's seq_* features read the same). */
export function graphSessions(graph: HeteroGraph, gapSeconds: number, types: readonly string[]): Session[] {
  const log0 = graph.events;
  if (!log0) throw new Error('the projection kept no event log');
  const itemTypes = new Set<number>(types.map((t) => EVENT_TYPES.indexOf(t as (typeof EVENT_TYPES)[number])));
  const events: SessionEvent[] = [];
  const users = graph.nodes.User.ids;
  const products = graph.nodes.Product.ids;
  for (let i = 0; i < log0.user.length; i++) {
    if (!itemTypes.has(log0.type[i])) continue;
    events.push({ user: users[log0.user[i]], item: products[log0.product[i]], t: Math.floor(log0.timestamp[i] / 1000), type: EVENT_TYPES[log0.type[i]] });
  }
  return sessionize(events, { gapSeconds, itemTypes: types });
}

export async function runTrainSequence(db: GraphDb, options: TrainSequenceOptions): Promise<number> {
  await db.verify();
  await migrate(db);
  const run = await currentRun(db, 'embeddings');
  if (!run) {
    process.stderr.write('graphrec train-sequence: no embeddings run is served; run graphrec train first (the sequence model belongs to a served run)\n');
    return 1;
  }
  // Live states written from here on are newer than the history read below: the seed keeps them.
  const historyRead = Date.now();
  const graph = await projectWithProgress(db, { keepEvents: true });
  const sessions = graphSessions(graph, options.gapMinutes * 60, DEFAULT_ITEM_TYPES);
  let fit;
  try {
    const training = sampleSessionsByUser(sessions, options.maxUsers ?? 0, options.seed);
    if (training.length < sessions.length) log(`training on the sessions of ${options.maxUsers} sampled users (${training.length} of ${sessions.length} sessions)`);
    fit = await fitServedSequenceModel(training, options.kind, { seed: options.seed, maxEpochs: options.epochs, refit: options.refit === true, emaEpochs: options.emaEpochs ?? 0, hiddenDropout: options.hiddenDropout ?? 0 }, log);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    process.stderr.write(`graphrec train-sequence: ${error.message}; no sequence model trained\n`);
    return TOO_FEW_SESSIONS;
  }
  const dir = join(resolve(repoRoot(), options.modelDir), run.id, SEQUENCE_DIR);
  saveSequenceModel(dir, fit.model, fit.itemIds);
  const best = fit.model.epochs.find((e) => e.epoch === fit.model.chosenEpochs);
  const metrics: Record<string, unknown> = { kind: options.kind, refit: options.refit === true, emaEpochs: options.emaEpochs ?? 0, hiddenDropout: options.hiddenDropout ?? 0, sessions: fit.sessions, events: fit.events, items: fit.itemIds.length, epochs: fit.model.chosenEpochs, validMrr20: best?.validMrr20 ?? null, seconds: Math.round(fit.seconds * 10) / 10 };
  fit.model.net?.dispose();
  const trainedAt = new Date().toISOString();
  const gapMs = options.gapMinutes * 60_000;
  const weightsSha256 = createHash('sha256').update(readFileSync(join(dir, SEQUENCE_WEIGHTS_FILE))).digest('hex');
  metrics.seededUsers = await seedStates(db, dir, sequenceModelKey(run.id, { weightsSha256 }), sessions, gapMs, historyRead, options.maxSeedUsers ?? 0);
  await recordSequenceModel(db, run.id, { path: dir, kind: options.kind, trainedAt, gapMs, itemTypes: [...DEFAULT_ITEM_TYPES], weightsSha256, metrics });
  log(`run ${run.id}: ${options.kind} on ${fit.sessions} sessions (${fit.events} events, ${fit.itemIds.length} items), ${metrics.epochs} epochs, validation MRR@20 ${typeof metrics.validMrr20 === 'number' ? metrics.validMrr20.toFixed(4) : '-'}; ${metrics.seconds} s; ${metrics.seededUsers} users' session states from their history; files: ${dir}`);
  return 0;
}

/**
 * Every user's session state after their history, through the saved model as the API will run it
 * (the same transitions as live events), written to the store the API reads (Redis when
 * GRAPHREC_REDIS_URL is set, else Neo4j) before the model is recorded: HRNN's user state then
 * knows the user's past sessions from the first answer. States written by trackEvent since the
 * history was read are kept.
 */
async function seedStates(db: GraphDb, dir: string, key: string, sessions: readonly Session[], gapMs: number, since: number, maxSeedUsers: number): Promise<number> {
  const { json, weights } = readSequenceModel(dir);
  const model = new StepModel(json, weights);
  const byUser = new Map<string, Session[]>();
  for (const s of sessions) {
    if (!s.user) continue;
    const list = byUser.get(s.user) ?? [];
    list.push(s);
    byUser.set(s.user, list);
  }
  const seeded = recentUsers(byUser, maxSeedUsers);
  if (seeded.size < byUser.size) log(`seeding the session states of the ${seeded.size} most recently active of ${byUser.size} users`);
  const redisUrl = process.env.GRAPHREC_REDIS_URL?.trim();
  const store: SessionStore = redisUrl ? new RedisSessionStore(redisUrl, db) : new Neo4jSessionStore(db);
  let written = 0;
  try {
    let rows: { userId: string; state: string }[] = [];
    for (const [userId, list] of byUser) {
      if (!seeded.has(userId)) continue;
      list.sort((a, b) => a.times[0] - b.times[0]);
      const state = replayHistory(model, key, list, gapMs);
      if (state) rows.push({ userId, state: encodeSessionState(state) });
      if (rows.length >= 2_000) {
        written += await store.seed(rows, since);
        rows = [];
      }
    }
    if (rows.length) written += await store.seed(rows, since);
  } finally {
    await store.close();
  }
  return written;
}

function parseEmaEpochs(value: string): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0 || n > MAX_EMA_EPOCHS) throw new InvalidArgumentError(`--ema-epochs must be a number from 0 to ${MAX_EMA_EPOCHS}, got "${value}"`);
  return n;
}

function parseDropout(value: string): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0 || n >= 1) throw new InvalidArgumentError(`--hidden-dropout must be a number from 0 up to (not including) 1, got "${value}"`);
  return n;
}

export function trainSequenceCommand(openDb: () => GraphDb): Command {
  return new Command('train-sequence')
    .description('train the served sequence model (HRNN) on the graph’s sessions for the served embeddings run; nextInSession uses it from then on')
    .option('--model-dir <dir>', 'model folder (one sub-folder per run id, as graphrec train)', join('.data', 'models'))
    .option('--seed <n>', 'random seed', (v) => parsePositiveInt(v, '--seed'), 42)
    .addOption(new Option('--kind <model>', 'the network').choices(['hrnn', 'gru4rec']).default('hrnn'))
    .option('--epochs <n>', 'training epochs at most (early stopping on the validation carve)', (v) => parsePositiveInt(v, '--epochs', 100), SEQUENCE_PIPELINE.epochs)
    .option('--refit', 'after choosing the epochs on the validation carve, refit on every session for that many (the evaluated configuration; the default)', SEQUENCE_PIPELINE.refit)
    .option('--no-refit', 'keep the carve’s best weights instead (about half the training time; never trained on the users’ latest sessions)')
    .option('--ema-epochs <n>', 'serve the moving average of the weights over about this many epochs (0 = off)', parseEmaEpochs, SEQUENCE_PIPELINE.emaEpochs)
    .option('--hidden-dropout <p>', 'dropout on the session state before scoring, training only (0 = off)', parseDropout, SEQUENCE_PIPELINE.hiddenDropout)
    .option('--gap-minutes <n>', 'inactivity that ends a session', (v) => parsePositiveInt(v, '--gap-minutes', 100_000), DEFAULT_GAP_SECONDS / 60)
    .option('--max-users <n>', 'train on the sessions of at most this many users, a seeded sample (0 = all)', (v) => parseNonNegativeInt(v, '--max-users'), SEQUENCE_PIPELINE.maxUsers)
    .option('--max-seed-users <n>', 'seed the session states of at most this many users, the most recently active (0 = all); the others start one at their next event', (v) => parseNonNegativeInt(v, '--max-seed-users'), SEQUENCE_PIPELINE.maxSeedUsers)
    .action((options: TrainSequenceOptions) => withDb(openDb, (db) => runTrainSequence(db, options)));
}
