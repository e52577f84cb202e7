/**
 * Serving reads over the current embeddings run. (Being implemented: signatures are the contract
 * the API codes against.)
 */
import type { GraphDb } from '@graphrec/neo4j';
import { WritebackError } from './errors';
import type { RelatedAnswer, RelatedFilter, UserAnswer, UserFilter } from './serving-types';

/** Related items for many products in one round of queries (for DataLoader); unknown ids are absent from the map. */
export async function relatedItemsMany(_db: GraphDb, _productIds: readonly string[], _k: number, _filter?: RelatedFilter): Promise<Map<string, RelatedAnswer>> {
  throw new WritebackError('BAD_INPUT', 'relatedItemsMany: not implemented yet');
}

/** Related items of one product; NOT_FOUND for an unknown product, BAD_INPUT for k outside 1..100. */
export async function relatedItems(db: GraphDb, productId: string, k: number, filter?: RelatedFilter): Promise<RelatedAnswer> {
  const answer = (await relatedItemsMany(db, [productId], k, filter)).get(productId);
  if (!answer) throw new WritebackError('NOT_FOUND', `no product with id "${productId}"`);
  return answer;
}

/** Top-k products for a user with explanations; NOT_FOUND for an unknown user, BAD_INPUT for k outside 1..100. */
export async function recommendForUser(_db: GraphDb, _userId: string, _k: number, _filter?: UserFilter): Promise<UserAnswer> {
  throw new WritebackError('BAD_INPUT', 'recommendForUser: not implemented yet');
}

/** The given products in the user's order, best first; NOT_FOUND for an unknown user or product id (all named). */
export async function rankForUser(_db: GraphDb, _userId: string, _productIds: readonly string[]): Promise<UserAnswer> {
  throw new WritebackError('BAD_INPUT', 'rankForUser: not implemented yet');
}
