import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { API_CONFIG } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ApiContext } from '../graphql/context';
import { IdArgs, UserIdArgs } from '../graphql/id-args';
import { Segment, SegmentSize, User, UserConnection } from '../graphql/models';
import { MembersArgs } from './segments.args';
import { SegmentsService } from './segments.service';

@Resolver(() => Segment)
@ParamTypes()
export class SegmentsResolver {
  constructor(
    @Inject(SegmentsService) private readonly service: SegmentsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => [Segment])
  segments(@Context() ctx: ApiContext): Promise<Segment[]> {
    return this.service.segments(ctx);
  }

  @Query(() => Segment, { nullable: true })
  segment(@Args({ type: () => IdArgs }) args: IdArgs, @Context() ctx: ApiContext): Promise<Segment | null> {
    return this.service.segment(ctx, checkArgs(IdArgs, args, this.config.limits).id);
  }

  @Query(() => Segment, { nullable: true })
  userSegment(@Args({ type: () => UserIdArgs }) args: UserIdArgs, @Context() ctx: ApiContext): Promise<Segment | null> {
    return this.service.userSegment(ctx, checkArgs(UserIdArgs, args, this.config.limits).userId);
  }

  @ResolveField(() => UserConnection)
  members(@Parent() segment: Segment, @Args({ type: () => MembersArgs }) args: MembersArgs): Promise<UserConnection> {
    const { first, after } = checkArgs(MembersArgs, args, this.config.limits);
    return this.service.members(segment, first, after);
  }

  @ResolveField(() => [SegmentSize], { description: 'Its size in each kept segments run up to this one, oldest first (runs where it did not exist left out).' })
  sizeOverRuns(@Parent() segment: Segment, @Context() ctx: ApiContext): Promise<SegmentSize[]> {
    return this.service.sizeOverRuns(ctx, segment);
  }
}

@Resolver(() => User)
@ParamTypes()
export class UserSegmentResolver {
  constructor(@Inject(SegmentsService) private readonly service: SegmentsService) {}

  @ResolveField(() => Segment, { nullable: true })
  segment(@Parent() user: User, @Context() ctx: ApiContext): Promise<Segment | null> {
    return this.service.segmentOf(ctx, user.id);
  }
}
