import { newRunId, planPrune, RunInfo } from './runs';

const run = (id: string, startedAt: string, status: RunInfo['status'], current = false): RunInfo => ({ id, kind: 'segments', status, current, startedAt, params: {} });

describe('run ids', () => {
  it('carry the kind prefix and the UTC start second, and sort by time', () => {
    const a = newRunId('segments', new Date('2026-11-29T03:15:00.123Z'));
    expect(a).toMatch(/^seg-20261129T031500Z-[0-9a-f]{4}$/);
    expect(newRunId('embeddings', new Date('2026-11-29T03:15:01Z')) > 'emb-20261129T031500Z-ffff').toBe(true);
  });
});

describe('planPrune', () => {
  const runs = [
    run('r1', '2026-01-01T00:00:00Z', 'complete'),
    run('r2', '2026-01-02T00:00:00Z', 'failed'),
    run('r3', '2026-01-03T00:00:00Z', 'complete'),
    run('r4', '2026-01-04T00:00:00Z', 'writing'),
    run('r5', '2026-01-05T00:00:00.5Z', 'complete', true),
    run('r6', '2026-01-06T00:00:00.25Z', 'writing'),
    run('r0', '2025-12-31T00:00:00Z', 'pruning'),
  ];
  const ids = (keep: number) => planPrune(runs, keep).map((r) => r.id).sort();

  it('keeps the newest complete runs and the current one, drops garbage older than the current', () => {
    expect(ids(2)).toEqual(['r0', 'r1', 'r2', 'r4']);
    expect(ids(1)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(ids(5)).toEqual(['r0', 'r2', 'r4']);
  });

  it('never drops the current run, even when newer complete runs exist', () => {
    const older = [run('a', '2026-01-01T00:00:00Z', 'complete', true), run('b', '2026-01-02T00:00:00Z', 'complete'), run('c', '2026-01-03T00:00:00Z', 'complete')];
    expect(planPrune(older, 1).map((r) => r.id)).toEqual(['b']);
  });

  it('keeps writing runs when nothing is current, and refuses keep < 1', () => {
    expect(planPrune([run('w', '2026-01-01T00:00:00Z', 'writing')], 1)).toEqual([]);
    expect(() => planPrune(runs, 0)).toThrow(/keep/);
  });
});
