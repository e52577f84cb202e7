import { attachExternalStates, clearRankerSequence, rankerSequenceScores, useRankerSessionStates } from './ranker-sequence';

const row = (userId: string, sequence: string | null, sessionState: string | null) => ({ userId, runId: 'run-1', sequence, sessionState });

describe('the ranker’s seq_* at serving', () => {
  afterEach(() => {
    useRankerSessionStates(undefined);
    clearRankerSequence();
  });

  it('reads states from the registered store only for rows whose run has a sequence model, in one call', async () => {
    const asked: string[][] = [];
    useRankerSessionStates({
      readMany: async (ids) => {
        asked.push([...ids]);
        return new Map(ids.map((id) => [id, { state: `state-of-${id}`, version: 1 }]));
      },
    });
    const rows = await attachExternalStates([row('a', '{}', 'neo4j-copy'), row('b', null, null), row('c', '{}', null)]);
    expect(asked).toEqual([['a', 'c']]);
    expect(rows.map((r) => r.sessionState)).toEqual(['state-of-a', null, 'state-of-c']);
  });

  it('leaves rows as read without a registered store, and reads the feature as missing when the store fails', async () => {
    const rows = [row('a', '{}', 'from-neo4j')];
    expect(await attachExternalStates(rows)).toBe(rows);
    useRankerSessionStates({ readMany: async () => Promise.reject(new Error('redis away')) });
    expect((await attachExternalStates(rows))[0].sessionState).toBeNull();
  });

  it('no sequence model, no state or unloadable files: no feature (the trees’ missing value), never an error', () => {
    expect(rankerSequenceScores(row('a', null, 'x'), ['p'])).toBeNull();
    expect(rankerSequenceScores(row('a', '{}', null), ['p'])).toBeNull();
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(rankerSequenceScores(row('a', JSON.stringify({ path: '/nonexistent', weightsSha256: '00' }), 'x'), ['p'])).toBeNull();
      expect(warn).toHaveBeenCalledTimes(1);
      // Remembered per record: not retried (and warned) on every request.
      expect(rankerSequenceScores(row('b', JSON.stringify({ path: '/nonexistent', weightsSha256: '00' }), 'y'), ['p'])).toBeNull();
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
