import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiContext } from '../graphql/context';
import { Segment, User, UserConnection } from '../graphql/models';
import { SegmentsService } from './segments.service';

@Resolver(() => Segment)
@ParamTypes()
export class SegmentsResolver {
  constructor(@Inject(SegmentsService) private readonly service: SegmentsService) {}

  @Query(() => [Segment])
  segments(@Context() ctx: ApiContext): Promise<Segment[]> {
    return this.service.segments(ctx);
  }

  @Query(() => Segment, { nullable: true })
  segment(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<Segment | null> {
    return this.service.segment(ctx, id);
  }

  @Query(() => Segment, { nullable: true })
  userSegment(@Args('userId', { type: () => ID }) userId: string, @Context() ctx: ApiContext): Promise<Segment | null> {
    return this.service.userSegment(ctx, userId);
  }

  @ResolveField(() => UserConnection)
  members(
    @Parent() segment: Segment,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<UserConnection> {
    return this.service.members(segment, first, after ?? undefined);
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
