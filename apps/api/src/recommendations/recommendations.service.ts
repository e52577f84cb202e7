/** Serving reads (libs/writeback) with the API's argument checks, mapped to the GraphQL types. */
import { Inject, Injectable } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { rankForUser, recommendForUser, RelatedAnswer, relatedItems, ScoredItem as ServedItem, UserAnswer } from '@graphrec/serving';
import { ApiConfig } from '../config/config';
import { ApiError } from '../common/errors';
import { withoutNulls } from '../common/clean';
import { externalId, pageSize } from '../common/pagination';
import { API_CONFIG, GRAPH_DB } from '../common/tokens';
import { RecommendationFilterInput, RecommendationResult, RelatedFilterInput, RelatedItemsResult, ScoredItem } from '../graphql/models';

export function toScoredItem(item: ServedItem): ScoredItem {
  return Object.assign(new ScoredItem(), {
    productId: item.productId,
    served: { name: item.name, category: item.category },
    score: item.score,
    rank: item.rank,
    explanation: item.explanation,
    evidence: item.evidence,
  });
}

export function toRelatedResult(answer: RelatedAnswer): RelatedItemsResult {
  return Object.assign(new RelatedItemsResult(), { productId: answer.productId, runId: answer.runId, items: answer.items.map(toScoredItem) });
}

function toUserResult(answer: UserAnswer): RecommendationResult {
  return Object.assign(new RecommendationResult(), { userId: answer.userId, runId: answer.runId, strategy: answer.strategy, items: answer.items.map(toScoredItem) });
}

const MAX_RANK_IDS = 100;

@Injectable()
export class RecommendationsService {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  k(value: number | null | undefined, fallback: number): number {
    return pageSize('k', value, fallback, this.config.limits.maxPageSize);
  }

  async relatedItems(productId: string, k: number | undefined, filter: RelatedFilterInput | undefined): Promise<RelatedItemsResult> {
    const answer = await relatedItems(this.db, externalId('productId', productId), this.k(k, 10), withoutNulls(filter));
    return toRelatedResult(answer);
  }

  async recommendations(userId: string, k: number | undefined, filter: RecommendationFilterInput | undefined): Promise<RecommendationResult> {
    const answer = await recommendForUser(this.db, externalId('userId', userId), this.k(k, 10), withoutNulls(filter));
    return toUserResult(answer);
  }

  async rank(userId: string, productIds: string[]): Promise<RecommendationResult> {
    if (!productIds.length) throw new ApiError('BAD_USER_INPUT', 'productIds must name at least one product', { argument: 'productIds' });
    if (productIds.length > MAX_RANK_IDS) throw new ApiError('BAD_USER_INPUT', `productIds may name at most ${MAX_RANK_IDS} products`, { argument: 'productIds' });
    productIds.forEach((id) => externalId('productIds', id));
    return toUserResult(await rankForUser(this.db, externalId('userId', userId), productIds));
  }
}
