import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG, SERVED_FIELDS } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
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
    @Inject(SERVED_FIELDS) served: ServedFields,
  ) {
    // Each decision is new, so nothing is held (`fresh`), but a plain document's JSON is written by
    // hand instead of by GraphQL's execution (graphql/served-fields.ts): a decision made there is
    // answered there. (Were its write ever refused — a product without a name — the ordinary path
    // would answer with a second decision; the first stays logged, unseen.)
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
  nextBestProduct(@Args({ type: () => NextBestProductArgs }) args: NextBestProductArgs): Promise<NextBestProductResult | null> {
    const { userId, slot } = this.check(args);
    return this.service.nextBestProduct(userId, slot);
  }
}
