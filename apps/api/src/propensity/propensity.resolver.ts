import { Inject } from '@nestjs/common';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { API_CONFIG } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { Segment } from '../graphql/models';
import { ParamTypes } from '../graphql/param-types';
import { PropensityArgs } from './propensity.args';
import { PropensityResult, SegmentPropensity } from './propensity.models';
import { PropensityService } from './propensity.service';

@Resolver(() => PropensityResult)
@ParamTypes()
export class PropensityResolver {
  constructor(
    @Inject(PropensityService) private readonly service: PropensityService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** The user's calibrated probability of taking a high-value action within the model's window. */
  @Query(() => PropensityResult)
  propensity(@Args({ type: () => PropensityArgs }) args: PropensityArgs): Promise<PropensityResult> {
    const { userId, action } = checkArgs(PropensityArgs, args, this.config.limits);
    return this.service.propensity(userId, action);
  }
}

@Resolver(() => Segment)
@ParamTypes()
export class SegmentPropensityResolver {
  constructor(@Inject(PropensityService) private readonly service: PropensityService) {}

  /** Mean propensity of the segment's users per action (the served run's models, when trained beside this segments run). */
  @ResolveField(() => [SegmentPropensity])
  averagePropensities(@Parent() segment: Segment): Promise<SegmentPropensity[]> {
    return this.service.segmentAverages(segment.runId, segment.id);
  }
}
