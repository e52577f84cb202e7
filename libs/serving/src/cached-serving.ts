/**
 * Recommendations through the answer cache (answer-cache.ts): a held answer costs no read; a miss
 * reads as recommendForUser does and keeps the answer unless its user changed meanwhile.
 */
import { GraphDb } from '@graphrec/neo4j';
import { AnswerCache, answerKey } from './answer-cache';
import type { RankerServingOptions } from './ranker-serving';
import { recommendForUser } from './serving';
import type { UserAnswer, UserFilter } from './serving-types';

export async function recommendCached(db: GraphDb, cache: AnswerCache, userId: string, k: number, filter: UserFilter = {}, options: RankerServingOptions = {}): Promise<UserAnswer> {
  const key = answerKey(k, filter);
  const held = cache.get(userId, key);
  if (held) return held;
  const ticket = cache.begin(userId);
  const answer = await recommendForUser(db, userId, k, filter, options);
  cache.store(ticket, key, answer);
  return answer;
}
