/** Serving reads (libs/serving) mapped to the GraphQL types; arguments arrive checked (recommendations.args.ts). */
import { Inject, Injectable } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { rankForUser, RelatedAnswer, RelatedFilter, relatedItems, ScoredItem as ServedItem, UserAnswer, UserFilter } from '@graphrec/serving';
import { GRAPH_DB } from '../common/tokens';
import { RecommendationResult, RelatedItemsResult, ScoredItem } from '../graphql/models';
import { SessionsService } from '../sessions/sessions.service';

export function toScoredItem(item: ServedItem): ScoredItem {
  return Object.assign(new ScoredItem(), {
    productId: item.productId,
    served: { name: item.name, category: item.category },
    score: item.score,
    rank: item.rank,
    owned: item.owned ?? false,
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

@Injectable()
export class RecommendationsService {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  async relatedItems(productId: string, k: number, filter: RelatedFilter | undefined): Promise<RelatedItemsResult> {
    return toRelatedResult(await relatedItems(this.db, productId, k, filter));
  }

  async recommendations(userId: string, k: number, filter: UserFilter | undefined): Promise<RecommendationResult> {
    // Held answers cost no read; the cache is kept true by the change feed (served-answers.ts).
    // With an open session, its sequence scores are blended into the ranking (sessions.service.ts).
    return toUserResult(await this.sessions.recommendations(userId, k, filter));
  }

  async rank(userId: string, productIds: string[]): Promise<RecommendationResult> {
    return toUserResult(await rankForUser(this.db, userId, productIds));
  }
}
