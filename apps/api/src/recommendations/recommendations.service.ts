/** Serving reads (libs/serving) mapped to the GraphQL types; arguments arrive checked (recommendations.args.ts). */
import { Inject, Injectable } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { rankForUser, RelatedAnswer, relatedCached, RelatedFilter, ScoredItem as ServedItem, UserAnswer, UserFilter } from '@graphrec/serving';
import { ANSWERS, GRAPH_DB } from '../common/tokens';
import { Product, RecommendationResult, RelatedItemsResult, ScoredItem } from '../graphql/models';
import { SessionsService } from '../sessions/sessions.service';
import { ServedAnswers } from './served-answers';

function toScoredItem(item: ServedItem): ScoredItem {
  // price and compatibleWith stay undefined: ServedProductResolver reads them only when asked for.
  const product = Object.assign(new Product(), { id: item.productId, name: item.name, category: item.category });
  return Object.assign(new ScoredItem(), {
    product,
    score: item.score,
    rank: item.rank,
    owned: item.owned ?? false,
    explanation: item.explanation,
    evidence: item.evidence,
  });
}

/**
 * The GraphQL items of a serving answer, built once per answer object: a held answer (answer
 * cache) is the same object on every request, so its items are built on its first request and
 * dropped with it when the cache lets it go (a WeakMap: the cache's invalidation is this one's).
 */
const builtItems = new WeakMap<object, ScoredItem[]>();

export function scoredItemsOf(answer: RelatedAnswer | UserAnswer): ScoredItem[] {
  let items = builtItems.get(answer);
  if (!items) {
    items = answer.items.map(toScoredItem);
    builtItems.set(answer, items);
  }
  return items;
}

export function toRelatedResult(answer: RelatedAnswer): RelatedItemsResult {
  return Object.assign(new RelatedItemsResult(), { productId: answer.productId, runId: answer.runId, items: scoredItemsOf(answer) });
}

export function toUserResult(answer: UserAnswer): RecommendationResult {
  return Object.assign(new RecommendationResult(), { userId: answer.userId, runId: answer.runId, strategy: answer.strategy, items: scoredItemsOf(answer) });
}

@Injectable()
export class RecommendationsService {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(ANSWERS) private readonly answers: ServedAnswers,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  /** The held answer object itself (graphql/served-fields.ts keeps its JSON while it is held). */
  relatedAnswer(productId: string, k: number, filter: RelatedFilter | undefined): Promise<RelatedAnswer> {
    // Held answers cost no read; they only change with the generation (answer-cache.ts).
    return relatedCached(this.db, this.answers.cache, productId, k, filter);
  }

  /** The held answer object itself, like relatedAnswer. */
  recommendationsAnswer(userId: string, k: number, filter: UserFilter | undefined): Promise<UserAnswer> {
    // Held answers cost no read; the cache is kept true by the change feed (served-answers.ts).
    // With an open session, its sequence scores are blended into the ranking (sessions.service.ts).
    return this.sessions.recommendations(userId, k, filter);
  }

  async rank(userId: string, productIds: string[]): Promise<RecommendationResult> {
    return toUserResult(await rankForUser(this.db, userId, productIds));
  }
}
