/**
 * Who may read which field. Checked on the whole document before execution (graphql/admission-hooks.ts, through auth/admission.ts), so
 * a denied field costs no Cypher and nested fields are covered too (e.g. a crm key reaching
 * Product.relatedItems through segment members). Fields not listed are open to any valid key:
 * they are only reachable through a listed root field.
 */
import { Role } from './keys';

const ANALYST: readonly Role[] = ['analyst'];
const SERVING: readonly Role[] = ['analyst', 'service'];
const SEGMENTS: readonly Role[] = ['analyst', 'crm'];

export const FIELD_ROLES: Readonly<Record<string, readonly Role[]>> = {
  'Query.product': SERVING,
  'Query.user': ANALYST,
  'Query.relatedItems': SERVING,
  'Query.recommendations': SERVING,
  'Query.rank': SERVING,
  'Query.nextInSession': SERVING,
  'Query.segments': SEGMENTS,
  'Query.segment': SEGMENTS,
  'Query.userSegment': SEGMENTS,
  'Query.neighborhood': ANALYST,
  'Query.shortestPath': ANALYST,
  'Query.search': ANALYST,
  'Query.userView': ANALYST,
  'Query.productView': ANALYST,
  'Query.segmentView': ANALYST,
  'Query.productMap': ANALYST,
  'Query.userMap': ANALYST,
  'Query.runs': ANALYST,
  // A decision is stored and counts in the decision log: the service's backend asks, for a visitor.
  'Query.nextBestProduct': ['service'],
  // A score, not a stored decision: the service targets with it, analysts study it.
  'Query.propensity': SERVING,
  // Writes are the service's alone: analysts read, they do not feed the graph.
  'Mutation.trackEvent': ['service'],
  'Product.relatedItems': SERVING,
  'User.events': ANALYST,
  'User.devices': ANALYST,
  'User.properties': SEGMENTS,
  'User.segment': SEGMENTS,
  'Segment.members': SEGMENTS,
};

/** Root fields not in the table are denied, so a new query is closed until someone lists it. */
export function allowed(role: Role, parentType: string, field: string, isRoot: boolean): boolean {
  if (field === '__typename') return true;
  if (isRoot && (field === '__schema' || field === '__type')) return true;
  const roles = FIELD_ROLES[`${parentType}.${field}`];
  if (!roles) return !isRoot;
  return roles.includes(role);
}

/** Which roles may download the segment exports. */
export const EXPORT_ROLES: readonly Role[] = SEGMENTS;
