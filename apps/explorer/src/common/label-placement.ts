/**
 * Which node labels to draw so that none overlap. Sigma draws every label we ask for (the views
 * once drew all of them, and a segment page of 50 members or a dense product map became a smear of
 * text). Greedy by priority: the chosen and the viewed node first, then bigger nodes; a label that
 * would touch one already placed is left out. Left-out labels are not lost: hovering a node draws
 * its label, and the node list under the graph names every node (the keyboard and screen-reader way).
 * Pure and deterministic (ties broken by id), so the e2e test can check the drawing against it.
 */

export interface LabelBox {
  id: string;
  /** Top-left corner and size, in viewport pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Higher goes first. */
  priority: number;
}

/** Space kept between two labels, in pixels. */
export const LABEL_PADDING = 2;
const CELL = 64;

export const overlaps = (a: LabelBox, b: LabelBox, padding = LABEL_PADDING): boolean =>
  a.x < b.x + b.width + padding && b.x < a.x + a.width + padding && a.y < b.y + b.height + padding && b.y < a.y + a.height + padding;

/**
 * The ids of the labels to draw. A uniform grid keeps it near-linear for the few thousand labels a
 * view can hold. With `bounds` (the canvas size), a label that would run past an edge is left out
 * rather than drawn cut off.
 */
export function placeLabels(boxes: readonly LabelBox[], padding = LABEL_PADDING, bounds?: { width: number; height: number }): Set<string> {
  const order = [...boxes].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const grid = new Map<string, LabelBox[]>();
  const cells = (box: LabelBox): string[] => {
    const keys: string[] = [];
    for (let cx = Math.floor((box.x - padding) / CELL); cx <= Math.floor((box.x + box.width + padding) / CELL); cx++) {
      for (let cy = Math.floor((box.y - padding) / CELL); cy <= Math.floor((box.y + box.height + padding) / CELL); cy++) keys.push(`${cx},${cy}`);
    }
    return keys;
  };
  const placed = new Set<string>();
  for (const box of order) {
    if (!(box.width > 0 && box.height > 0) || ![box.x, box.y, box.width, box.height].every(Number.isFinite)) continue;
    if (bounds && (box.x < 0 || box.y < 0 || box.x + box.width > bounds.width || box.y + box.height > bounds.height)) continue;
    const keys = cells(box);
    if (keys.some((k) => grid.get(k)?.some((other) => overlaps(box, other, padding)))) continue;
    placed.add(box.id);
    for (const k of keys) {
      const list = grid.get(k);
      if (list) list.push(box);
      else grid.set(k, [box]);
    }
  }
  return placed;
}
