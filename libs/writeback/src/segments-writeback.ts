/**
 * Segment write-back: a segments run's Segment nodes and IN_SEGMENT memberships, in batches, every
 * write MERGE-based so a crashed write is finished by running it again for the same run id. It
 * never moves the serving flag: the caller calls completeRun once everything is written.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import { ManagedTransaction } from 'neo4j-driver';
import { WritebackError } from './errors';
import { requireRun } from './runs';

export interface SegmentInput {
  /** Stable across runs (e.g. `S03`), so deltas compare runs by it. */
  segmentId: string;
  label: string;
  size: number;
  /** Any JSON-serialisable description; stored as JSON text. */
  profile: unknown;
}

export interface MembershipInput {
  userId: string;
  segmentId: string;
  confidence: number;
}

export interface SegmentsWriteInput {
  segments: SegmentInput[];
  members: AsyncIterable<MembershipInput> | Iterable<MembershipInput>;
}

export interface SegmentsWriteOptions {
  /** Memberships per transaction (default 10,000). */
  batchSize?: number;
  onProgress?: (written: number) => void;
}

export interface SegmentsWriteResult {
  runId: string;
  segments: number;
  memberships: number;
  /** Membership rows naming a user that is not in the graph. */
  unknownUsers: number;
  batches: number;
  seconds: number;
}

export interface SegmentInfo {
  segmentId: string;
  label: string;
  size: number;
  profile: unknown;
}

export interface CurrentSegments {
  runId: string;
  segments: SegmentInfo[];
}

export interface UserSegment {
  runId: string;
  segmentId: string;
  label: string;
  confidence: number;
}

const SEGMENT_ID = /^[A-Za-z0-9_.-]{1,64}$/;

function checkSegments(segments: SegmentInput[]): Set<string> {
  const ids = new Set<string>();
  for (const s of segments) {
    if (typeof s.segmentId !== 'string' || !SEGMENT_ID.test(s.segmentId)) {
      throw new WritebackError('BAD_INPUT', `segment id "${String(s.segmentId)}" must be 1-64 letters, digits, '_', '.' or '-'`);
    }
    if (ids.has(s.segmentId)) throw new WritebackError('BAD_INPUT', `segment id "${s.segmentId}" appears twice`);
    if (!Number.isInteger(s.size) || s.size < 0) throw new WritebackError('BAD_INPUT', `segment "${s.segmentId}": size must be an integer >= 0`);
    ids.add(s.segmentId);
  }
  return ids;
}

function checkMember(m: MembershipInput, segmentIds: Set<string>): void {
  if (typeof m.userId !== 'string' || !m.userId) throw new WritebackError('BAD_INPUT', `membership without a user id: ${JSON.stringify(m)}`);
  if (!segmentIds.has(m.segmentId)) throw new WritebackError('BAD_INPUT', `user "${m.userId}" is assigned to unknown segment "${m.segmentId}"`);
  if (typeof m.confidence !== 'number' || !Number.isFinite(m.confidence)) {
    throw new WritebackError('BAD_INPUT', `user "${m.userId}": confidence must be a finite number`);
  }
}

/** Inside each write transaction, so a run that was failed or pruned meanwhile gets nothing more. */
async function assertWriting(tx: ManagedTransaction, runId: string): Promise<void> {
  const check = await tx.run(cypher('writeback/segments-run-check'), { runId });
  if (!check.records.length) throw new WritebackError('RUN_NOT_WRITING', `run "${runId}" is not a writing segments run`);
}

export async function writeSegments(db: GraphDb, runId: string, input: SegmentsWriteInput, options: SegmentsWriteOptions = {}): Promise<SegmentsWriteResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 10_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new WritebackError('BAD_INPUT', `batchSize must be an integer >= 1, got ${batchSize}`);
  const run = await requireRun(db, runId, 'segments');
  if (run.status !== 'writing') throw new WritebackError('RUN_NOT_WRITING', `run "${runId}" is ${run.status}; segments are written only into a writing run`);
  const segmentIds = checkSegments(input.segments);
  const segments = input.segments.map((s) => ({ segmentId: s.segmentId, label: String(s.label), size: s.size, profile: JSON.stringify(s.profile ?? null) }));
  await db.write(async (tx) => {
    await assertWriting(tx, runId);
    await tx.run(cypher('writeback/segments-write'), { runId, segments });
  });

  let memberships = 0;
  let unknownUsers = 0;
  let batches = 0;
  let batch: MembershipInput[] = [];
  const flush = async (): Promise<void> => {
    if (!batch.length) return;
    const rows = batch.map((m) => ({ userId: m.userId, segmentId: m.segmentId, confidence: m.confidence }));
    batch = [];
    const written = await db.write(async (tx) => {
      await assertWriting(tx, runId);
      const result = await tx.run(cypher('writeback/segments-members'), { runId, rows });
      return Number(result.records[0]?.get('written') ?? 0);
    });
    memberships += written;
    unknownUsers += rows.length - written;
    batches++;
    options.onProgress?.(memberships);
  };
  for await (const member of input.members) {
    checkMember(member, segmentIds);
    batch.push(member);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { runId, segments: segments.length, memberships, unknownUsers, batches, seconds: (performance.now() - started) / 1000 };
}

/** Segments of the current segments run, by segment id; undefined when no run is current yet. */
export async function currentSegments(db: GraphDb): Promise<CurrentSegments | undefined> {
  const rows = await db.read<{ runId: string; segmentId: string; label: string; size: number; profile: string | null }>(cypher('writeback/segments-current'));
  if (!rows.length) return undefined;
  return {
    runId: rows[0].runId,
    segments: rows.filter((r) => r.segmentId !== null).map((r) => ({ segmentId: r.segmentId, label: r.label, size: r.size, profile: r.profile === null ? null : JSON.parse(r.profile) })),
  };
}

/** The user's segment in the current run; undefined when the user has none there (or no run is current). */
export async function userSegment(db: GraphDb, userId: string): Promise<UserSegment | undefined> {
  const [row] = await db.read<UserSegment>(cypher('writeback/segments-user'), { userId });
  return row;
}
