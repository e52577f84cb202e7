/**
 * Recommendations and related items through the answer cache (answer-cache.ts): a held answer
 * costs no read; a miss reads as recommendForUser / relatedItemsMany do and keeps the answer unless
 * its user changed (or the generation did) meanwhile.
 */
import { GraphDb } from '@graphrec/neo4j';
import { WritebackError } from '@graphrec/writeback';
import { AnswerCache, answerKey, CacheTicket, relatedKey } from './answer-cache';
import type { RankerServingOptions } from './ranker-serving';
import { checkIds, checkK, recommendForUser, relatedItemsMany } from './serving';
import type { RelatedAnswer, RelatedFilter, UserAnswer, UserFilter } from './serving-types';

export async function recommendCached(db: GraphDb, cache: AnswerCache, userId: string, k: number, filter: UserFilter = {}, options: RankerServingOptions = {}): Promise<UserAnswer> {
  const key = answerKey(k, filter);
  const held = cache.get(userId, key);
  if (held) return held;
  const ticket = cache.begin(userId);
  const answer = await recommendForUser(db, userId, k, filter, options);
  cache.store(ticket, key, answer);
  return answer;
}

/** relatedItemsMany through the cache: one read for the products not held (none when all are); unknown ids are absent. */
export async function relatedManyCached(db: GraphDb, cache: AnswerCache, productIds: readonly string[], k: number, filter: RelatedFilter = {}): Promise<Map<string, RelatedAnswer>> {
  checkK(k);
  const answers = new Map<string, RelatedAnswer>();
  const missing = new Map<string, CacheTicket>();
  for (const id of checkIds(productIds, 'product ids')) {
    const key = relatedKey(id, k, filter);
    const held = cache.getRelated(key);
    if (held) answers.set(id, held);
    else missing.set(id, cache.beginRelated(key));
  }
  if (!missing.size) return answers;
  const read = await relatedItemsMany(db, [...missing.keys()], k, filter);
  for (const [id, answer] of read) {
    answers.set(id, answer);
    cache.storeRelated(missing.get(id)!, answer);
  }
  return answers;
}

/** Related items of one product through the cache; NOT_FOUND for an unknown product (never cached), BAD_INPUT for a bad k. */
export async function relatedCached(db: GraphDb, cache: AnswerCache, productId: string, k: number, filter?: RelatedFilter): Promise<RelatedAnswer> {
  // The common case first: a held answer (only a valid id and k were ever stored) with no list or map built around it.
  const held = cache.getRelated(relatedKey(productId, k, filter));
  if (held) return held;
  const answer = (await relatedManyCached(db, cache, [productId], k, filter)).get(productId);
  if (!answer) throw new WritebackError('NOT_FOUND', `no product with id "${productId}"`);
  return answer;
}
