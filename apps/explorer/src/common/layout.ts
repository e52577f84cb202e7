/**
 * Positions for new nodes. New neighbours go on a ring around the node they hang off, then a few
 * iterations of a small force layout move only the new nodes, so what the analyst has already seen
 * stays where it was (a full re-layout on every expand would lose their mental map).
 * Deterministic: no randomness, so tests and screenshots are stable.
 */
export interface Point {
  x: number;
  y: number;
}

/** Spacing between neighbours on a ring, in graph units. */
export const RING_SPACING = 1;

/** Radius of a ring that fits `count` nodes about RING_SPACING apart, never closer than 2 units. */
export function ringRadius(count: number): number {
  return Math.max(2, (count * RING_SPACING) / (2 * Math.PI));
}

/**
 * `count` points evenly on a ring around `center`. When `awayFrom` is given (the centre of what
 * is already drawn), the ring is pushed outwards so the new nodes land beside the graph, not on it.
 */
export function ringAround(center: Point, count: number, awayFrom?: Point): Point[] {
  if (count <= 0) return [];
  const radius = ringRadius(count);
  let cx = center.x;
  let cy = center.y;
  let start = 0;
  if (awayFrom) {
    const dx = center.x - awayFrom.x;
    const dy = center.y - awayFrom.y;
    const d = Math.hypot(dx, dy);
    if (d > 1e-9) {
      cx += (dx / d) * radius;
      cy += (dy / d) * radius;
      start = Math.atan2(dy, dx) + Math.PI; // first node points back to the expanded node
    }
  }
  return Array.from({ length: count }, (_, i) => {
    const a = start + (2 * Math.PI * i) / count;
    return { x: cx + radius * Math.cos(a), y: cy + radius * Math.sin(a) };
  });
}

export interface ForceInput {
  /** Mutable positions by node id. */
  positions: Map<string, Point>;
  edges: readonly [string, string][];
  /** Only these move; the rest repel and attract but stay put. */
  movable: ReadonlySet<string>;
  iterations?: number;
}

/**
 * Fruchterman–Reingold-style relaxation restricted to `movable` nodes: O(iterations × movable × n).
 * With the explorer's limits (a few hundred nodes) this is a few milliseconds.
 */
export function relax({ positions, edges, movable, iterations = 30 }: ForceInput): void {
  if (movable.size === 0) return;
  const k = RING_SPACING * 1.5; // ideal edge length
  const ids = [...positions.keys()];
  for (let it = 0; it < iterations; it++) {
    const maxStep = k * (1 - it / iterations) * 0.5 + 0.01; // cooling
    const disp = new Map<string, Point>();
    for (const id of movable) disp.set(id, { x: 0, y: 0 });
    for (const id of movable) {
      const p = positions.get(id);
      const d = disp.get(id);
      if (!p || !d) continue;
      for (const other of ids) {
        if (other === id) continue;
        const q = positions.get(other) as Point;
        let dx = p.x - q.x;
        let dy = p.y - q.y;
        let dist = Math.hypot(dx, dy);
        if (dist < 1e-6) {
          // coincident nodes: separate them along a direction derived from the ids, not at random
          dx = Math.cos(id.length + other.length);
          dy = Math.sin(id.length + other.length);
          dist = 1e-3;
        }
        if (dist > 4 * k) continue; // far nodes barely matter; skipping keeps it near-linear on sparse views
        const f = (k * k) / dist;
        d.x += (dx / dist) * f;
        d.y += (dy / dist) * f;
      }
    }
    for (const [a, b] of edges) {
      const pa = positions.get(a);
      const pb = positions.get(b);
      if (!pa || !pb) continue;
      const dx = pa.x - pb.x;
      const dy = pa.y - pb.y;
      const dist = Math.max(Math.hypot(dx, dy), 1e-6);
      const f = (dist * dist) / k;
      const da = disp.get(a);
      const db = disp.get(b);
      if (da) {
        da.x -= (dx / dist) * f;
        da.y -= (dy / dist) * f;
      }
      if (db) {
        db.x += (dx / dist) * f;
        db.y += (dy / dist) * f;
      }
    }
    for (const [id, d] of disp) {
      const p = positions.get(id) as Point;
      const len = Math.hypot(d.x, d.y);
      if (len < 1e-9) continue;
      const step = Math.min(len, maxStep);
      p.x += (d.x / len) * step;
      p.y += (d.y / len) * step;
    }
  }
}

export function centroid(points: Iterable<Point>): Point | undefined {
  let x = 0;
  let y = 0;
  let n = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
    n++;
  }
  return n ? { x: x / n, y: y / n } : undefined;
}

/** Rows per column in a view's column layout: labels (about 14 px) stay apart in a 500 px tall graph. */
export const ROWS_PER_COLUMN = 22;
/** Horizontal distance between columns, in rows: room for a product name's label. */
export const COLUMN_GAP = 5;

/**
 * A view centred on one node (a user, a product, a segment): the anchor in the middle, the rest in
 * columns left and right of it, top to bottom in the order given (so a device sits under the
 * product it is, and the strongest related product on top). Labels run left to right, so columns
 * keep them apart where a ring would pile them up at its top and bottom.
 */
export function columnLayout(count: number, rowsPerColumn = ROWS_PER_COLUMN): Point[] {
  if (count <= 0) return [];
  const perSide = Math.max(1, Math.ceil(count / (2 * rowsPerColumn)));
  const columns = 2 * perSide;
  const rows = Math.ceil(count / columns);
  // Wider than tall, like the graph area: a tall drawing would be scaled down to fit its height.
  const gap = Math.max(COLUMN_GAP, Math.ceil((rows * 0.6) / perSide));
  // Columns from the far left to the far right, skipping the anchor's place in the middle.
  const xs = Array.from({ length: columns }, (_, c) => (c < perSide ? -(perSide - c) : c - perSide + 1) * gap);
  return Array.from({ length: count }, (_, i) => {
    const column = Math.floor(i / rows);
    const row = i % rows;
    const inColumn = Math.min(rows, count - column * rows);
    return { x: xs[column], y: (inColumn - 1) / 2 - row };
  });
}
