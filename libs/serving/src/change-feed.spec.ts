import type { GraphDb } from '@graphrec/neo4j';
import { AnswerCache } from './answer-cache';
import { ChangeFeed, ChangeFollower } from './change-feed';

/** A stand-in for the feed's one read: each poll answers the next row given. */
function fakeDb(rows: object[]) {
  return { read: async () => [rows.shift()] } as unknown as GraphDb;
}

const row = (users: [string, number][], runId = 'run-1', now = 10_000) => ({ runId, ranker: null, segmentsRunId: 'seg-1', users, productsChangedAt: null, now });

describe('ChangeFeed followers', () => {
  it('invalidates each changed user in the cache and in every follower, and flushes followers on a new generation or a bulk load', async () => {
    const events: string[] = [];
    const follower: ChangeFollower = { invalidate: (u) => events.push(`invalidate ${u}`), flush: () => events.push('flush') };
    const cache = new AnswerCache({ maxUsers: 10 });
    const feed = new ChangeFeed(fakeDb([row([]), row([['u1', 9_000]]), row([['u1', 9_000]]), row([], 'run-2'), row([['a', 1], ['b', 1], ['c', 1]], 'run-2')]), cache, { pollMs: 1000, overlapMs: 5000, maxChanges: 2 });
    feed.follow(follower);
    await feed.poll(); // first poll: the generation is learnt; what changed before it is unknown
    expect(events).toEqual(['flush']);
    cache.store(cache.begin('u1'), 'k', { userId: 'u1', runId: 'run-1', strategy: 'ranker', items: [] });
    await feed.poll();
    expect(events).toEqual(['flush', 'invalidate u1']);
    expect(cache.get('u1', 'k')).toBeUndefined();
    await feed.poll(); // the same change again (overlap window): acted on once
    expect(events).toEqual(['flush', 'invalidate u1']);
    await feed.poll(); // a new run
    expect(events).toEqual(['flush', 'invalidate u1', 'flush']);
    await feed.poll(); // more changed users than maxChanges
    expect(events).toEqual(['flush', 'invalidate u1', 'flush', 'flush']);
  });
});
