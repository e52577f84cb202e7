/**
 * Node colours: by label (the default) or, for users, by segment. Palettes are fixed and
 * colour-blind-friendly enough to tell a handful of segments apart; segment colours are handed out
 * in first-seen order so the same page session keeps a segment's colour while the graph grows.
 */
import type { NodeLabel } from './types';

export type ColorMode = 'label' | 'segment';

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

export function nodeColor(kind: NodeLabel, segmentId: string | null, mode: ColorMode, segments: SegmentColors): string {
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
  nodes: Iterable<{ kind: NodeLabel; segmentId: string | null }>,
  mode: ColorMode,
  segments: SegmentColors,
  segmentLabels: ReadonlyMap<string, string> = new Map(),
): LegendEntry[] {
  const rows = new Map<string, LegendEntry>();
  const bump = (key: string, color: string, text: string): void => {
    const row = rows.get(key);
    if (row) row.count++;
    else rows.set(key, { color, text, count: 1 });
  };
  for (const node of nodes) {
    if (mode === 'label') bump(node.kind, LABEL_COLORS[node.kind], node.kind);
    else if (node.kind === 'User' && node.segmentId) {
      bump(`s:${node.segmentId}`, segments.colorOf(node.segmentId), `Segment ${segmentLabels.get(node.segmentId) ?? node.segmentId}`);
    } else if (node.kind === 'User') bump('s:none', NO_SEGMENT_COLOR, 'User without segment');
    else if (node.kind === 'Segment') bump('Segment', LABEL_COLORS.Segment, 'Segment node');
    else bump('other', MUTED_COLOR, 'Other nodes');
  }
  return [...rows.values()];
}
