import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo, Kind } from 'graphql';
import { ApiError } from '../common/errors';
import { API_CONFIG } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ApiContext } from '../graphql/context';
import { Product, RecommendationResult, RelatedItemsResult, ScoredItem } from '../graphql/models';
import { ProductRelatedArgs, RankArgs, RecommendationsArgs, RelatedItemsArgs } from './recommendations.args';
import { RecommendationsService, toScoredItem } from './recommendations.service';

@Resolver(() => RelatedItemsResult)
@ParamTypes()
export class RecommendationsResolver {
  constructor(
    @Inject(RecommendationsService) private readonly service: RecommendationsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => RelatedItemsResult)
  relatedItems(@Args({ type: () => RelatedItemsArgs }) args: RelatedItemsArgs): Promise<RelatedItemsResult> {
    const { productId, k, filter } = checkArgs(RelatedItemsArgs, args, this.config.limits);
    return this.service.relatedItems(productId, k, filter);
  }

  @Query(() => RecommendationResult)
  recommendations(@Args({ type: () => RecommendationsArgs }) args: RecommendationsArgs): Promise<RecommendationResult> {
    const { userId, k, filter } = checkArgs(RecommendationsArgs, args, this.config.limits);
    return this.service.recommendations(userId, k, filter);
  }

  @Query(() => RecommendationResult)
  rank(@Args({ type: () => RankArgs }) args: RankArgs): Promise<RecommendationResult> {
    const { userId, productIds } = checkArgs(RankArgs, args, this.config.limits);
    return this.service.rank(userId, productIds);
  }
}

/** Product.relatedItems: batched across every product of the request through the related(k) loader. */
@Resolver(() => Product)
@ParamTypes()
export class ProductRelatedResolver {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @ResolveField(() => [ScoredItem])
  async relatedItems(@Parent() product: Product, @Args({ type: () => ProductRelatedArgs }) args: ProductRelatedArgs, @Context() ctx: ApiContext): Promise<ScoredItem[]> {
    const { k } = checkArgs(ProductRelatedArgs, args, this.config.limits);
    const answer = await ctx.loaders.related(k).load(product.id);
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
