/**
 * High-value-action propensities in serving (issue 11 §5). The models of the served embeddings run
 * (its `propensity` record: one folder per action) are loaded once per (run, record) and held in
 * process, like the ranker. A user's features come from ONE read (cypher/decide/propensity-users)
 * that also brings the run and its record, and are computed by libs/decide's `writeFeatures` — the
 * code training uses — as of the model's `asOf`. The same read and conversion feed training
 * (`graphrec train-propensity`, at the training cutoff) and the export (pages of users).
 */
import { actionByName, FEATURE_NAMES, HIGH_VALUE_ACTIONS, loadPropensityModel, RECENT_DAYS, writeFeatures, type PropensityInput, type PropensityManifest, type PropensityScorer } from '@graphrec/decide';
import { cypher, GraphDb } from '@graphrec/neo4j';

const DAY_MS = 86_400_000;

export interface PropensityEventRow {
  productId: string;
  category: string;
  type: string;
  n: number;
  recent: number;
  /** Epoch ms; null when no event before asOf. */
  last: number | null;
  /** Events in the label window [asOf, asOf + window). */
  after: number;
}

export interface PropensityUserRow {
  userId: string;
  homeType: string | null;
  region: string | null;
  signupDate: string | null;
  segment: string | null;
  owned: string[];
  events: PropensityEventRow[];
  /** Epoch ms the row was read as of (null: no model's time and none given). */
  asOf: number | null;
  runId: string | null;
  /** JSON of the run's PropensityRecord (libs/writeback/src/propensity-run.ts), null when none was trained. */
  propensity: string | null;
}

/**
 * Rows of many users (unknown ids have none) as of `asOf` (epoch ms; undefined: the served model's
 * time), with `windowMs` of events after it counted for labels (0 when scoring).
 */
export async function readPropensityUsers(db: GraphDb, userIds: readonly string[], asOf?: number, windowMs = 0): Promise<PropensityUserRow[]> {
  return db.read<PropensityUserRow>(cypher('decide/propensity-users'), { userIds: [...userIds], asOf: asOf ?? null, recentMs: RECENT_DAYS * DAY_MS, windowMs });
}

/** The latest event's time (epoch ms), null in a graph without events. */
export async function readEventsEnd(db: GraphDb): Promise<number | null> {
  const [row] = await db.read<{ end: number | null }>(cypher('decide/events-end'));
  return row?.end ?? null;
}

/**
 * The row as the features' input at its asOf: owned are the devices' products installed before it,
 * less those whose only purchases fall in the label window (bought then: not owned yet).
 */
export function propensityInputFromRow(row: PropensityUserRow): PropensityInput {
  const boughtBefore = new Set<string>();
  const boughtAfter = new Set<string>();
  for (const e of row.events) {
    if (e.type !== 'purchase') continue;
    if (Number(e.n) > 0) boughtBefore.add(e.productId);
    if (Number(e.after) > 0) boughtAfter.add(e.productId);
  }
  const owned = new Set(row.owned.filter((p) => boughtBefore.has(p) || !boughtAfter.has(p)));
  return {
    region: row.region ?? '',
    homeType: row.homeType ?? '',
    signup: row.signupDate ? Date.parse(row.signupDate) / 1000 : Number.NaN,
    owned,
    events: row.events.map((e) => ({ type: e.type, category: e.category, n: Number(e.n), recent: Number(e.recent), last: e.last === null ? -Infinity : Number(e.last) / 1000 })),
  };
}

/** Whether the user took the action in the row's label window (a purchase of one of its categories). */
export function tookAction(row: PropensityUserRow, categories: readonly string[]): boolean {
  return row.events.some((e) => e.type === 'purchase' && Number(e.after) > 0 && categories.includes(e.category));
}

/** The rows' features (n × FEATURE_NAMES.length) as of each row's asOf. */
export function propensityRows(rows: readonly PropensityUserRow[]): Float32Array {
  const d = FEATURE_NAMES.length;
  const x = new Float32Array(rows.length * d);
  rows.forEach((row, i) => writeFeatures(propensityInputFromRow(row), Number(row.asOf) / 1000, x, i * d));
  return x;
}

export type PropensityErrorCode = 'UNKNOWN_ACTION' | 'NO_MODEL';

/** A refusal with a message meant for the caller (the API maps it to a typed error). */
export class PropensityError extends Error {
  constructor(
    readonly code: PropensityErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PropensityError';
  }
}

/** The configured action of that name, or a refusal naming the configured ones. */
export function requireAction(name: string): { name: string; categories: readonly string[] } {
  const action = actionByName(name);
  if (!action) throw new PropensityError('UNKNOWN_ACTION', `unknown action "${name}"; configured actions: ${HIGH_VALUE_ACTIONS.map((a) => a.name).join(', ')}`);
  return action;
}

interface LoadedModels {
  key: string;
  runId: string;
  models: Map<string, { scorer: PropensityScorer; manifest: PropensityManifest }>;
}

let held: LoadedModels | undefined;
const failed = new Set<string>();

/** The run's models (every action in its record), loaded once per (run, record); null when none are recorded or load. */
export function servedPropensityModels(runId: string | null, record: string | null): LoadedModels | null {
  if (!runId || !record) return null;
  const key = `${runId}\n${record}`;
  if (held?.key === key) return held;
  if (failed.has(key)) return null;
  const models = new Map<string, { scorer: PropensityScorer; manifest: PropensityManifest }>();
  try {
    const parsed = JSON.parse(record) as { actions: Record<string, { path: string }> };
    for (const [action, m] of Object.entries(parsed.actions)) models.set(action, loadPropensityModel(m.path));
  } catch (error) {
    for (const m of models.values()) m.scorer.free();
    // A removed model folder or a missing libxgboost must not take the process down: the field says why.
    failed.add(key);
    process.emitWarning(`graphrec serving: the propensity models of run ${runId} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  if (held) for (const m of held.models.values()) m.scorer.free();
  held = { key, runId, models };
  return held;
}

/** Drops the held models (tests; a process that wants its memory back). */
export function clearServedPropensity(): void {
  if (held) for (const m of held.models.values()) m.scorer.free();
  held = undefined;
  failed.clear();
}

export interface PropensityAnswer {
  userId: string;
  action: string;
  /** Calibrated probability of taking the action within the model's window. */
  probability: number;
  runId: string;
  /** ISO time the features were computed at. */
  asOf: string;
  windowDays: number;
  /** The user's segment in the current segments run (null: none). */
  segment: string | null;
  /** The action's rate in the training window among the segment's users (the overall rate when the segment is unknown to the model). */
  segmentBaseRate: number;
  /** Users of the segment the base rate comes from (0: the overall rate was used). */
  segmentUsers: number;
}

/** The model of `action` on the served run, or a refusal saying why there is none. */
function modelOf(loaded: LoadedModels | null, action: string, runId: string | null) {
  const model = loaded?.models.get(action);
  if (!model) throw new PropensityError('NO_MODEL', `no propensity model for "${action}" on the served run${runId ? ` ${runId}` : ''}; train one with graphrec train-propensity (the pipeline and the daily flow do)`);
  return model;
}

/** Scores rows (all of one served run) for one configured action. */
export function scorePropensityRows(rows: readonly PropensityUserRow[], action: string): PropensityAnswer[] {
  requireAction(action);
  if (!rows.length) return [];
  const { runId, propensity } = rows[0];
  const { scorer, manifest } = modelOf(servedPropensityModels(runId, propensity), action, runId);
  const probabilities = scorer.score(propensityRows(rows), rows.length);
  return rows.map((row, i) => {
    const base = row.segment !== null && manifest.segmentsRun !== null ? manifest.baseRates[row.segment] : undefined;
    return {
      userId: row.userId,
      action,
      probability: probabilities[i],
      runId: runId as string,
      asOf: manifest.asOf,
      windowDays: manifest.windowDays,
      segment: row.segment,
      segmentBaseRate: base?.rate ?? manifest.overallRate,
      segmentUsers: base?.users ?? 0,
    };
  });
}

/** One user's propensity (undefined: unknown user). Refuses an unknown action before reading. */
export async function userPropensity(db: GraphDb, userId: string, action: string): Promise<PropensityAnswer | undefined> {
  requireAction(action);
  const rows = await readPropensityUsers(db, [userId]);
  if (!rows.length) return undefined;
  return scorePropensityRows(rows, action)[0];
}

/** The served run's per-segment average propensities per action (for segment profiles); empty when none. */
export function segmentAveragesOf(runId: string | null, record: string | null, segmentsRun: string): { action: string; segment: string; mean: number; users: number; runId: string }[] {
  const loaded = servedPropensityModels(runId, record);
  if (!loaded) return [];
  const out: { action: string; segment: string; mean: number; users: number; runId: string }[] = [];
  for (const [action, { manifest }] of loaded.models) {
    if (manifest.segmentsRun !== segmentsRun) continue;
    for (const [segment, a] of Object.entries(manifest.segmentAverages)) out.push({ action, segment, mean: a.mean, users: a.users, runId: loaded.runId });
  }
  return out;
}
