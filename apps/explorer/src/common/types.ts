/**
 * The slice of docs/api-contract.graphql the explorer reads. Kept by hand (no codegen) because the
 * page asks for few fields; if the contract changes, these and queries.ts change together.
 */
import type { SizePoint } from './size-chart';

export const NODE_LABELS = ['User', 'Device', 'Product', 'Event', 'Segment'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface GraphNode {
  id: string;
  externalId: string;
  label: NodeLabel;
  name: string;
  segmentId: string | null;
  properties: Record<string, Json>;
}

export interface GraphEdge {
  id: string;
  type: string;
  /** Aggregated views only: what the edge stands for in numbers (events, score, users), drawn as its width. */
  weight?: number;
  source: string;
  target: string;
  properties: Record<string, Json>;
}

export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

export interface ScoredItem {
  product: { id: string; name: string; category: string | null };
  score: number;
  rank: number;
  explanation: string;
}

export interface RelatedItemsResult {
  productId: string;
  runId: string | null;
  items: ScoredItem[];
}

export interface RecommendationResult {
  userId: string;
  runId: string | null;
  strategy: string;
  items: ScoredItem[];
}

export interface Segment {
  id: string;
  label: string;
  size: number;
  profile: Json;
  /** Its size in each kept segments run, oldest first (absent where a query did not ask). */
  sizeOverRuns?: SizePoint[];
}

/** An aggregated view (userView, productView, segmentView, productMap): a subgraph with weighted edges. */
export interface GraphView extends Subgraph {
  totalCount: number | null;
  pageInfo: { hasNextPage: boolean; endCursor: string | null } | null;
}

/** The user map (GraphQL userMap): sampled users on their embeddings' first two principal axes. */
export interface UserMap {
  embeddingRunId: string | null;
  segmentRunId: string | null;
  population: number;
  sampled: number;
  explained: number[];
  separation: number | null;
  points: { userId: string; segmentId: string | null; x: number; y: number }[];
}
