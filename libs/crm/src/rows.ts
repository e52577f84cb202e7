/**
 * The rows that leave the system (CSV/JSONL export and webhook batches): one query plan shared by
 * both, so a file and a push of the same run carry the same rows in the same (user id) order.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { currentRun, requireRun, RunInfo, WritebackError } from '@graphrec/writeback';
import { parseAttributes } from './attributes';

export const BASE_COLUMNS = ['user_id', 'segment_id', 'segment_label', 'confidence', 'run_id', 'updated_at'] as const;
/** Added in delta mode: what changed, and the segment the user was in at the base run. */
export const DELTA_COLUMNS = ['change', 'previous_segment_id'] as const;

export type Cell = string | number | boolean | null;
export type SegmentRow = Record<string, Cell>;
export type Change = 'joined' | 'left' | 'moved';

export interface RowOptions {
  /** Delta mode: only users whose segment differs from this earlier segments run. */
  changedSince?: string;
  /** Extra User properties, as columns after the standard ones: names from `PROFILE_ATTRIBUTES` only. */
  userAttributes?: string[];
}

export interface RowPlan {
  run: RunInfo;
  since?: RunInfo;
  columns: string[];
  attributes: string[];
  updatedAt: string;
  query: string;
  params: Record<string, unknown>;
}

interface RawRow {
  user_id: string;
  segment_id: string | null;
  segment_label: string | null;
  confidence: number | null;
  previous_segment_id: string | null;
  change: Change | null;
  attrs: unknown[];
}

/** Resolves the current run (and the delta base) and checks every option before any output is opened. */
export async function planRows(db: GraphDb, options: RowOptions = {}): Promise<RowPlan> {
  // Checked here too, not only at the edges: every caller of the library gets the allowlist.
  const attributes = parseAttributes(options.userAttributes);
  const run = await currentRun(db, 'segments');
  if (!run) throw new WritebackError('NO_CURRENT_RUN', 'no segments run is current yet: write one and complete it (graphrec segment) first');
  const updatedAt = new Date(run.finishedAt ?? run.startedAt).toISOString();
  const columns = [...BASE_COLUMNS, ...(options.changedSince === undefined ? [] : DELTA_COLUMNS), ...attributes];
  if (options.changedSince === undefined) {
    return { run, columns, attributes, updatedAt, query: cypher('crm/export-rows'), params: { runId: run.id, attrs: attributes } };
  }
  const since = await requireRun(db, options.changedSince, 'segments');
  if (since.status !== 'complete') {
    throw new WritebackError('UNKNOWN_RUN', `run "${since.id}" is ${since.status}, not a complete run; a delta needs a complete run that retention still keeps`);
  }
  const params = { runId: run.id, sinceRunId: since.id, attrs: attributes };
  return { run, since, columns, attributes, updatedAt, query: cypher('crm/export-delta'), params };
}

/** Driver values to cells: lists as `a|b` (the ingest convention), temporal values as ISO text. */
function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => String(cell(v) ?? '')).join('|');
  return String(value);
}

function toRow(plan: RowPlan, raw: RawRow): SegmentRow {
  const row: SegmentRow = {
    user_id: raw.user_id,
    segment_id: raw.segment_id,
    segment_label: raw.segment_label,
    confidence: raw.confidence,
    run_id: plan.run.id,
    updated_at: plan.updatedAt,
  };
  if (plan.since) {
    row.change = raw.change;
    row.previous_segment_id = raw.previous_segment_id;
  }
  plan.attributes.forEach((name, i) => (row[name] = cell(raw.attrs[i])));
  return row;
}

/** Every row of the plan, streamed: the driver pulls `fetchSize` records at a time. */
export async function* streamRows(db: GraphDb, plan: RowPlan, fetchSize = 10_000): AsyncGenerator<SegmentRow> {
  const session = db.session('read', { fetchSize });
  const tx = await session.beginTransaction();
  try {
    const params = { ...plan.params, after: '', limit: neo4j.int(Number.MAX_SAFE_INTEGER) };
    for await (const record of tx.run(plan.query, params)) yield toRow(plan, record.toObject() as RawRow);
    await tx.commit();
  } finally {
    if (tx.isOpen()) await tx.rollback();
    await session.close();
  }
}

/** One page after `after` (a user id; '' for the start): the webhook's deterministic batches. */
export async function pageRows(db: GraphDb, plan: RowPlan, after: string, limit: number): Promise<SegmentRow[]> {
  const raw = await db.read<RawRow>(plan.query, { ...plan.params, after, limit: neo4j.int(limit) });
  return raw.map((r) => toRow(plan, r));
}
