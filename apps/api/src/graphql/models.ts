/**
 * The GraphQL object types of docs/api-contract.graphql, code-first. Every field names its type
 * explicitly: the server runs under tsx, which emits no decorator metadata to infer them from.
 */
import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { NodeLabel, RelationshipType } from './enums';
import { JSONScalar } from './json.scalar';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class Product {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) category!: string | null;
  /** Undefined on a product built from a serving answer: resolved through the product loader then (ServedProductResolver). */
  @Field(() => Float, { nullable: true }) price!: number | null;
  @Field(() => [ID]) compatibleWith!: string[];
  // relatedItems: resolved in recommendations/product-related.resolver.ts
}

@ObjectType()
export class Device {
  @Field(() => ID) id!: string;
  /** Resolved through the product loader. */
  productId!: string;
}

@ObjectType()
export class Event {
  @Field(() => ID) id!: string;
  @Field(() => String) type!: string;
  @Field(() => String) timestamp!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  productId!: string | null;
}

@ObjectType()
export class EventEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Event) node!: Event;
}

@ObjectType()
export class EventConnection {
  @Field(() => [EventEdge]) edges!: EventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field(() => JSONScalar) properties!: Record<string, unknown>;
}

@ObjectType()
export class UserEdge {
  @Field(() => String) cursor!: string;
  @Field(() => User) node!: User;
}

@ObjectType()
export class UserConnection {
  @Field(() => [UserEdge]) edges!: UserEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class SegmentProduct {
  @Field(() => ID) productId!: string;
  @Field(() => String) name!: string;
  @Field(() => Float) share!: number;
  @Field(() => Float) lift!: number;
}

@ObjectType()
export class Segment {
  @Field(() => ID) id!: string;
  @Field(() => String) label!: string;
  @Field(() => Int) size!: number;
  @Field(() => String) runId!: string;
  @Field(() => JSONScalar) profile!: unknown;
}

@ObjectType({ description: "A segment's size in one segments run (ids are stable across runs; the last SIZE_HISTORY_RUNS runs are kept)." })
export class SegmentSize {
  @Field(() => String) runId!: string;
  @Field(() => String, { description: 'When that run computed its segments (ISO 8601).' }) at!: string;
  @Field(() => Int) size!: number;
}

@ObjectType()
export class Evidence {
  @Field(() => String) kind!: string;
  @Field(() => ID, { nullable: true }) productId?: string;
  @Field(() => String, { nullable: true }) productName?: string;
  @Field(() => Float, { nullable: true }) share?: number;
  @Field(() => Int, { nullable: true }) count?: number;
  @Field(() => String) text!: string;
}

@ObjectType()
export class ScoredItem {
  /**
   * What the serving answer says about the product (id, name, category), built once per held
   * answer; price and compatibleWith are left undefined and resolved through the product loader
   * only when asked for (ServedProductResolver).
   */
  @Field(() => Product) product!: Product;
  @Field(() => Float, {
    description:
      "Higher is better; comparable within one answer only. Related items: embedding cosine + 8 × the share of holders who also have it (shrunk for products with few holders). Recommendations and rank, by the answer's strategy: 'ranker', the learned ranker's margin (the same for a pair in both); 'embeddings', cosine of the user and product embeddings; 'popularity', the smoothed conversion rate for a user without history.",
  })
  score!: number;
  @Field(() => Int) rank!: number;
  @Field(() => Boolean, { description: 'The user already owns or bought the product: rank scores what it is given, owned or not, and says so; recommendations leave owned products out unless asked.' })
  owned!: boolean;
  @Field(() => String) explanation!: string;
  @Field(() => [Evidence]) evidence!: Evidence[];
}

@ObjectType()
export class RelatedItemsResult {
  @Field(() => ID) productId!: string;
  @Field(() => String, { nullable: true }) runId!: string | null;
  @Field(() => [ScoredItem]) items!: ScoredItem[];
}

@ObjectType()
export class RecommendationResult {
  @Field(() => ID) userId!: string;
  @Field(() => String, { nullable: true }) runId!: string | null;
  @Field(() => String) strategy!: string;
  @Field(() => [ScoredItem]) items!: ScoredItem[];
}

@InputType()
export class RelatedFilterInput {
  @Field(() => [String], { nullable: true }) categories?: string[];
  @Field(() => [ID], { nullable: true }) excludeProductIds?: string[];
}

@InputType()
export class RecommendationFilterInput {
  @Field(() => Boolean, { nullable: true, defaultValue: true }) excludeOwned?: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) excludePurchased?: boolean;
  @Field(() => [String], { nullable: true }) categories?: string[];
}

@ObjectType()
export class GraphNode {
  @Field(() => ID) id!: string;
  @Field(() => ID) externalId!: string;
  @Field(() => NodeLabel) label!: NodeLabel;
  @Field(() => String) name!: string;
  @Field(() => ID, { nullable: true }) segmentId!: string | null;
  @Field(() => JSONScalar) properties!: Record<string, unknown>;
}

@ObjectType()
export class GraphEdge {
  @Field(() => ID) id!: string;
  @Field(() => RelationshipType) type!: RelationshipType;
  @Field(() => ID) source!: string;
  @Field(() => ID) target!: string;
  @Field(() => JSONScalar) properties!: Record<string, unknown>;
}

@ObjectType()
export class Subgraph {
  @Field(() => [GraphNode]) nodes!: GraphNode[];
  @Field(() => [GraphEdge]) edges!: GraphEdge[];
  @Field(() => Boolean) truncated!: boolean;
}

@InputType()
export class TrackEventInput {
  @Field(() => ID) id!: string;
  @Field(() => ID) userId!: string;
  @Field(() => String) type!: string;
  @Field(() => String) timestamp!: string;
  @Field(() => ID) productId!: string;
  @Field(() => ID, { nullable: true }) deviceId?: string;
  @Field(() => Float, { nullable: true }) value?: number;
  /** A served decision this event is the outcome of (nextBestProduct): type impression, click or purchase. */
  @Field(() => ID, { nullable: true }) decisionId?: string;
}

@ObjectType()
export class TrackEventResult {
  @Field(() => ID) id!: string;
  @Field(() => Boolean) created!: boolean;
  /** With a decisionId: whether this outcome moved the slot's posterior (first of its kind, a purchase inside the window). */
  @Field(() => Boolean, { nullable: true }) counted?: boolean;
}
