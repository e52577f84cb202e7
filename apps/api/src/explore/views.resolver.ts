/** The explorer's aggregated views: arguments checked here, rows from ViewsRepository, graphs from views.build.ts. */
import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { ApiError } from '../common/errors';
import { API_CONFIG } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ApiContext } from '../graphql/context';
import { ParamTypes } from '../graphql/param-types';
import { buildUserMap } from './user-map.build';
import { ProductMapArgs, ProductViewArgs, SegmentViewArgs, UserMapArgs, UserViewArgs } from './views.args';
import { buildProductMap, buildProductView, buildSegmentView, buildUserView, nextBestOf } from './views.build';
import { GraphView, UserMap } from './views.models';
import { ViewsRepository } from './views.repository';

@Resolver(() => GraphView)
@ParamTypes()
export class ViewsResolver {
  constructor(
    @Inject(ViewsRepository) private readonly repository: ViewsRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => GraphView, { description: 'A user, the products they engaged with (one edge each: events by type, last), their devices and segment.' })
  async userView(@Args({ type: () => UserViewArgs }) args: UserViewArgs): Promise<GraphView> {
    const { userId, first } = checkArgs(UserViewArgs, args, this.config.limits);
    const row = await this.repository.user(userId, first);
    if (!row) throw new ApiError('NOT_FOUND', `no user with id "${userId}"`, { argument: 'userId' });
    return buildUserView(row);
  }

  @Query(() => GraphView, { description: "A product, its related products (current embeddings run) and the segments of its holders." })
  async productView(@Args({ type: () => ProductViewArgs }) args: ProductViewArgs): Promise<GraphView> {
    const { productId, first } = checkArgs(ProductViewArgs, args, this.config.limits);
    const row = await this.repository.product(productId, first);
    if (!row) throw new ApiError('NOT_FOUND', `no product with id "${productId}"`, { argument: 'productId' });
    return buildProductView(row, first);
  }

  @Query(() => GraphView, { description: 'A segment of the current run, one page of its members, the products most of them hold and its next best product.' })
  async segmentView(@Args({ type: () => SegmentViewArgs }) args: SegmentViewArgs, @Context() ctx: ApiContext): Promise<GraphView> {
    const { segmentId, first, after } = checkArgs(SegmentViewArgs, args, this.config.limits);
    // The run and the profile from the per-request segments loader (one read, shared with other fields).
    const current = await ctx.loaders.segments();
    const info = current?.segments.find((s) => s.segmentId === segmentId);
    const next = nextBestOf(info?.profile);
    const row = current && info ? await this.repository.segment(segmentId, first, after, current.runId, next?.product ?? null) : undefined;
    if (!row) throw new ApiError('NOT_FOUND', `no segment "${segmentId}" in the current segments run`, { argument: 'segmentId' });
    return buildSegmentView(row, first, next);
  }

  @Query(() => GraphView, { description: 'The products most users hold, with similarity (current embeddings run) and co-ownership edges.' })
  async productMap(@Args({ type: () => ProductMapArgs }) args: ProductMapArgs): Promise<GraphView> {
    const { first } = checkArgs(ProductMapArgs, args, this.config.limits);
    return buildProductMap(await this.repository.productMap(first), first);
  }

  @Query(() => UserMap, { description: 'About `first` users drawn uniformly, their embeddings projected to 2-D, with their segments: do the segments separate?' })
  async userMap(@Args({ type: () => UserMapArgs }) args: UserMapArgs): Promise<UserMap> {
    const { first } = checkArgs(UserMapArgs, args, this.config.limits);
    const row = await this.repository.userMap(first);
    return { ...buildUserMap(row), segmentRunId: row.segmentRunId };
  }
}
