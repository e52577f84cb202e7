/**
 * Fills the answer cache after a generation change (start, a new run published): every user's
 * ranker answer for the default filter at `k`, a page of users per read, in id order, until the
 * cache is full. Without it the first request of each user would pay the read — and a load that
 * spreads over the whole population (as real traffic and bench:api do) would mostly miss.
 *
 * Only the ranker path is warmed: its answer is a pure function of one batched read and the
 * model held in process. The embeddings path needs a vector search per user; it is cached as
 * requests come. A warm-up stops early when the generation changes under it (its tickets are void
 * then; the next generation starts its own) or when `signal` aborts.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import { AnswerCache, answerKey } from './answer-cache';
import { rankerRecommendMany, readRankerUsers } from './ranker-serving';

/** A page of known user ids after `after` (id order; stubs left out): the one reader for every pass over all users (warm-ups, batch exports). */
export async function readUserIdsPage(db: GraphDb, after: string, n: number): Promise<string[]> {
  return (await db.read<{ id: string }>(cypher('serving/user-ids-page'), { after, n: neo4j.int(n) })).map((r) => r.id);
}

export interface WarmUpOptions {
  k: number;
  /** Users per read (default 500). */
  pageSize?: number;
  /** At most this many users (default: until the cache is full). */
  maxUsers?: number;
  signal?: AbortSignal;
}

export interface WarmUpResult {
  users: number;
  seconds: number;
  /** Why it ended: all users done, cache full, no ranker on the served run, superseded or aborted. */
  ended: 'done' | 'full' | 'no-ranker' | 'superseded' | 'aborted';
}

/**
 * The ranker answers of these users at `k` (default filter), one read and one batched scoring;
 * returns how many were stored, or null when the served run has no ranker. A user changed while
 * it runs is not stored (tickets taken before the read: answer-cache.ts).
 */
export async function warmUsers(db: GraphDb, cache: AnswerCache, ids: readonly string[], k: number): Promise<number | null> {
  const key = answerKey(k);
  const tickets = new Map(ids.map((id) => [id, cache.begin(id)]));
  const rows = await readRankerUsers(db, ids);
  let stored = 0;
  for (const [i, answer] of rankerRecommendMany(rows, k, {}).entries()) {
    if (!answer) return null;
    if (cache.store(tickets.get(rows[i].userId)!, key, answer)) stored++;
  }
  return stored;
}

const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function warmUpAnswers(db: GraphDb, cache: AnswerCache, options: WarmUpOptions): Promise<WarmUpResult> {
  const started = performance.now();
  const pageSize = options.pageSize ?? 500;
  const limit = cache.enabled ? (options.maxUsers ?? Infinity) : 0;
  const generation = cache.generation;
  let users = 0;
  let after = '';
  const done = (ended: WarmUpResult['ended']): WarmUpResult => ({ users, seconds: (performance.now() - started) / 1000, ended });
  for (;;) {
    if (options.signal?.aborted) return done('aborted');
    if (cache.generation !== generation) return done('superseded');
    if (users >= limit) return done('full');
    const ids = await readUserIdsPage(db, after, pageSize);
    if (!ids.length) return done('done');
    after = ids[ids.length - 1];
    const stored = await warmUsers(db, cache, ids, options.k);
    if (stored === null) return done('no-ranker');
    users += stored;
    if (cache.stats().users >= cache.capacity) return done('full');
    await yieldToRequests();
  }
}
