/**
 * The explorer's aggregated views (docs/api.md "Views"): a small graph per question an analyst
 * asks (who is this user, what goes with this product, who is in this segment, how do the
 * products hang together) instead of the raw event neighbourhood. Edges are aggregates, not
 * stored relationships, so they have their own type (ViewEdgeType) and a `weight` to draw by.
 */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar';
import { GraphNode, PageInfo } from '../graphql/models';

export enum ViewEdgeType {
  /** User → product: the user's events about it (counts by type, total, last). Weight: events. */
  ENGAGED = 'ENGAGED',
  /** User → device. Weight 1. */
  OWNS = 'OWNS',
  /** Device → product. Weight 1. */
  INSTANCE_OF = 'INSTANCE_OF',
  /** User → segment (current run). Weight 1. */
  IN_SEGMENT = 'IN_SEGMENT',
  /** Product → product of the current embeddings run. Weight: score. */
  SIMILAR_TO = 'SIMILAR_TO',
  /** Product — product: users holding both. Weight: users. */
  CO_OWNED = 'CO_OWNED',
  /** Segment → product: members holding it. Weight: holders. */
  HOLDS = 'HOLDS',
  /** Segment → product: the profile's next best product (penetration, expected, members lacking it). Weight: score. */
  NEXT_BEST = 'NEXT_BEST',
}
registerEnumType(ViewEdgeType, { name: 'ViewEdgeType' });

@ObjectType()
export class ViewEdge {
  /** `TYPE:source->target`: stable, so a client merging two views never duplicates an edge. */
  @Field(() => ID) id!: string;
  @Field(() => ViewEdgeType) type!: ViewEdgeType;
  @Field(() => ID) source!: string;
  @Field(() => ID) target!: string;
  @Field(() => Float) weight!: number;
  @Field(() => JSONScalar) properties!: Record<string, unknown>;
}

@ObjectType()
export class GraphView {
  @Field(() => [GraphNode]) nodes!: GraphNode[];
  @Field(() => [ViewEdge]) edges!: ViewEdge[];
  /** Something was left out by `first` (more products, devices, related items or members exist). */
  @Field(() => Boolean) truncated!: boolean;
  /** Segment view: members in all (the page is `first` of them). */
  @Field(() => Int, { nullable: true }) totalCount!: number | null;
  /** Segment view: the members' page. */
  @Field(() => PageInfo, { nullable: true }) pageInfo!: PageInfo | null;
}

@ObjectType({ description: 'One sampled user on the user map: coordinates on the sample\'s first two principal axes.' })
export class UserMapPoint {
  @Field(() => ID) userId!: string;
  /** Segment in the current segments run (null: none). */
  @Field(() => ID, { nullable: true }) segmentId!: string | null;
  @Field(() => Float) x!: number;
  @Field(() => Float) y!: number;
}

@ObjectType({ description: 'A uniform sample of users, their embeddings (current run) projected to 2-D, coloured by segment.' })
export class UserMap {
  @Field(() => String, { nullable: true }) embeddingRunId!: string | null;
  @Field(() => String, { nullable: true }) segmentRunId!: string | null;
  /** Users in the graph (the sample is drawn from all of them). */
  @Field(() => Int) population!: number;
  /** Users on the map (about `first`; users without a vector are skipped). */
  @Field(() => Int) sampled!: number;
  /** Share of the sample's variance along x and along y. */
  @Field(() => [Float]) explained!: number[];
  /** Share of the map's variance between segments: 0 segments overlap, 1 each segment a point. */
  @Field(() => Float, { nullable: true }) separation!: number | null;
  @Field(() => [UserMapPoint]) points!: UserMapPoint[];
}
