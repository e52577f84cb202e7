import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { ApiContext } from '../graphql/context';
import { NodeLabel, RelationshipType } from '../graphql/enums';
import { GraphNode, Subgraph } from '../graphql/models';
import { ExploreService } from './explore.service';

@Resolver(() => Subgraph)
@ParamTypes()
export class ExploreResolver {
  constructor(@Inject(ExploreService) private readonly service: ExploreService) {}

  @Query(() => Subgraph)
  neighborhood(
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('depth', { type: () => Int, nullable: true, defaultValue: 1 }) depth: number,
    @Args('relationshipTypes', { type: () => [RelationshipType], nullable: true }) relationshipTypes: RelationshipType[] | null,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 100 }) limit: number,
    @Context() ctx: ApiContext,
  ): Promise<Subgraph> {
    return this.service.neighborhood(ctx, nodeId, depth ?? 1, relationshipTypes, limit ?? 100);
  }

  @Query(() => Subgraph)
  shortestPath(
    @Args('fromId', { type: () => ID }) fromId: string,
    @Args('toId', { type: () => ID }) toId: string,
    @Args('maxLength', { type: () => Int, nullable: true, defaultValue: 4 }) maxLength: number,
    @Context() ctx: ApiContext,
  ): Promise<Subgraph> {
    return this.service.shortestPath(ctx, fromId, toId, maxLength ?? 4);
  }

  @Query(() => [GraphNode])
  search(
    @Args('text', { type: () => String }) text: string,
    @Args('labels', { type: () => [NodeLabel], nullable: true }) labels: NodeLabel[] | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 10 }) first: number,
    @Context() ctx: ApiContext,
  ): Promise<GraphNode[]> {
    return this.service.search(ctx, text, labels, first ?? 10);
  }
}
