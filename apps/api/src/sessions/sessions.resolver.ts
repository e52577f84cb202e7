import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG, SERVED_FIELDS } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ServedFields } from '../graphql/served-fields';
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
    @Inject(SERVED_FIELDS) served: ServedFields,
  ) {
    // A held body is the JSON of what the resolver below returns (graphql/served-fields.ts).
    served.register('nextInSession', { check: (args) => this.check(args), answer: (a) => this.answer(a), toResult: toUserResult });
  }

  private check(args: unknown) {
    return checkArgs(NextInSessionArgs, args, this.config.limits);
  }

  private answer({ userId, k }: ReturnType<SessionsResolver['check']>) {
    return this.sessions.nextInSession(userId, k);
  }

  /** What the user is likely to pick next in the current session (docs/api.md "nextInSession"). */
  @Query(() => RecommendationResult)
  async nextInSession(@Args({ type: () => NextInSessionArgs }) args: NextInSessionArgs): Promise<RecommendationResult> {
    return toUserResult(await this.answer(this.check(args)));
  }
}
