import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { RecommendationResult } from '../graphql/models';
import { toUserResult } from '../recommendations/recommendations.service';
import { NextInSessionArgs } from './sessions.args';
import { SessionsService } from './sessions.service';

@Resolver(() => RecommendationResult)
@ParamTypes()
export class SessionsResolver {
  constructor(
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** What the user is likely to pick next in the current session (docs/api.md "nextInSession"). */
  @Query(() => RecommendationResult)
  async nextInSession(@Args({ type: () => NextInSessionArgs }) args: NextInSessionArgs): Promise<RecommendationResult> {
    const { userId, k } = checkArgs(NextInSessionArgs, args, this.config.limits);
    const answer = await this.sessions.nextInSession(userId, k);
    return toUserResult(answer);
  }
}
