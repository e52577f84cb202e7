import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDb } from '@graphrec/neo4j';
import { MAX_EXPORT_WORKERS, parseShard, readUserIdsFile, recommendationFeed, shardOf } from './recommendations';

describe('recommendations export: shards and user files', () => {
  it('refuses a worker count outside 1..MAX_EXPORT_WORKERS before asking the database anything', async () => {
    // Never called: the options are checked first (a call would throw on the empty object).
    const db = {} as GraphDb;
    for (const workers of [0, -1, 1.5, MAX_EXPORT_WORKERS + 1]) {
      await expect(recommendationFeed(db, { k: 10, workers })).rejects.toEqual(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });

  it('parses i/n and refuses anything else with BAD_INPUT', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1', '-1/2', '1/20000']) {
      expect(() => parseShard(bad)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });

  it('puts every id in exactly one shard, stably, and spreads ids over all shards', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `U${String(i).padStart(7, '0')}`);
    const counts = [0, 0, 0, 0];
    for (const id of ids) {
      const s = shardOf(id, 4);
      expect(s).toBeGreaterThanOrEqual(1);
      expect(s).toBeLessThanOrEqual(4);
      expect(shardOf(id, 4)).toBe(s);
      counts[s - 1]++;
    }
    // Sequential ids must not land in one shard: each gets a fair share (1,000 expected).
    expect(Math.min(...counts)).toBeGreaterThan(800);
  });

  it('reads ids one per line or from a CSV first column, sorted and without repeats', () => {
    const dir = mkdtempSync(join(tmpdir(), 'graphrec-users-'));
    const file = join(dir, 'users.csv');
    writeFileSync(file, 'user_id,email\r\nU2,a@x\r\n"U1",b@x\r\n\r\nU2,c@x\r\n');
    expect(readUserIdsFile(file)).toEqual(['U1', 'U2']);
    writeFileSync(file, 'U1\nbad id\n');
    expect(() => readUserIdsFile(file)).toThrow(/line 2/);
    expect(() => readUserIdsFile(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
