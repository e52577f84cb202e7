/**
 * Merging API subgraphs into the graphology graph that sigma draws. Nodes and edges are keyed by
 * their global API ids ("Product:P-…"), so drawing the same neighbourhood twice, or expanding two
 * nodes that share neighbours, never duplicates anything.
 */
import { MultiDirectedGraph } from 'graphology';
import { ColorMode, SegmentColors, edgeColor, nodeColor } from './colors';
import { Point, centroid, columnLayout, relax, ringAround } from './layout';
import type { GraphNode, Json, NodeLabel, Subgraph } from './types';

export interface NodeAttributes {
  // sigma reads x, y, size, color, label; `type` is reserved by sigma for the node program, hence `kind`.
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  kind: NodeLabel;
  externalId: string;
  segmentId: string | null;
  /** Products: their category (colour on the product map). */
  category: string | null;
  properties: Record<string, Json>;
}

export interface EdgeAttributes {
  relType: string;
  /** Aggregated views: the number the edge stands for (events, score, users). */
  weight: number | null;
  size: number;
  color: string;
  properties: Record<string, Json>;
}

/** Multi: two nodes may be linked by more than one relationship type (e.g. OWNS and PERFORMED via events). */
export type ExplorerGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export function createGraph(): ExplorerGraph {
  return new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
}

export const NODE_SIZES: Readonly<Record<NodeLabel, number>> = { Product: 12, User: 9, Segment: 12, Device: 6, Event: 4 };
/** Largest node (most holders) and widest edge (largest weight of its type) on screen. */
// 14 px radius: rows of a column view are about 25 px apart, so the most-held product does not cover its neighbours.
export const MAX_NODE_SIZE = 14;
export const MAX_EDGE_SIZE = 6;
/** Relationships without a weight (owns, member of): thin, so the weighted ones stand out. */
export const PLAIN_EDGE_SIZE = 0.5;

export interface MergeOptions {
  /** The node the subgraph was fetched around: new nodes are placed around it. */
  anchor?: string;
  colorMode: ColorMode;
  segmentColors: SegmentColors;
  /** Category colours (colour mode 'category'); one per page so a category keeps its colour. */
  categoryColors?: SegmentColors;
  /** Force-layout iterations over the new nodes (0 keeps the plain ring). */
  iterations?: number;
}

export interface MergeResult {
  addedNodes: string[];
  addedEdges: string[];
}

const numberOr = (value: Json | undefined, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/**
 * Node size: by holders where the view says how many (products on the map, in a product's or a
 * segment's view), area proportional to holders against the most-held product drawn; else by kind.
 */
export function nodeSize(node: GraphNode, maxHolders: number): number {
  const holders = numberOr(node.properties.holders, -1);
  const base = NODE_SIZES[node.label] ?? 6;
  if (holders < 0 || maxHolders <= 0) return base;
  return Math.max(3, Math.round(MAX_NODE_SIZE * Math.sqrt(holders / maxHolders) * 10) / 10);
}

/** Edge width: 1 for plain relationships; for weighted ones, up to MAX_EDGE_SIZE against the largest of their type. */
export function edgeSize(weight: number | undefined, maxOfType: number): number {
  if (weight === undefined || !(maxOfType > 0)) return PLAIN_EDGE_SIZE;
  return Math.max(0.5, Math.round(MAX_EDGE_SIZE * (weight / maxOfType) * 10) / 10);
}

function attributesOf(node: GraphNode, options: MergeOptions, maxHolders: number): Omit<NodeAttributes, 'x' | 'y'> {
  const category = typeof node.properties.category === 'string' ? node.properties.category : null;
  return {
    size: nodeSize(node, maxHolders),
    color: nodeColor(node.label, node.segmentId, options.colorMode, options.segmentColors, category, options.categoryColors),
    category,
    label: node.name || node.externalId,
    kind: node.label,
    externalId: node.externalId,
    segmentId: node.segmentId,
    properties: node.properties,
  };
}

export function mergeSubgraph(graph: ExplorerGraph, subgraph: Subgraph, options: MergeOptions): MergeResult {
  const fresh = subgraph.nodes.filter((n, i, all) => !graph.hasNode(n.id) && all.findIndex((m) => m.id === n.id) === i);
  const maxHolders = Math.max(0, ...subgraph.nodes.map((n) => numberOr(n.properties.holders, 0)));
  const maxWeight = new Map<string, number>();
  for (const e of subgraph.edges) if (e.weight !== undefined) maxWeight.set(e.type, Math.max(maxWeight.get(e.type) ?? 0, e.weight));
  // Existing nodes keep their place but take the newer attributes (a segment may have been assigned since).
  for (const node of subgraph.nodes) {
    if (graph.hasNode(node.id)) graph.mergeNodeAttributes(node.id, attributesOf(node, options, maxHolders));
  }

  const anchorPoint: Point = options.anchor && graph.hasNode(options.anchor) ? pointOf(graph, options.anchor) : { x: 0, y: 0 };
  const drawn = centroid(graph.mapNodes((_, a) => ({ x: a.x, y: a.y })));
  // The anchor itself, when new (first draw), sits at the centre of the ring rather than on it.
  const ringNodes = fresh.filter((n) => n.id !== options.anchor);
  const ring = ringAround(anchorPoint, ringNodes.length, graph.order > 1 ? drawn : undefined);
  const addedNodes: string[] = [];
  for (const node of fresh) {
    const at = node.id === options.anchor ? anchorPoint : ring[ringNodes.indexOf(node)];
    graph.addNode(node.id, { ...attributesOf(node, options, maxHolders), x: at.x, y: at.y });
    addedNodes.push(node.id);
  }

  const addedEdges: string[] = [];
  for (const edge of subgraph.edges) {
    // Edges to nodes outside the answer (the API truncated them) have nothing to attach to.
    if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      relType: edge.type,
      weight: edge.weight ?? null,
      size: edgeSize(edge.weight, maxWeight.get(edge.type) ?? 0),
      color: edgeColor(edge.type),
      properties: edge.properties,
    });
    addedEdges.push(edge.id);
  }

  const movable = new Set(addedNodes.filter((id) => id !== options.anchor));
  if ((options.iterations ?? 30) > 0 && movable.size > 0 && graph.order > movable.size + 1) {
    relaxNew(graph, movable, options.iterations ?? 30);
  }
  return { addedNodes, addedEdges };
}

function pointOf(graph: ExplorerGraph, id: string): Point {
  const a = graph.getNodeAttributes(id);
  return { x: a.x, y: a.y };
}

function relaxNew(graph: ExplorerGraph, movable: Set<string>, iterations: number): void {
  const positions = new Map<string, Point>();
  graph.forEachNode((id, a) => positions.set(id, { x: a.x, y: a.y }));
  const edges: [string, string][] = graph.mapEdges((_, __, s, t) => [s, t]);
  relax({ positions, edges, movable, iterations });
  for (const id of movable) {
    const p = positions.get(id) as Point;
    graph.mergeNodeAttributes(id, { x: p.x, y: p.y });
  }
}

/** Re-colours every node (after the colour-mode toggle). */
export function recolor(graph: ExplorerGraph, mode: ColorMode, segmentColors: SegmentColors, categoryColors?: SegmentColors): void {
  graph.updateEachNodeAttributes((_, a) => ({ ...a, color: nodeColor(a.kind, a.segmentId, mode, segmentColors, a.category, categoryColors) }), { attributes: ['color'] });
}

/** Order of kinds down a view's columns: what the view is about first, raw detail last. */
const KIND_ORDER: readonly NodeLabel[] = ['Segment', 'Product', 'Device', 'User', 'Event'];

/**
 * Lays a whole view out afresh. Centred on a node: the anchor in the middle, its neighbours in
 * columns by kind, strongest edge first, each node not linked to the anchor (a device) right under
 * the neighbour it hangs off (its product). The product map (no anchor): a force relaxation, so
 * products held together cluster. Deterministic either way.
 */
export function layoutView(graph: ExplorerGraph, anchor: string | undefined, iterations = 60): void {
  if (!anchor || !graph.hasNode(anchor)) {
    const movable = new Set(graph.nodes());
    if (movable.size > 1) relaxNew(graph, movable, iterations);
    graph.updateEachNodeAttributes((_, a) => ({ ...a, x: a.x * LABEL_STRETCH }), { attributes: ['x'] });
    return;
  }
  const weightToAnchor = new Map<string, number>();
  graph.forEachEdge(anchor, (_, a, source, target) => {
    const other = source === anchor ? target : source;
    weightToAnchor.set(other, Math.max(weightToAnchor.get(other) ?? 0, a.weight ?? 0));
  });
  // A device goes under the product it is, and a node not linked to the anchor under the first
  // neighbour of the anchor it is linked to; the rest are sorted by kind, strongest edge first.
  const hostOf = (id: string): string | undefined =>
    weightToAnchor.has(id) && graph.getNodeAttribute(id, 'kind') !== 'Device'
      ? undefined
      : graph.neighbors(id).find((n) => n !== anchor && weightToAnchor.has(n) && graph.getNodeAttribute(n, 'kind') !== 'Device');
  const under = new Map<string, string[]>();
  const top: string[] = [];
  for (const id of graph.nodes().sort()) {
    if (id === anchor) continue;
    const host = hostOf(id);
    if (host) under.set(host, [...(under.get(host) ?? []), id]);
    else top.push(id);
  }
  top.sort((x, y) => {
    const kx = KIND_ORDER.indexOf(graph.getNodeAttribute(x, 'kind'));
    const ky = KIND_ORDER.indexOf(graph.getNodeAttribute(y, 'kind'));
    return kx - ky || (weightToAnchor.get(y) ?? 0) - (weightToAnchor.get(x) ?? 0) || x.localeCompare(y);
  });
  const order = top.flatMap((id) => [id, ...(under.get(id) ?? [])]);
  const points = columnLayout(order.length);
  graph.mergeNodeAttributes(anchor, { x: 0, y: 0 });
  order.forEach((id, i) => graph.mergeNodeAttributes(id, { x: points[i].x, y: points[i].y }));
}

/** How much wider than tall the product map is drawn: labels run left to right. */
export const LABEL_STRETCH = 1.2;
