/**
 * The graph's vocabulary. Cypher never takes a label or relationship type from user input:
 * anything dynamic must pass through these allowlists first.
 */
export const NODE_LABELS = ['User', 'Device', 'Product', 'Event', 'Segment', 'Run'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** Bookkeeping labels: schema migrations and ingest checkpoints. Never shown to users. */
export const SYSTEM_LABELS = ['Migration', 'IngestCheckpoint'] as const;
export type SystemLabel = (typeof SYSTEM_LABELS)[number];

export const RELATIONSHIP_TYPES = [
  'OWNS',
  'INSTANCE_OF',
  'PERFORMED',
  'ABOUT',
  'FROM_DEVICE',
  'IN_SEGMENT',
  'SIMILAR_TO',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export function isNodeLabel(value: string): value is NodeLabel {
  return (NODE_LABELS as readonly string[]).includes(value);
}

export function isRelationshipType(value: string): value is RelationshipType {
  return (RELATIONSHIP_TYPES as readonly string[]).includes(value);
}

/** Returns the label unchanged when allowlisted, throws otherwise: use before building Cypher text. */
export function assertNodeLabel(value: string): NodeLabel {
  if (!isNodeLabel(value)) throw new Error(`unknown node label "${value}"; allowed: ${NODE_LABELS.join(', ')}`);
  return value;
}

export function assertRelationshipType(value: string): RelationshipType {
  if (!isRelationshipType(value)) {
    throw new Error(`unknown relationship type "${value}"; allowed: ${RELATIONSHIP_TYPES.join(', ')}`);
  }
  return value;
}
