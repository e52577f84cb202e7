import { GraphDb } from '@graphrec/neo4j';
import { completeRun, currentRun, currentSegments, failRun, listRuns, MembershipInput, pruneRuns, recordPropensity, recordRanker, recordSequenceModel, startRun, userSegment, writeSegments, WritebackError } from '@graphrec/writeback';
import { count, graphDigest, resetDb, testDb } from '../support/db';

const USERS = 200;
const userId = (i: number) => `wb-u${String(i).padStart(4, '0')}`;
const segments = [
  { segmentId: 'S01', label: 'Doorbell first', size: 0, profile: { topCategory: 'video_doorbell' } },
  { segmentId: 'S02', label: 'Alarm, "pro"', size: 0, profile: { topCategory: 'alarm_base_station', share: 0.4 } },
];

function* members(shift = 0, from = 0, to = USERS): Iterable<MembershipInput> {
  for (let i = from; i < to; i++) yield { userId: userId(i), segmentId: (i + shift) % 2 ? 'S02' : 'S01', confidence: 0.5 + (i % 5) / 10 };
}

describe('segment write-back and the serving switch (real Neo4j)', () => {
  let db: GraphDb;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    await db.run("UNWIND range(0, $n - 1) AS i CREATE (:User {id: 'wb-u' + right('000' + toString(i), 4)})", { n: USERS });
  });
  afterAll(() => db.close());

  let first: string;

  it('writes a run that is not served until it is complete', async () => {
    first = await startRun(db, 'segments', { resolution: 1 });
    expect(first).toMatch(/^seg-\d{8}T\d{6}Z-[0-9a-f]{4}$/);
    const unknown = { userId: 'nobody', segmentId: 'S01', confidence: 1 };
    const result = await writeSegments(db, first, { segments, members: [...members(), unknown] }, { batchSize: 64 });
    expect(result).toMatchObject({ segments: 2, memberships: USERS, unknownUsers: 1, batches: 4 });
    expect(await currentRun(db, 'segments')).toBeUndefined();
    expect(await currentSegments(db)).toBeUndefined();
    expect(await userSegment(db, userId(1))).toBeUndefined();
    expect((await listRuns(db, 'segments'))[0]).toMatchObject({ id: first, status: 'writing', current: false, params: { resolution: 1 } });

    await completeRun(db, first, { modularity: 0.41 });
    const served = await currentRun(db, 'segments');
    expect(served).toMatchObject({ id: first, status: 'complete', current: true, metrics: { modularity: 0.41 } });
    expect(served?.finishedAt).toBeDefined();
    const current = await currentSegments(db);
    expect(current?.runId).toBe(first);
    expect(current?.segments.map((s) => [s.segmentId, s.label, s.profile])).toEqual(segments.map((s) => [s.segmentId, s.label, s.profile]));
    expect(await userSegment(db, userId(1))).toEqual({ runId: first, segmentId: 'S02', label: 'Alarm, "pro"', confidence: 0.6 });
    expect(await count(db, 'MATCH ()-[m:IN_SEGMENT {runId: $id}]->() RETURN count(m) AS n', { id: first })).toBe(USERS);
  });

  it('refuses to write into or complete a run that is not writing', async () => {
    await expect(writeSegments(db, first, { segments, members: [] })).rejects.toMatchObject({ code: 'RUN_NOT_WRITING' });
    await expect(completeRun(db, 'seg-20000101T000000Z-0000')).rejects.toMatchObject({ code: 'UNKNOWN_RUN' });
    await expect(completeRun(db, first)).resolves.toMatchObject({ id: first, current: true }); // a retry is harmless
  });

  it('a rerun of the same run id after a crash changes nothing it already wrote', async () => {
    const run = await startRun(db, 'segments', {});
    await writeSegments(db, run, { segments, members: members(1, 0, 120) }, { batchSize: 50 }); // "crashed" after 120 users
    await writeSegments(db, run, { segments, members: members(1) }, { batchSize: 50 });
    const once = await graphDigest(db);
    await writeSegments(db, run, { segments, members: members(1) }, { batchSize: 33 });
    expect(await graphDigest(db)).toBe(once);
    expect(await count(db, 'MATCH ()-[m:IN_SEGMENT {runId: $run}]->() RETURN count(m) AS n', { run })).toBe(USERS);
    expect(await count(db, 'MATCH (s:Segment {runId: $run}) RETURN count(s) AS n', { run })).toBe(2);
    // A rerun that assigns a user elsewhere moves them: one segment per user per run.
    await writeSegments(db, run, { segments, members: [{ userId: userId(0), segmentId: 'S01', confidence: 0.9 }] });
    expect(await count(db, 'MATCH (:User {id: $u})-[m:IN_SEGMENT {runId: $run}]->() RETURN count(m) AS n', { u: userId(0), run })).toBe(1);
    await completeRun(db, run, {});
    expect((await currentRun(db, 'segments'))?.id).toBe(run);
    expect(await count(db, "MATCH (r:Run {kind: 'segments', current: true}) RETURN count(r) AS n")).toBe(1);
    expect((await userSegment(db, userId(0)))?.segmentId).toBe('S01');
    expect((await userSegment(db, userId(2)))?.segmentId).toBe('S02');
  });

  it('a run killed halfway stays writing, is never served, and is pruned once a newer run is current', async () => {
    const killed = await startRun(db, 'segments', {});
    await writeSegments(db, killed, { segments, members: members(0, 0, 80) });
    const failed = await startRun(db, 'segments', {});
    await failRun(db, failed, 'louvain ran out of memory');
    const servedBefore = (await currentRun(db, 'segments'))?.id;
    expect(servedBefore).not.toBe(killed);
    expect((await userSegment(db, userId(3)))?.runId).toBe(servedBefore);

    const third = await startRun(db, 'segments', {});
    await writeSegments(db, third, { segments, members: members() });
    await completeRun(db, third, {});
    const runsBefore = await listRuns(db, 'segments');
    expect(runsBefore.map((r) => r.status)).toEqual(['complete', 'failed', 'writing', 'complete', 'complete']);

    const pruned = await pruneRuns(db, 'segments', 2, { batchSize: 50 });
    expect(pruned.deleted.sort()).toEqual([first, killed, failed].sort());
    expect(pruned.removed).toBe(USERS + 2 + 80 + 2);
    const left = await listRuns(db, 'segments');
    expect(left).toHaveLength(2);
    expect(left[0]).toMatchObject({ id: third, current: true });
    for (const gone of [first, killed]) {
      expect(await count(db, 'MATCH (s:Segment {runId: $id}) RETURN count(s) AS n', { id: gone })).toBe(0);
      expect(await count(db, 'MATCH ()-[m:IN_SEGMENT {runId: $id}]->() RETURN count(m) AS n', { id: gone })).toBe(0);
    }
    expect(await count(db, 'MATCH (u:User) RETURN count(u) AS n')).toBe(USERS);

    // Retention keeps N: with keep 1 only the current run survives.
    const again = await pruneRuns(db, 'segments', 1);
    expect(again.deleted).toHaveLength(1);
    expect((await listRuns(db, 'segments')).map((r) => r.id)).toEqual([third]);
    expect(await count(db, 'MATCH ()-[m:IN_SEGMENT]->() RETURN count(m) AS n')).toBe(USERS);
    await expect(pruneRuns(db, 'segments', 0)).rejects.toBeInstanceOf(WritebackError);
  });
});

describe('models recorded on one embeddings run at once (real Neo4j)', () => {
  let db: GraphDb;
  beforeAll(() => {
    db = testDb();
  });
  afterAll(() => db.close());

  it('ranker, propensity and sequence recorded concurrently each keep their figures in the run metrics', async () => {
    const run = await startRun(db, 'embeddings', {});
    await completeRun(db, run, { validation: 0.5 });
    // The daily flow's branches record on the same run from two processes; here three drivers at
    // once, several rounds, so an unlocked read-modify-write would lose a key in some round.
    const drivers = [testDb(), testDb(), testDb()];
    try {
      for (let round = 0; round < 5; round++) {
        await Promise.all([
          recordRanker(drivers[0], run, { path: '/models/r', trainedAt: new Date().toISOString(), metrics: { ndcg: round } }),
          recordPropensity(drivers[1], run, { trainedAt: new Date().toISOString(), asOf: new Date().toISOString(), actions: {} }),
          recordSequenceModel(drivers[2], run, { path: '/models/s', kind: 'hrnn', trainedAt: new Date().toISOString(), weightsSha256: '0'.repeat(64), gapMs: 1_800_000, itemTypes: ['view'], metrics: { hit: round } }),
        ]);
        const metrics = (await listRuns(db, 'embeddings')).find((r) => r.id === run)?.metrics as Record<string, unknown>;
        expect(metrics).toMatchObject({ validation: 0.5, ranker: { ndcg: round }, propensity: {}, sequence: { hit: round } });
      }
    } finally {
      await Promise.all(drivers.map((d) => d.close()));
    }
  });
});
