/**
 * Merging API subgraphs into the graphology graph that sigma draws. Nodes and edges are keyed by
 * their global API ids ("Product:P-…"), so drawing the same neighbourhood twice, or expanding two
 * nodes that share neighbours, never duplicates anything.
 */
import { MultiDirectedGraph } from 'graphology';
import { ColorMode, SegmentColors, nodeColor } from './colors';
import { Point, centroid, relax, ringAround } from './layout';
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
  properties: Record<string, Json>;
}

export interface EdgeAttributes {
  relType: string;
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
const EDGE_COLOR = '#c8c8c8';

export interface MergeOptions {
  /** The node the subgraph was fetched around: new nodes are placed around it. */
  anchor?: string;
  colorMode: ColorMode;
  segmentColors: SegmentColors;
  /** Force-layout iterations over the new nodes (0 keeps the plain ring). */
  iterations?: number;
}

export interface MergeResult {
  addedNodes: string[];
  addedEdges: string[];
}

function attributesOf(node: GraphNode, options: MergeOptions): Omit<NodeAttributes, 'x' | 'y'> {
  return {
    size: NODE_SIZES[node.label] ?? 6,
    color: nodeColor(node.label, node.segmentId, options.colorMode, options.segmentColors),
    label: node.name || node.externalId,
    kind: node.label,
    externalId: node.externalId,
    segmentId: node.segmentId,
    properties: node.properties,
  };
}

export function mergeSubgraph(graph: ExplorerGraph, subgraph: Subgraph, options: MergeOptions): MergeResult {
  const fresh = subgraph.nodes.filter((n, i, all) => !graph.hasNode(n.id) && all.findIndex((m) => m.id === n.id) === i);
  // Existing nodes keep their place but take the newer attributes (a segment may have been assigned since).
  for (const node of subgraph.nodes) {
    if (graph.hasNode(node.id)) graph.mergeNodeAttributes(node.id, attributesOf(node, options));
  }

  const anchorPoint: Point = options.anchor && graph.hasNode(options.anchor) ? pointOf(graph, options.anchor) : { x: 0, y: 0 };
  const drawn = centroid(graph.mapNodes((_, a) => ({ x: a.x, y: a.y })));
  // The anchor itself, when new (first draw), sits at the centre of the ring rather than on it.
  const ringNodes = fresh.filter((n) => n.id !== options.anchor);
  const ring = ringAround(anchorPoint, ringNodes.length, graph.order > 1 ? drawn : undefined);
  const addedNodes: string[] = [];
  for (const node of fresh) {
    const at = node.id === options.anchor ? anchorPoint : ring[ringNodes.indexOf(node)];
    graph.addNode(node.id, { ...attributesOf(node, options), x: at.x, y: at.y });
    addedNodes.push(node.id);
  }

  const addedEdges: string[] = [];
  for (const edge of subgraph.edges) {
    // Edges to nodes outside the answer (the API truncated them) have nothing to attach to.
    if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, { relType: edge.type, size: 1, color: EDGE_COLOR, properties: edge.properties });
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
export function recolor(graph: ExplorerGraph, mode: ColorMode, segmentColors: SegmentColors): void {
  graph.updateEachNodeAttributes((_, a) => ({ ...a, color: nodeColor(a.kind, a.segmentId, mode, segmentColors) }), { attributes: ['color'] });
}
