/**
 * GraphQL request bodies. Values always travel as variables, never spliced into the query text,
 * so a search for `"}` cannot change the query.
 */
import type { NodeLabel } from './types';

export interface GraphQLBody {
  query: string;
  variables: Record<string, unknown>;
  operationName: string;
}

const NODE_FIELDS = 'id externalId label name segmentId properties';
const ITEM_FIELDS = 'product { id name category } score rank explanation';

/** Upper bounds the page asks for; the API validates too, this keeps a typo in the UI from asking for 10^6. */
export const LIMITS = { search: 20, neighborhood: 200, items: 100, view: 100, userMap: 1000 } as const;

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.trunc(n)));
}

export function searchBody(text: string, labels: readonly NodeLabel[], first = 10): GraphQLBody {
  return {
    operationName: 'Search',
    query: `query Search($text: String!, $labels: [NodeLabel!], $first: Int) { search(text: $text, labels: $labels, first: $first) { ${NODE_FIELDS} } }`,
    variables: { text: text.trim(), labels: [...labels], first: clamp(first, 1, LIMITS.search) },
  };
}

export function neighborhoodBody(nodeId: string, limit = 100): GraphQLBody {
  return {
    operationName: 'Neighborhood',
    query:
      `query Neighborhood($nodeId: ID!, $limit: Int) { neighborhood(nodeId: $nodeId, depth: 1, limit: $limit) { ` +
      `nodes { ${NODE_FIELDS} } edges { id type source target properties } truncated } }`,
    variables: { nodeId, limit: clamp(limit, 1, LIMITS.neighborhood) },
  };
}

export function relatedItemsBody(productId: string, k = 10): GraphQLBody {
  return {
    operationName: 'RelatedItems',
    query: `query RelatedItems($productId: ID!, $k: Int) { relatedItems(productId: $productId, k: $k) { productId runId items { ${ITEM_FIELDS} } } }`,
    variables: { productId, k: clamp(k, 1, LIMITS.items) },
  };
}

export function recommendationsBody(userId: string, k = 10): GraphQLBody {
  return {
    operationName: 'Recommendations',
    query: `query Recommendations($userId: ID!, $k: Int) { recommendations(userId: $userId, k: $k) { userId runId strategy items { ${ITEM_FIELDS} } } }`,
    variables: { userId, k: clamp(k, 1, LIMITS.items) },
  };
}

export function userSegmentBody(userId: string): GraphQLBody {
  return {
    operationName: 'UserSegment',
    query: 'query UserSegment($userId: ID!) { userSegment(userId: $userId) { id label size } }',
    variables: { userId },
  };
}

/** The daily flow's runs for the Runs tab (30: a month of daily runs). */
export function runsBody(first = 30): GraphQLBody {
  return {
    operationName: 'Runs',
    query: 'query Runs($first: Int) { runs(first: $first) { id status startedAt finishedAt resumes error driftBreached steps { step status attempts startedAt finishedAt seconds metrics { name value } } } }',
    variables: { first: clamp(first, 1, LIMITS.view) },
  };
}

export function userMapBody(first = 400): GraphQLBody {
  return {
    operationName: 'UserMap',
    query: 'query UserMap($first: Int) { userMap(first: $first) { embeddingRunId segmentRunId population sampled explained separation points { userId segmentId x y } } }',
    variables: { first: clamp(first, 1, LIMITS.userMap) },
  };
}

export function segmentsBody(): GraphQLBody {
  return { operationName: 'Segments', query: 'query Segments { segments { id label size profile sizeOverRuns { runId at size } } }', variables: {} };
}

const VIEW_FIELDS = `nodes { ${NODE_FIELDS} } edges { id type source target weight properties } truncated totalCount pageInfo { hasNextPage endCursor }`;

export function productMapBody(first = 100): GraphQLBody {
  return { operationName: 'ProductMap', query: `query ProductMap($first: Int) { productMap(first: $first) { ${VIEW_FIELDS} } }`, variables: { first: clamp(first, 1, LIMITS.view) } };
}

export function userViewBody(userId: string, first = 50): GraphQLBody {
  return { operationName: 'UserView', query: `query UserView($userId: ID!, $first: Int) { userView(userId: $userId, first: $first) { ${VIEW_FIELDS} } }`, variables: { userId, first: clamp(first, 1, LIMITS.view) } };
}

export function productViewBody(productId: string, first = 20): GraphQLBody {
  return {
    operationName: 'ProductView',
    query: `query ProductView($productId: ID!, $first: Int) { productView(productId: $productId, first: $first) { ${VIEW_FIELDS} } }`,
    variables: { productId, first: clamp(first, 1, LIMITS.view) },
  };
}

export function segmentViewBody(segmentId: string, first = 50, after?: string): GraphQLBody {
  return {
    operationName: 'SegmentView',
    query: `query SegmentView($segmentId: ID!, $first: Int, $after: String) { segmentView(segmentId: $segmentId, first: $first, after: $after) { ${VIEW_FIELDS} } }`,
    variables: { segmentId, first: clamp(first, 1, LIMITS.view), after: after ?? null },
  };
}

/** A node's raw events on demand (the aggregated views leave them out): its PERFORMED / ABOUT / FROM_DEVICE neighbourhood. */
export function rawEventsBody(nodeId: string, limit = 100): GraphQLBody {
  return {
    operationName: 'RawEvents',
    query:
      `query RawEvents($nodeId: ID!, $limit: Int) { neighborhood(nodeId: $nodeId, depth: 1, limit: $limit, relationshipTypes: [PERFORMED, ABOUT, FROM_DEVICE]) { ` +
      `nodes { ${NODE_FIELDS} } edges { id type source target properties } truncated } }`,
    variables: { nodeId, limit: clamp(limit, 1, LIMITS.neighborhood) },
  };
}
