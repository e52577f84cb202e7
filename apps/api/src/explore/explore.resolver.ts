import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ApiContext } from '../graphql/context';
import { GraphNode, Subgraph } from '../graphql/models';
import { NeighborhoodArgs, SearchArgs, ShortestPathArgs } from './explore.args';
import { ExploreService } from './explore.service';

@Resolver(() => Subgraph)
@ParamTypes()
export class ExploreResolver {
  constructor(
    @Inject(ExploreService) private readonly service: ExploreService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => Subgraph)
  neighborhood(@Args({ type: () => NeighborhoodArgs }) args: NeighborhoodArgs, @Context() ctx: ApiContext): Promise<Subgraph> {
    const { nodeId, depth, relationshipTypes, limit } = checkArgs(NeighborhoodArgs, args, this.config.limits);
    return this.service.neighborhood(ctx, nodeId, depth, relationshipTypes, limit);
  }

  @Query(() => Subgraph)
  shortestPath(@Args({ type: () => ShortestPathArgs }) args: ShortestPathArgs, @Context() ctx: ApiContext): Promise<Subgraph> {
    const { fromId, toId, maxLength } = checkArgs(ShortestPathArgs, args, this.config.limits);
    return this.service.shortestPath(ctx, fromId, toId, maxLength);
  }

  @Query(() => [GraphNode])
  search(@Args({ type: () => SearchArgs }) args: SearchArgs, @Context() ctx: ApiContext): Promise<GraphNode[]> {
    const { text, labels, first } = checkArgs(SearchArgs, args, this.config.limits);
    return this.service.search(ctx, text, labels, first);
  }
}
