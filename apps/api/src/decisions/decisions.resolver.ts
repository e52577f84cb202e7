import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ParamTypes } from '../graphql/param-types';
import { NextBestProductArgs } from './decisions.args';
import { NextBestProductResult } from './decisions.models';
import { DecisionsService } from './decisions.service';

@Resolver(() => NextBestProductResult)
@ParamTypes()
export class DecisionsResolver {
  constructor(
    @Inject(DecisionsService) private readonly service: DecisionsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** One decision for the slot, stored with its propensity; null when the user may be shown none of the slot's products. */
  @Query(() => NextBestProductResult, { nullable: true })
  nextBestProduct(@Args({ type: () => NextBestProductArgs }) args: NextBestProductArgs): Promise<NextBestProductResult | null> {
    const { userId, slot } = checkArgs(NextBestProductArgs, args, this.config.limits);
    return this.service.nextBestProduct(userId, slot);
  }
}
