/** Arguments of the serving queries, checked at the edge (graphql/args.ts); defaults written once, here. */
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { MAX_IDS } from '@graphrec/serving';
import { z } from 'zod';
import type { ApiLimits } from '../config/config';
import { externalIdArg, pageSizeArg } from '../graphql/args';
import { RecommendationFilterInput, RelatedFilterInput } from '../graphql/models';

export const DEFAULT_K = 10;
/** Product.relatedItems: a product page shows a short strip. */
export const DEFAULT_PRODUCT_RELATED_K = 5;
/** Products one rank() call may order: a page of them (the serving read takes up to MAX_IDS). */
export const MAX_RANK_IDS = Math.min(100, MAX_IDS);

const idList = (max: number) => z.array(externalIdArg).max(max, `may name at most ${max} products`);

@ArgsType()
export class RelatedItemsArgs {
  @Field(() => ID) productId!: string;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_K }) k!: number;
  @Field(() => RelatedFilterInput, { nullable: true }) filter?: RelatedFilterInput;

  static schema(limits: ApiLimits) {
    return z.object({
      productId: externalIdArg,
      k: pageSizeArg(limits.maxPageSize, DEFAULT_K),
      filter: z
        .object({ categories: z.array(z.string().max(128)).max(MAX_IDS).nullish(), excludeProductIds: idList(MAX_IDS).nullish() })
        .nullish()
        .transform((f) => (f ? { categories: f.categories ?? undefined, excludeProductIds: f.excludeProductIds ?? undefined } : undefined)),
    });
  }
}

@ArgsType()
export class RecommendationsArgs {
  @Field(() => ID) userId!: string;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_K }) k!: number;
  @Field(() => RecommendationFilterInput, { nullable: true }) filter?: RecommendationFilterInput;

  static schema(limits: ApiLimits) {
    return z.object({
      userId: externalIdArg,
      k: pageSizeArg(limits.maxPageSize, DEFAULT_K),
      filter: z
        .object({ excludeOwned: z.boolean().nullish(), excludePurchased: z.boolean().nullish(), categories: z.array(z.string().max(128)).max(MAX_IDS).nullish() })
        .nullish()
        .transform((f) =>
          f ? { excludeOwned: f.excludeOwned ?? undefined, excludePurchased: f.excludePurchased ?? undefined, categories: f.categories ?? undefined } : undefined,
        ),
    });
  }
}

@ArgsType()
export class RankArgs {
  @Field(() => ID) userId!: string;
  @Field(() => [ID]) productIds!: string[];

  static schema() {
    return z.object({ userId: externalIdArg, productIds: idList(MAX_RANK_IDS).min(1, 'must name at least one product') });
  }
}

@ArgsType()
export class ProductRelatedArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PRODUCT_RELATED_K }) k!: number;

  static schema(limits: ApiLimits) {
    return z.object({ k: pageSizeArg(limits.maxPageSize, DEFAULT_PRODUCT_RELATED_K) });
  }
}
