import { generateWorld } from '@graphrec/datagen';
import { ingest } from '@graphrec/ingest';
import { GraphDb } from '@graphrec/neo4j';
import { currentRun, listRuns } from '@graphrec/writeback';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { count, resetDb, tempDir, testDb } from '../support/db';

interface SegmentRun {
  runId: string;
  users: number;
  segments: { segmentId: string; label: string; size: number }[];
  vsPrevious: { ari: number; moved: number } | null;
  sizeHistory: { runId: string; at: string; sizes: Record<string, number> }[];
}

const sizesOf = (run: SegmentRun) => Object.fromEntries(run.segments.map((s) => [s.segmentId, s.size]));

describe('graphrec segment and export segments (real CLI, real Neo4j)', () => {
  let db: GraphDb;
  let dir: string;
  beforeAll(async () => {
    db = testDb();
    await resetDb(db);
    dir = tempDir('segment');
    await generateWorld({ users: 1000, seed: 21, outDir: dir });
    await ingest(db, [dir]);
  });
  afterAll(() => db.close());

  let first: SegmentRun;
  let auto: SegmentRun;

  it('segments every user, writes the run and serves it', async () => {
    const result = await runCli(['segment', '--json']);
    expect(result.code).toBe(0);
    first = JSON.parse(result.stdout) as SegmentRun;
    expect(first.users).toBe(1000);
    expect(first.segments.length).toBeGreaterThan(2);
    expect(first.segments.reduce((n, s) => n + s.size, 0)).toBe(1000);
    expect(new Set(first.segments.map((s) => s.label)).size).toBe(first.segments.length);
    expect((await currentRun(db, 'segments'))?.id).toBe(first.runId);
    expect(first.sizeHistory).toEqual([{ runId: first.runId, at: expect.any(String), sizes: sizesOf(first) }]);
    expect(await count(db, 'MATCH (:User)-[m:IN_SEGMENT {runId: $runId}]->(:Segment) RETURN count(m) AS n', { runId: first.runId })).toBe(1000);
  });

  it('without an embeddings run: auto says why it uses the projection, combined and embeddings refuse', async () => {
    const autoRun = await runCli(['segment', '--json']);
    expect(autoRun.code).toBe(0);
    auto = JSON.parse(autoRun.stdout) as SegmentRun;
    expect(autoRun.stderr).toContain('segmenting the user–product projection: no embeddings run yet (graphrec train)');
    for (const graph of ['combined', 'embeddings']) {
      const refused = await runCli(['segment', '--graph', graph]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('cannot segment on embeddings: no embeddings run yet (graphrec train)');
    }
    const bad = await runCli(['segment', '--graph', 'spectral']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Allowed choices are auto, combined, embeddings, projection/);
  });

  it('keeps segment ids stable on a rerun and reports the agreement', async () => {
    const result = await runCli(['segment', '--json']);
    expect(result.code).toBe(0);
    const second = JSON.parse(result.stdout) as SegmentRun;
    expect(second.runId).not.toBe(first.runId);
    expect(second.vsPrevious).toMatchObject({ ari: 1, moved: 0 });
    expect(second.segments.map((s) => s.segmentId).sort()).toEqual(first.segments.map((s) => s.segmentId).sort());
    expect((await listRuns(db, 'segments')).filter((r) => r.current).map((r) => r.id)).toEqual([second.runId]);
    // Sizes over runs carried forward run to run (the first run is pruned from the graph by now or soon; its sizes stay).
    expect(second.sizeHistory.map((e) => [e.runId, e.sizes])).toEqual([
      [first.runId, sizesOf(first)],
      [auto.runId, sizesOf(auto)],
      [second.runId, sizesOf(second)],
    ]);
  });

  it('exports the served run as CSV for the CRM, and an empty delta when nothing moved', async () => {
    const out = join(dir, 'segments.csv');
    const full = await runCli(['export', 'segments', '--out', out, '--attributes', 'home_type']);
    expect(full.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe('user_id,segment_id,segment_label,confidence,run_id,updated_at,home_type');
    expect(lines).toHaveLength(1001);
    const delta = join(dir, 'delta.jsonl');
    const changed = await runCli(['export', 'segments', '--format', 'jsonl', '--out', delta, '--changed-since', first.runId]);
    expect(changed.code).toBe(0);
    expect(readFileSync(delta, 'utf8')).toBe('');
  });

  it('refuses bad export arguments with a clear message and no file', async () => {
    const unknown = await runCli(['export', 'segments', '--out', join(dir, 'x.csv'), '--changed-since', 'no-such-run']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('run "no-such-run" does not exist');
    const noSecret = await runCli(['export', 'segments', '--webhook', 'http://127.0.0.1:9/x']);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('--secret');
  });
});
