import { isValidId } from '@graphrec/graph-model';
/** Global node ids, "Label:externalId" (external ids are unique per label only). Pure, unit-tested. */
import { NodeLabel } from '../graphql/enums';
import { ApiError } from '../common/errors';
import { displayProperties } from '../common/values';
import { GraphEdge, GraphNode } from '../graphql/models';
import { RelationshipType } from '../graphql/enums';

const LABELS = Object.values(NodeLabel) as string[];

export function parseGlobalId(id: string, argument: string): { label: NodeLabel; externalId: string } {
  const colon = id.indexOf(':');
  const label = colon > 0 ? id.slice(0, colon) : '';
  const externalId = colon > 0 ? id.slice(colon + 1) : '';
  if (!LABELS.includes(label) || !isValidId(externalId)) {
    throw new ApiError('BAD_USER_INPUT', `${argument} must be a global id "Label:externalId" with Label one of ${LABELS.join(', ')}, got "${id}"`, { argument });
  }
  return { label: label as NodeLabel, externalId };
}

export interface RawNode {
  elementId: string;
  labels: string[];
  props: Record<string, unknown>;
}

export interface RawEdge {
  edgeId: string;
  type: string;
  source: string;
  target: string;
  edgeProps: Record<string, unknown>;
}

/** Undefined for nodes the API does not show (no public label). */
export function toGraphNode(raw: RawNode, segmentOf: ReadonlyMap<string, string> = new Map()): GraphNode | undefined {
  const label = raw.labels.find((l) => LABELS.includes(l)) as NodeLabel | undefined;
  if (!label) return undefined;
  const p = raw.props;
  const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
  const externalId = (label === NodeLabel.Segment ? str(p.segmentId) : str(p.id)) ?? raw.elementId;
  const name =
    label === NodeLabel.Product ? (str(p.name) ?? externalId) : label === NodeLabel.Segment ? (str(p.label) ?? externalId) : label === NodeLabel.Event ? `${str(p.type) ?? 'event'} ${externalId}` : externalId;
  const segmentId = label === NodeLabel.User ? (segmentOf.get(externalId) ?? null) : label === NodeLabel.Segment ? externalId : null;
  return Object.assign(new GraphNode(), { id: `${label}:${externalId}`, externalId, label, name, segmentId, properties: displayProperties(p) });
}

export function toGraphEdge(raw: RawEdge, globalIdOf: ReadonlyMap<string, string>): GraphEdge | undefined {
  const source = globalIdOf.get(raw.source);
  const target = globalIdOf.get(raw.target);
  if (!source || !target) return undefined;
  return Object.assign(new GraphEdge(), { id: raw.edgeId, type: raw.type as RelationshipType, source, target, properties: displayProperties(raw.edgeProps) });
}

/** Lucene's query syntax characters, each escaped with a backslash (&& and || as single characters). */
export function escapeLucene(text: string): string {
  return text.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`);
}

/**
 * The full-text query for a search box: the escaped text (analysed into terms, any may match,
 * best-scoring first) plus a prefix match on the last word so that results appear while typing.
 */
export function productSearchQuery(text: string): string {
  // Lower-case operator words so that a name containing "and" is not read as an operator.
  const escaped = escapeLucene(text.trim()).replace(/\b(AND|OR|NOT|TO)\b/g, (w) => w.toLowerCase());
  const last = /([A-Za-z0-9]+)$/.exec(text.trim())?.[1];
  return last && last.length >= 2 ? `${escaped} OR ${last.toLowerCase()}*` : escaped;
}
