/**
 * The run registry and the serving switch. Every derived result (segments now, embeddings later)
 * is written tagged with a run id while its Run is 'writing'; completeRun flips the one `current`
 * flag of the kind in the same transaction that marks the run complete, so readers see either the
 * old run or the new one, never a half-written one.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { randomBytes } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { WritebackError } from './errors';

export const RUN_KINDS = ['segments', 'embeddings'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export type RunStatus = 'writing' | 'complete' | 'failed' | 'pruning';

/** Run id prefix per kind: ids read at a glance and sort by start time within a kind. */
const PREFIX: Record<RunKind, string> = { segments: 'seg', embeddings: 'emb' };

/**
 * What a run wrote, as `cypher/` files that each delete one bounded slice (params `$runId`,
 * `$limit`, returning `n`); pruning repeats each until it deletes nothing, in this order.
 */
const OUTPUTS: Record<RunKind, string[]> = {
  segments: ['writeback/segments-delete-memberships', 'writeback/segments-delete-nodes'],
  embeddings: ['writeback/embeddings-delete-similar'],
};

export interface RunInfo {
  id: string;
  kind: RunKind;
  status: RunStatus;
  current: boolean;
  startedAt: string;
  finishedAt?: string;
  params: unknown;
  metrics?: unknown;
  error?: string;
}

interface RunRow {
  id: string;
  kind: RunKind;
  status: RunStatus;
  current: boolean;
  startedAt: string;
  finishedAt: string | null;
  params: string | null;
  metrics: string | null;
  error: string | null;
}

export function assertRunKind(kind: string): RunKind {
  if (!(RUN_KINDS as readonly string[]).includes(kind)) {
    throw new WritebackError('BAD_INPUT', `unknown run kind "${kind}"; allowed: ${RUN_KINDS.join(', ')}`);
  }
  return kind as RunKind;
}

/** `seg-20261129T031500Z-3fa9`: UTC start second plus 4 random hex digits against collisions. */
export function newRunId(kind: RunKind, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${PREFIX[kind]}-${stamp}-${randomBytes(2).toString('hex')}`;
}

const parseJson = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

function toRunInfo(row: RunRow): RunInfo {
  const info: RunInfo = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    current: row.current,
    startedAt: row.startedAt,
    params: parseJson(row.params),
  };
  if (row.finishedAt !== null) info.finishedAt = row.finishedAt;
  if (row.metrics !== null) info.metrics = parseJson(row.metrics);
  if (row.error !== null) info.error = row.error;
  return info;
}

export async function startRun(db: GraphDb, kind: RunKind, params: unknown = {}): Promise<string> {
  assertRunKind(kind);
  const at = new Date();
  const id = newRunId(kind, at);
  await db.write((tx) => tx.run(cypher('writeback/run-start'), { id, kind, startedAt: at.toISOString(), params: JSON.stringify(params ?? {}) }));
  return id;
}

export async function getRun(db: GraphDb, runId: string): Promise<RunInfo | undefined> {
  const [row] = await db.read<RunRow>(cypher('writeback/run-get'), { id: runId });
  return row ? toRunInfo(row) : undefined;
}

/** Like getRun, but an absent run is an error that names it. */
export async function requireRun(db: GraphDb, runId: string, kind?: RunKind): Promise<RunInfo> {
  const run = await getRun(db, runId);
  if (!run) throw new WritebackError('UNKNOWN_RUN', `run "${runId}" does not exist (never started, or removed by retention)`);
  if (kind && run.kind !== kind) throw new WritebackError('RUN_KIND_MISMATCH', `run "${runId}" is a ${run.kind} run, not a ${kind} run`);
  return run;
}

/**
 * Marks a 'writing' run complete with its metrics and makes it the only current run of its kind,
 * in one transaction. Completing the current run again is a no-op (a retry after a lost reply).
 */
export async function completeRun(db: GraphDb, runId: string, metrics: unknown = {}): Promise<RunInfo> {
  const run = await requireRun(db, runId);
  if (run.status === 'complete' && run.current) return run;
  if (run.status !== 'writing') throw new WritebackError('RUN_NOT_WRITING', `run "${runId}" is ${run.status}; only a writing run can be completed`);
  const done = await db.write(async (tx) => {
    await tx.run(cypher('writeback/run-lock'), { kind: run.kind });
    const result = await tx.run(cypher('writeback/run-complete'), { id: runId, metrics: JSON.stringify(metrics ?? {}) });
    return result.records.length > 0;
  });
  // Another process failed or pruned it between our read and the transaction.
  if (!done) throw new WritebackError('RUN_NOT_WRITING', `run "${runId}" stopped being a writing run before it could be completed`);
  return requireRun(db, runId);
}

export async function failRun(db: GraphDb, runId: string, reason: string): Promise<void> {
  const run = await requireRun(db, runId);
  const result = await db.write((tx) => tx.run(cypher('writeback/run-fail'), { id: runId, error: reason }));
  if (!result.records.length) throw new WritebackError('RUN_NOT_WRITING', `run "${runId}" is ${run.status}; only a writing run can be marked failed`);
}

export async function currentRun(db: GraphDb, kind: RunKind): Promise<RunInfo | undefined> {
  const [row] = await db.read<RunRow>(cypher('writeback/run-current'), { kind: assertRunKind(kind) });
  return row ? toRunInfo(row) : undefined;
}

/** Runs newest first; all kinds when `kind` is omitted. */
export async function listRuns(db: GraphDb, kind?: RunKind): Promise<RunInfo[]> {
  const rows = await db.read<RunRow>(cypher('writeback/run-list'), { kind: kind === undefined ? null : assertRunKind(kind) });
  return rows.map(toRunInfo);
}

/**
 * Which runs a prune removes (pure, so the rules are unit-tested): complete runs beyond the newest
 * `keep` complete ones; writing or failed runs that started before the current one (a newer
 * writing run may still be in progress); runs left 'pruning' by an interrupted prune. Never the
 * current run. `runs` must be of one kind.
 */
export function planPrune(runs: RunInfo[], keep: number): RunInfo[] {
  if (!Number.isInteger(keep) || keep < 1) throw new WritebackError('BAD_INPUT', `keep must be an integer >= 1, got ${keep}`);
  // Parsed, not compared as text: Neo4j prints fractional seconds with varying length.
  const t = (r: RunInfo) => Date.parse(r.startedAt);
  const newestFirst = [...runs].sort((a, b) => t(b) - t(a) || b.id.localeCompare(a.id));
  const current = newestFirst.find((r) => r.current);
  const keptComplete = new Set(newestFirst.filter((r) => r.status === 'complete').slice(0, keep).map((r) => r.id));
  return newestFirst.filter((r) => {
    if (r.current) return false;
    if (r.status === 'complete') return !keptComplete.has(r.id);
    if (r.status === 'pruning') return true;
    return current !== undefined && t(r) < t(current);
  });
}

export interface PruneResult {
  deleted: string[];
  /** Nodes and relationships removed with them, by cleanup step (e.g. memberships, segment nodes). */
  removed: number;
}

/** Deletes what planPrune selects, each run's outputs in bounded transactions, then the run. */
export async function pruneRuns(db: GraphDb, kind: RunKind, keep: number, options: { batchSize?: number } = {}): Promise<PruneResult> {
  const limit = neo4j.int(options.batchSize ?? 10_000);
  const doomed = planPrune(await listRuns(db, assertRunKind(kind)), keep);
  const deleted: string[] = [];
  let removed = 0;
  for (const run of doomed) {
    const marked = await db.write((tx) => tx.run(cypher('writeback/run-mark-pruning'), { id: run.id }));
    if (!marked.records.length) continue; // became current meanwhile, or already gone
    for (const step of OUTPUTS[kind]) {
      for (;;) {
        const n = await db.write(async (tx) => Number((await tx.run(cypher(step), { runId: run.id, limit })).records[0]?.get('n') ?? 0));
        removed += n;
        if (n === 0) break;
      }
    }
    await db.write((tx) => tx.run(cypher('writeback/run-delete'), { id: run.id }));
    deleted.push(run.id);
  }
  return { deleted, removed };
}
