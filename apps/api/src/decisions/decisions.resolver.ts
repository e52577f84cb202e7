import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG, SERVED_FIELDS } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import type { ApiContext } from '../graphql/context';
import { ParamTypes } from '../graphql/param-types';
import { ServedFields } from '../graphql/served-fields';
import { NextBestProductArgs } from './decisions.args';
import { NextBestProductResult } from './decisions.models';
import { DecisionsService } from './decisions.service';

/** A decision as the served-fields path holds it: the resolver's answer, null included, in an object of its own. */
interface DecisionAnswer {
  result: NextBestProductResult | null;
}

@Resolver(() => NextBestProductResult)
@ParamTypes()
export class DecisionsResolver {
  constructor(
    @Inject(DecisionsService) private readonly service: DecisionsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(SERVED_FIELDS) private readonly served: ServedFields,
  ) {
    // Each decision is new, so nothing is held (`fresh`), but a plain document's JSON is written by
    // hand instead of by GraphQL's execution (graphql/served-fields.ts): a decision made there is
    // answered there. Were its JSON ever refused (a product without a name), the decision is handed
    // to the ordinary path of the same request, which answers with it (`nextBestProduct` below):
    // a second decision there would stay logged with its propensity, never shown, and bias OPE.
    served.register<ReturnType<DecisionsResolver['check']>, DecisionAnswer>('nextBestProduct', {
      check: (args) => this.check(args),
      answer: async ({ userId, slot }) => ({ result: await this.service.nextBestProduct(userId, slot) }),
      toResult: (a) => a.result,
      fresh: true,
    });
  }

  private check(args: unknown) {
    return checkArgs(NextBestProductArgs, args, this.config.limits);
  }

  /** One decision for the slot, stored with its propensity; null when the user may be shown none of the slot's products. */
  @Query(() => NextBestProductResult, { nullable: true })
  async nextBestProduct(@Args({ type: () => NextBestProductArgs }) args: NextBestProductArgs, @Context() ctx: ApiContext): Promise<NextBestProductResult | null> {
    const { userId, slot } = this.check(args);
    const handed = this.served.handedOff<DecisionAnswer>(ctx.req, 'nextBestProduct');
    if (handed) return handed.result;
    return this.service.nextBestProduct(userId, slot);
  }
}
