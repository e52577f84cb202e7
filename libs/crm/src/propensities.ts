/**
 * The CRM's target list for a high-value action (`graphrec export propensities`): the `top` users
 * most likely to take it, by the served run's calibrated propensity, through the same deliveries as
 * segments and recommendations (a CSV/JSONL file, or signed webhook batches with resumable state).
 *
 * Every user is scored, a page per read (readUserIdsPage, then one propensity read per page), and
 * kept in a bounded heap of `top` entries (libs/recommend's TopK): memory is O(top + page), never
 * O(users), and no sort of every user. Ties go to the lower user id, so the list is a pure function
 * of the graph and the model: a resumed push sends the same rows in the same batches.
 */
import { GraphDb } from '@graphrec/neo4j';
import { TopK } from '@graphrec/recommend';
import { PropensityAnswer, PropensityError, readPropensityUsers, readUserIdsPage, requireAction, scorePropensityRows } from '@graphrec/serving';
import { WritebackError } from '@graphrec/writeback';
import { writeRowsFile } from './export';
import type { ExportFormat } from './format';
import { SegmentRow } from './rows';
import { DeliveryOptions, PushResult, pushFeed } from './webhook';

/** The most users one list may hold (the heap and the list are held in memory). */
export const MAX_PROPENSITY_TOP = 1_000_000;

export const PROPENSITY_COLUMNS = ['rank', 'user_id', 'action', 'probability', 'segment', 'segment_base_rate', 'run_id', 'as_of', 'window_days'];

export interface PropensityListOptions {
  action: string;
  top: number;
  /** Users per Neo4j read (default 500). */
  pageSize?: number;
}

export interface PropensityList {
  action: string;
  runId: string;
  /** Users scored. */
  users: number;
  /** Best first. */
  answers: PropensityAnswer[];
}

/** Scores every user and keeps the `top` most likely, best first (ties: lower user id). */
export async function topPropensities(db: GraphDb, options: PropensityListOptions): Promise<PropensityList> {
  if (!Number.isInteger(options.top) || options.top < 1 || options.top > MAX_PROPENSITY_TOP) throw new WritebackError('BAD_INPUT', `--top must be a whole number from 1 to ${MAX_PROPENSITY_TOP}, got ${options.top}`);
  const pageSize = options.pageSize ?? 500;
  try {
    requireAction(options.action);
  } catch (error) {
    if (error instanceof PropensityError) throw new WritebackError('BAD_INPUT', `--action: ${error.message}`);
    throw error;
  }
  const heap = new TopK(options.top);
  // The answers of entries that may still be in the heap, by their position in id order; pruned to
  // what the heap holds whenever it grows past twice the list (amortised O(1) per user).
  let held = new Map<number, PropensityAnswer>();
  let users = 0;
  let runId: string | undefined;
  let after = '';
  for (;;) {
    const ids = await readUserIdsPage(db, after, pageSize);
    if (!ids.length) break;
    after = ids[ids.length - 1];
    const rows = await readPropensityUsers(db, ids);
    if (!rows.length) continue;
    let answers: PropensityAnswer[];
    try {
      answers = scorePropensityRows(rows, options.action);
    } catch (error) {
      if (error instanceof PropensityError) throw new WritebackError('UNKNOWN_RUN', error.message);
      throw error;
    }
    if (runId === undefined) runId = answers[0].runId;
    else if (answers[0].runId !== runId) throw new WritebackError('STATE_MISMATCH', `the served run changed from ${runId} to ${answers[0].runId} during the export; run it again`);
    for (const answer of answers) {
      heap.push(users, answer.probability);
      held.set(users, answer);
      users++;
    }
    if (held.size > 2 * options.top) {
      const kept = new Map<number, PropensityAnswer>();
      for (const i of heap.result().items) kept.set(i, held.get(i) as PropensityAnswer);
      held = kept;
    }
  }
  if (runId === undefined) throw new WritebackError('UNKNOWN_RUN', 'the graph has no users to score');
  const answers = Array.from(heap.result().items, (i) => held.get(i) as PropensityAnswer);
  return { action: options.action, runId, users, answers };
}

function rowOf(answer: PropensityAnswer, rank: number): SegmentRow {
  return {
    rank,
    user_id: answer.userId,
    action: answer.action,
    probability: answer.probability,
    segment: answer.segment,
    segment_base_rate: answer.segmentBaseRate,
    run_id: answer.runId,
    as_of: answer.asOf,
    window_days: answer.windowDays,
  };
}

export interface PropensitiesExportResult {
  path: string;
  format: ExportFormat;
  action: string;
  runId: string;
  users: number;
  rows: number;
  bytes: number;
  seconds: number;
}

export async function exportPropensities(db: GraphDb, options: PropensityListOptions & { format: ExportFormat; out: string }): Promise<PropensitiesExportResult> {
  const started = performance.now();
  const list = await topPropensities(db, options);
  async function* rows(): AsyncGenerator<SegmentRow> {
    for (const [i, a] of list.answers.entries()) yield rowOf(a, i + 1);
  }
  const { rows: written, bytes } = await writeRowsFile({ columns: PROPENSITY_COLUMNS, rows: rows() }, options.format, options.out);
  return { path: options.out, format: options.format, action: list.action, runId: list.runId, users: list.users, rows: written, bytes, seconds: (performance.now() - started) / 1000 };
}

/**
 * Pushes the list in signed batches of `batchSize` rows; the key a resumed push continues after is
 * the rank. Batch ids carry the action and the list's length: `emb-…:alarm-kit:top1000:3`.
 */
export async function pushPropensities(db: GraphDb, options: PropensityListOptions & DeliveryOptions): Promise<PushResult & { users: number }> {
  const list = await topPropensities(db, options);
  const variant = `propensities:${list.action}:top${options.top}`;
  const result = await pushFeed(
    {
      runId: list.runId,
      changedSince: null,
      variant,
      batchId: (batch) => `${list.runId}:${list.action}:top${options.top}:${batch}`,
      body: { runId: list.runId, kind: 'propensities', action: list.action, top: options.top },
      page: async (after, limit) => {
        const from = after === '' ? 0 : Number(after);
        const rows = list.answers.slice(from, from + limit).map((a, i) => rowOf(a, from + i + 1));
        const next = from + rows.length;
        return { rows, next: String(next), last: next >= list.answers.length };
      },
    },
    options,
  );
  return { ...result, users: list.users };
}
