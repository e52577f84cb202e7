import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo, Kind } from 'graphql';
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

/** Product fields the serving answer carries; asking only for these needs no further read. */
const SERVED_FIELDS = new Set(['id', 'name', 'category', '__typename']);

/** True when the selection is plain fields (no fragments) all in SERVED_FIELDS. */
function onlyServedFields(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every((node) => node.selectionSet?.selections.every((s) => s.kind === Kind.FIELD && SERVED_FIELDS.has(s.name.value)) ?? true);
}

/**
 * ScoredItem.product: straight from the serving answer when only id/name/category are asked for
 * (the common case, one Cypher read less per request), else through the per-request product
 * loader: one query for every item in the answer.
 */
@Resolver(() => ScoredItem)
@ParamTypes()
export class ScoredItemResolver {
  @ResolveField(() => Product)
  async product(@Parent() item: ScoredItem, @Context() ctx: ApiContext, @Info() info: GraphQLResolveInfo): Promise<Product> {
    if (item.served && onlyServedFields(info)) {
      return Object.assign(new Product(), { id: item.productId, name: item.served.name, category: item.served.category, price: null, compatibleWith: [] });
    }
    const product = await ctx.loaders.product.load(item.productId);
    // The serving read found it a moment ago; gone now means it was deleted in between.
    if (!product) throw new ApiError('NOT_FOUND', `product "${item.productId}" no longer exists`);
    return product;
  }
}
