/**
 * Node colours: by label (the default) or, for users, by segment. Palettes are fixed and
 * colour-blind-friendly enough to tell a handful of segments apart; segment colours are handed out
 * in first-seen order so the same page session keeps a segment's colour while the graph grows.
 */
import type { NodeLabel } from './types';

/** label: by node kind; segment: users by segment; category: products by category (the product map). */
export type ColorMode = 'label' | 'segment' | 'category';

export const LABEL_COLORS: Readonly<Record<NodeLabel, string>> = {
  User: '#4c78a8',
  Device: '#72b7b2',
  Product: '#f58518',
  Event: '#bab0ac',
  Segment: '#b279a2',
};

// Tableau-10 minus the colours taken by labels above, then a few extra distinct hues.
const SEGMENT_PALETTE = ['#e45756', '#54a24b', '#eeca3b', '#9d755d', '#ff9da6', '#2f4b7c', '#a05195', '#00876c', '#d45087', '#665191', '#ffa600', '#488f31'];

/** Users whose segment is unknown, and non-user nodes when colouring by segment (so segments stand out). */
export const NO_SEGMENT_COLOR = '#cccccc';
export const MUTED_COLOR = '#e6e6e6';

export class SegmentColors {
  private readonly assigned = new Map<string, string>();

  colorOf(segmentId: string): string {
    let color = this.assigned.get(segmentId);
    if (!color) {
      color = SEGMENT_PALETTE[this.assigned.size % SEGMENT_PALETTE.length];
      this.assigned.set(segmentId, color);
    }
    return color;
  }

  /** Pre-assigns in the order given (e.g. the segments list sorted by id), so colours match the overview. */
  seed(segmentIds: readonly string[]): void {
    for (const id of segmentIds) this.colorOf(id);
  }
}

/** Relationship colours, one per type the views draw; the legend lists those drawn. */
export const EDGE_COLORS: Readonly<Record<string, string>> = {
  // Grey, not a hue: the product map spends the hues on categories.
  SIMILAR_TO: '#7f7f7f',
  CO_OWNED: '#4c78a8',
  ENGAGED: '#9ecae9',
  HOLDS: '#b279a2',
  NEXT_BEST: '#54a24b',
};
export const DEFAULT_EDGE_COLOR = '#c8c8c8';

/** What the legend says for each relationship type (one place, like property-names.ts for keys). */
export const EDGE_NAMES: Readonly<Record<string, string>> = {
  SIMILAR_TO: 'Similar (embeddings; width = score)',
  CO_OWNED: 'Held together (width = users)',
  ENGAGED: 'Engaged with (width = events)',
  HOLDS: 'Held by members (width = holders)',
  NEXT_BEST: 'Next best product (segment profile)',
  OWNS: 'Owns',
  INSTANCE_OF: 'Is a',
  IN_SEGMENT: 'Member of',
  PERFORMED: 'Performed',
  ABOUT: 'About',
  FROM_DEVICE: 'From device',
};

export function edgeColor(type: string): string {
  return EDGE_COLORS[type] ?? DEFAULT_EDGE_COLOR;
}

export function nodeColor(kind: NodeLabel, segmentId: string | null, mode: ColorMode, segments: SegmentColors, category: string | null = null, categories?: SegmentColors): string {
  if (mode === 'category') return kind === 'Product' && category && categories ? categories.colorOf(category) : LABEL_COLORS[kind];
  if (mode === 'label') return LABEL_COLORS[kind];
  if (kind === 'Segment') return LABEL_COLORS.Segment;
  if (kind !== 'User') return MUTED_COLOR;
  return segmentId ? segments.colorOf(segmentId) : NO_SEGMENT_COLOR;
}

export interface LegendEntry {
  color: string;
  text: string;
  count: number;
}

/** Legend rows for the nodes currently drawn: one per label, or one per segment (plus "no segment" / "other"). */
export function legendEntries(
  nodes: Iterable<{ kind: NodeLabel; segmentId: string | null; category?: string | null }>,
  mode: ColorMode,
  segments: SegmentColors,
  segmentLabels: ReadonlyMap<string, string> = new Map(),
  categories?: SegmentColors,
): LegendEntry[] {
  const rows = new Map<string, LegendEntry>();
  const bump = (key: string, color: string, text: string): void => {
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { color, text, count: 1 });
  };
  for (const node of nodes) {
    if (mode === 'category' && node.kind === 'Product' && node.category && categories) bump(`c:${node.category}`, categories.colorOf(node.category), node.category.replace(/_/g, ' '));
    else if (mode === 'label' || mode === 'category') bump(node.kind, LABEL_COLORS[node.kind], node.kind);
    else if (node.kind === 'User' && node.segmentId) {
      bump(`s:${node.segmentId}`, segments.colorOf(node.segmentId), `Segment ${segmentLabels.get(node.segmentId) ?? node.segmentId}`);
    } else if (node.kind === 'User') bump('s:none', NO_SEGMENT_COLOR, 'User without segment');
    else if (node.kind === 'Segment') bump('Segment', LABEL_COLORS.Segment, 'Segment node');
    else bump('other', MUTED_COLOR, 'Other nodes');
  }
  return [...rows.values()];
}

/** Legend rows for the relationships drawn, one per type, in the order first drawn. */
export function edgeLegendEntries(types: Iterable<string>): LegendEntry[] {
  const rows = new Map<string, LegendEntry>();
  for (const type of types) {
    const row = rows.get(type);
    if (row) row.count++;
    else rows.set(type, { color: edgeColor(type), text: EDGE_NAMES[type] ?? type, count: 1 });
  }
  return [...rows.values()];
}
