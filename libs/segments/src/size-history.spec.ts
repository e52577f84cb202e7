import { appendSizeHistory, readSizeHistory, SegmentSizeEntry, sizeSeries } from './size-history';

const entry = (runId: string, sizes: Record<string, number>): SegmentSizeEntry => ({ runId, at: `2026-12-0${runId.slice(-1)}T03:00:00.000Z`, sizes });

describe('segment size history', () => {
  it('reads the history from a run metrics object, dropping malformed entries', () => {
    const good = entry('seg-1', { S01: 10, S02: 5 });
    expect(readSizeHistory({ sizeHistory: [good, { runId: 'x' }, { ...good, sizes: { S01: -1 } }, { ...good, sizes: { S01: 1.5 } }, null] })).toEqual([good]);
    expect(readSizeHistory({ users: 3 })).toEqual([]);
    expect(readSizeHistory(undefined)).toEqual([]);
    expect(readSizeHistory({ sizeHistory: 'no' })).toEqual([]);
  });

  it('appends, replaces a retried run and keeps the newest `max` runs', () => {
    let history: SegmentSizeEntry[] = [];
    for (let i = 1; i <= 5; i++) history = appendSizeHistory(history, entry(`seg-${i}`, { S01: i }), 3);
    expect(history.map((e) => e.runId)).toEqual(['seg-3', 'seg-4', 'seg-5']);
    history = appendSizeHistory(history, entry('seg-5', { S01: 50 }), 3);
    expect(history.map((e) => [e.runId, e.sizes.S01])).toEqual([
      ['seg-3', 3],
      ['seg-4', 4],
      ['seg-5', 50],
    ]);
  });

  it("gives one segment's sizes over runs, leaving out runs where it did not exist", () => {
    const history = [entry('seg-1', { S01: 10, S02: 5 }), entry('seg-2', { S01: 12 }), entry('seg-3', { S01: 9, S02: 7 })];
    expect(sizeSeries(history, 'S02')).toEqual([
      { runId: 'seg-1', at: history[0].at, size: 5 },
      { runId: 'seg-3', at: history[2].at, size: 7 },
    ]);
    expect(sizeSeries(history, 'S09')).toEqual([]);
  });
});
