/** GraphQL types of the served decisions (docs/api.md, docs/decide.md). */
import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Product } from '../graphql/models';

@ObjectType()
export class NextBestProductResult {
  /** Names this decision in trackEvent (impression, click, purchase). */
  @Field(() => ID) decisionId!: string;
  @Field(() => String) slot!: string;
  @Field(() => Product) product!: Product;
  /** The probability the policy showed this product with (what off-policy evaluation weighs by). */
  @Field(() => Float) propensity!: number;
  @Field(() => String) policy!: string;
  /** The policy and how many outcomes its posterior had counted, e.g. `thompson@812`. */
  @Field(() => String) policyVersion!: string;
}
