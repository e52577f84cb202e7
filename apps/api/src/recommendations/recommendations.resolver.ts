import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiContext } from '../common/context';
import { ApiError } from '../common/errors';
import { Product, RecommendationFilterInput, RecommendationResult, RelatedFilterInput, RelatedItemsResult, ScoredItem } from '../graphql/models';
import { RecommendationsService, toScoredItem } from './recommendations.service';

@Resolver(() => RelatedItemsResult)
@ParamTypes()
export class RecommendationsResolver {
  constructor(@Inject(RecommendationsService) private readonly service: RecommendationsService) {}

  @Query(() => RelatedItemsResult)
  relatedItems(
    @Args('productId', { type: () => ID }) productId: string,
    @Args('k', { type: () => Int, nullable: true, defaultValue: 10 }) k: number,
    @Args('filter', { type: () => RelatedFilterInput, nullable: true }) filter?: RelatedFilterInput,
  ): Promise<RelatedItemsResult> {
    return this.service.relatedItems(productId, k, filter);
  }

  @Query(() => RecommendationResult)
  recommendations(
    @Args('userId', { type: () => ID }) userId: string,
    @Args('k', { type: () => Int, nullable: true, defaultValue: 10 }) k: number,
    @Args('filter', { type: () => RecommendationFilterInput, nullable: true }) filter?: RecommendationFilterInput,
  ): Promise<RecommendationResult> {
    return this.service.recommendations(userId, k, filter);
  }

  @Query(() => RecommendationResult)
  rank(
    @Args('userId', { type: () => ID }) userId: string,
    @Args('productIds', { type: () => [ID] }) productIds: string[],
  ): Promise<RecommendationResult> {
    return this.service.rank(userId, productIds);
  }
}

/** Product.relatedItems: batched across every product of the request through the related(k) loader. */
@Resolver(() => Product)
@ParamTypes()
export class ProductRelatedResolver {
  constructor(@Inject(RecommendationsService) private readonly service: RecommendationsService) {}

  @ResolveField(() => [ScoredItem])
  async relatedItems(
    @Parent() product: Product,
    @Args('k', { type: () => Int, nullable: true, defaultValue: 5 }) k: number,
    @Context() ctx: ApiContext,
  ): Promise<ScoredItem[]> {
    const answer = await ctx.loaders.related(this.service.k(k, 5)).load(product.id);
    return answer ? answer.items.map(toScoredItem) : [];
  }
}

/** ScoredItem.product through the per-request product loader: one query for every item in the answer. */
@Resolver(() => ScoredItem)
@ParamTypes()
export class ScoredItemResolver {
  @ResolveField(() => Product)
  async product(@Parent() item: ScoredItem, @Context() ctx: ApiContext): Promise<Product> {
    const product = await ctx.loaders.product.load(item.productId);
    // The serving read found it a moment ago; gone now means it was deleted in between.
    if (!product) throw new ApiError('NOT_FOUND', `product "${item.productId}" no longer exists`);
    return product;
  }
}
