import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, Float, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiError } from '../common/errors';
import { API_CONFIG, SERVED_FIELDS } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ApiContext } from '../graphql/context';
import { ServedFields } from '../graphql/served-fields';
import { Product, RecommendationResult, RelatedItemsResult, ScoredItem } from '../graphql/models';
import { ProductRelatedArgs, RankArgs, RecommendationsArgs, RelatedItemsArgs } from './recommendations.args';
import { RecommendationsService, scoredItemsOf, toRelatedResult, toUserResult } from './recommendations.service';

@Resolver(() => RelatedItemsResult)
@ParamTypes()
export class RecommendationsResolver {
  constructor(
    @Inject(RecommendationsService) private readonly service: RecommendationsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(SERVED_FIELDS) served: ServedFields,
  ) {
    // The same answer functions as the resolvers below: a held body is the JSON of what they return.
    served.register('relatedItems', { check: (args) => this.checkRelated(args), answer: (a) => this.relatedAnswer(a), toResult: toRelatedResult });
    served.register('recommendations', { check: (args) => this.checkRecommendations(args), answer: (a) => this.recommendationsAnswer(a), toResult: toUserResult });
  }

  private checkRelated(args: unknown) {
    return checkArgs(RelatedItemsArgs, args, this.config.limits);
  }

  private relatedAnswer({ productId, k, filter }: ReturnType<RecommendationsResolver['checkRelated']>) {
    return this.service.relatedAnswer(productId, k, filter);
  }

  private checkRecommendations(args: unknown) {
    return checkArgs(RecommendationsArgs, args, this.config.limits);
  }

  private recommendationsAnswer({ userId, k, filter }: ReturnType<RecommendationsResolver['checkRecommendations']>) {
    return this.service.recommendationsAnswer(userId, k, filter);
  }

  @Query(() => RelatedItemsResult)
  async relatedItems(@Args({ type: () => RelatedItemsArgs }) args: RelatedItemsArgs): Promise<RelatedItemsResult> {
    return toRelatedResult(await this.relatedAnswer(this.checkRelated(args)));
  }

  @Query(() => RecommendationResult)
  async recommendations(@Args({ type: () => RecommendationsArgs }) args: RecommendationsArgs): Promise<RecommendationResult> {
    return toUserResult(await this.recommendationsAnswer(this.checkRecommendations(args)));
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
    return answer ? scoredItemsOf(answer) : [];
  }
}

/**
 * Product.price and Product.compatibleWith of a product built from a serving answer (undefined
 * there): read through the per-request product loader, one query for every such product of the
 * request, and only when a client asks for them. Products from the catalogue carry both and cost
 * nothing here. So ScoredItem.product needs no resolver of its own: the common selection
 * (id, name, category) is plain data, built once per held answer (recommendations.service.ts).
 */
@Resolver(() => Product)
@ParamTypes()
export class ServedProductResolver {
  @ResolveField(() => Float, { nullable: true })
  async price(@Parent() product: Product, @Context() ctx: ApiContext): Promise<number | null> {
    return product.price !== undefined ? product.price : (await full(product, ctx)).price;
  }

  @ResolveField(() => [ID])
  async compatibleWith(@Parent() product: Product, @Context() ctx: ApiContext): Promise<string[]> {
    return product.compatibleWith !== undefined ? product.compatibleWith : (await full(product, ctx)).compatibleWith;
  }
}

async function full(product: Product, ctx: ApiContext): Promise<Product> {
  const found = await ctx.loaders.product.load(product.id);
  // The serving read found it a moment ago; gone now means it was deleted in between.
  if (!found) throw new ApiError('NOT_FOUND', `product "${product.id}" no longer exists`);
  return found;
}
