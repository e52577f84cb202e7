import { SegmentColors } from './colors';
import { createGraph, edgeSize, layoutView, MAX_EDGE_SIZE, MAX_NODE_SIZE, mergeSubgraph, nodeSize, PLAIN_EDGE_SIZE, recolor } from './graph-merge';
import { columnLayout, ringAround, ringRadius, ROWS_PER_COLUMN } from './layout';
import type { GraphNode, Subgraph } from './types';

function node(id: string, segmentId: string | null = null): GraphNode {
  const [label, externalId] = id.split(':') as [GraphNode['label'], string];
  return { id, externalId, label, name: `name of ${externalId}`, segmentId, properties: { id: externalId } };
}

function star(center: string, leaves: string[]): Subgraph {
  return {
    nodes: [node(center), ...leaves.map((l) => node(l))],
    edges: leaves.map((l) => ({ id: `${l}->${center}`, type: 'INSTANCE_OF', source: l, target: center, properties: {} })),
    truncated: false,
  };
}

const options = () => ({ colorMode: 'label' as const, segmentColors: new SegmentColors() });

describe('mergeSubgraph', () => {
  it('draws a first neighbourhood with the anchor at the centre and its neighbours on a ring', () => {
    const graph = createGraph();
    const result = mergeSubgraph(graph, star('Product:P1', ['Device:d1', 'Device:d2', 'Device:d3']), { ...options(), anchor: 'Product:P1' });
    expect(result.addedNodes).toHaveLength(4);
    expect(result.addedEdges).toHaveLength(3);
    expect(graph.getNodeAttributes('Product:P1')).toMatchObject({ x: 0, y: 0, kind: 'Product', label: 'name of P1', externalId: 'P1' });
    for (const id of ['Device:d1', 'Device:d2', 'Device:d3']) {
      const { x, y } = graph.getNodeAttributes(id);
      expect(Math.hypot(x, y)).toBeCloseTo(ringRadius(3));
    }
  });

  it('never duplicates nodes or edges, within one answer or across expansions', () => {
    const graph = createGraph();
    mergeSubgraph(graph, star('Product:P1', ['Device:d1', 'Device:d2']), { ...options(), anchor: 'Product:P1' });
    const before = graph.getNodeAttributes('Device:d1');
    const again = star('Device:d1', ['Product:P1', 'User:u1', 'User:u1']);
    again.edges.push(again.edges[0]);
    const result = mergeSubgraph(graph, again, { ...options(), anchor: 'Device:d1' });
    expect(result.addedNodes).toEqual(['User:u1']);
    expect(graph.order).toBe(4);
    expect(graph.size).toBe(4);
    // Nodes already drawn stay where the analyst saw them.
    expect(graph.getNodeAttributes('Device:d1')).toMatchObject({ x: before.x, y: before.y });
    expect(mergeSubgraph(graph, again, { ...options(), anchor: 'Device:d1' })).toEqual({ addedNodes: [], addedEdges: [] });
  });

  it('places expanded neighbours near the expanded node and apart from each other', () => {
    const graph = createGraph();
    mergeSubgraph(graph, star('Product:P1', ['Device:d1', 'Device:d2', 'Device:d3', 'Device:d4']), { ...options(), anchor: 'Product:P1' });
    const leaves = Array.from({ length: 8 }, (_, i) => `Event:e${i}`);
    mergeSubgraph(graph, star('Device:d1', leaves), { ...options(), anchor: 'Device:d1' });
    const d1 = graph.getNodeAttributes('Device:d1');
    const spread = 4 * ringRadius(8) + 2;
    for (const id of leaves) {
      const { x, y } = graph.getNodeAttributes(id);
      expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
      expect(Math.hypot(x - d1.x, y - d1.y)).toBeLessThan(spread);
    }
    const points = leaves.map((id) => graph.getNodeAttributes(id));
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) expect(Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y)).toBeGreaterThan(0.3);
    }
  });

  it('skips edges whose ends the API left out of a truncated answer', () => {
    const graph = createGraph();
    const sub = star('Product:P1', ['Device:d1']);
    sub.edges.push({ id: 'dangling', type: 'OWNS', source: 'User:gone', target: 'Device:d1', properties: {} });
    expect(mergeSubgraph(graph, sub, { ...options(), anchor: 'Product:P1' }).addedEdges).toEqual(['Device:d1->Product:P1']);
  });

  it('updates attributes of nodes seen again (a segment assigned since) and recolours on a mode switch', () => {
    const graph = createGraph();
    const colors = new SegmentColors();
    mergeSubgraph(graph, { nodes: [node('User:u1')], edges: [], truncated: false }, { colorMode: 'label', segmentColors: colors, anchor: 'User:u1' });
    mergeSubgraph(graph, { nodes: [node('User:u1', 's3')], edges: [], truncated: false }, { colorMode: 'label', segmentColors: colors });
    expect(graph.getNodeAttribute('User:u1', 'segmentId')).toBe('s3');
    recolor(graph, 'segment', colors);
    expect(graph.getNodeAttribute('User:u1', 'color')).toBe(colors.colorOf('s3'));
  });
});

describe('ringAround', () => {
  it('puts count points at equal distance from the centre, pushed away from the drawn graph', () => {
    expect(ringAround({ x: 0, y: 0 }, 0)).toEqual([]);
    const ring = ringAround({ x: 10, y: 0 }, 6, { x: 0, y: 0 });
    const r = ringRadius(6);
    for (const p of ring) expect(Math.hypot(p.x - (10 + r), p.y)).toBeCloseTo(r);
    // The first point faces back towards the expanded node.
    expect(ring[0].x).toBeCloseTo(10);
  });
});

describe('aggregated views: sizes, colours, layout', () => {
  it('sizes products by holders (area against the most held) and edges by weight within their type', () => {
    const p = (holders?: number): GraphNode => ({ ...node('Product:P'), label: 'Product', properties: holders === undefined ? {} : { holders } });
    expect(nodeSize(p(100), 100)).toBe(MAX_NODE_SIZE);
    expect(nodeSize(p(25), 100)).toBe(MAX_NODE_SIZE / 2);
    expect(nodeSize(p(0), 100)).toBe(3);
    expect(nodeSize(p(), 100)).toBe(12);
    expect(edgeSize(10, 10)).toBe(MAX_EDGE_SIZE);
    expect(edgeSize(5, 10)).toBe(MAX_EDGE_SIZE / 2);
    expect(edgeSize(undefined, 10)).toBe(PLAIN_EDGE_SIZE);
  });

  it('draws a view: weights become widths, categories colours, and the layout keeps the anchor and spreads wide', () => {
    const graph = createGraph();
    const categories = new SegmentColors();
    const product = (id: string, category: string, holders: number): GraphNode => ({ ...node(id), label: 'Product', properties: { category, holders } });
    const view: Subgraph = {
      nodes: [product('Product:A', 'chime', 10), product('Product:B', 'keypad', 5), product('Product:C', 'chime', 1)],
      edges: [
        { id: 'e1', type: 'CO_OWNED', source: 'Product:A', target: 'Product:B', weight: 8, properties: {} },
        { id: 'e2', type: 'CO_OWNED', source: 'Product:A', target: 'Product:C', weight: 2, properties: {} },
      ],
      truncated: false,
    };
    mergeSubgraph(graph, view, { colorMode: 'category', segmentColors: new SegmentColors(), categoryColors: categories, anchor: 'Product:A', iterations: 0 });
    expect(graph.getEdgeAttribute('e1', 'size')).toBe(MAX_EDGE_SIZE);
    expect(graph.getEdgeAttribute('e2', 'size')).toBe(1.5);
    expect(graph.getNodeAttribute('Product:A', 'color')).toBe(graph.getNodeAttribute('Product:C', 'color'));
    expect(graph.getNodeAttribute('Product:A', 'color')).not.toBe(graph.getNodeAttribute('Product:B', 'color'));
    layoutView(graph, 'Product:A');
    expect([graph.getNodeAttribute('Product:A', 'x'), graph.getNodeAttribute('Product:A', 'y')]).toEqual([0, 0]);
    // The strongest neighbour (B, 8 users) comes first: the left column's top.
    expect(graph.getNodeAttribute('Product:B', 'x')).toBeLessThan(0);
    expect(graph.getNodeAttribute('Product:C', 'x')).toBeGreaterThan(0);
    const again = createGraph();
    mergeSubgraph(again, view, { colorMode: 'category', segmentColors: new SegmentColors(), categoryColors: new SegmentColors(), anchor: 'Product:A', iterations: 0 });
    layoutView(again, 'Product:A');
    // Deterministic: the same view lays out the same way (stable screenshots, a shared URL looks the same).
    expect(again.mapNodes((_, a) => [a.x, a.y])).toEqual(graph.mapNodes((_, a) => [a.x, a.y]));
  });

  it('puts a user’s devices right under the product each is, in columns of at most ROWS_PER_COLUMN', () => {
    const graph = createGraph();
    const view: Subgraph = {
      nodes: [node('User:U1'), node('Product:P1'), node('Product:P2'), node('Product:P3'), node('Device:D1'), node('Segment:S1')],
      edges: [
        { id: 'e1', type: 'ENGAGED', source: 'User:U1', target: 'Product:P1', weight: 1, properties: {} },
        { id: 'e2', type: 'ENGAGED', source: 'User:U1', target: 'Product:P2', weight: 5, properties: {} },
        { id: 'e6', type: 'ENGAGED', source: 'User:U1', target: 'Product:P3', weight: 0.5, properties: {} },
        { id: 'e3', type: 'OWNS', source: 'User:U1', target: 'Device:D1', properties: {} },
        { id: 'e4', type: 'INSTANCE_OF', source: 'Device:D1', target: 'Product:P1', properties: {} },
        { id: 'e5', type: 'IN_SEGMENT', source: 'User:U1', target: 'Segment:S1', properties: {} },
      ],
      truncated: false,
    };
    mergeSubgraph(graph, view, { ...options(), anchor: 'User:U1', iterations: 0 });
    layoutView(graph, 'User:U1');
    const ys = (ids: string[]) => ids.map((id) => graph.getNodeAttribute(id, 'y'));
    // Segment, then products by events (P2, P1, P3), the device right under the product it is (P1).
    const order = graph.nodes().filter((id) => id !== 'User:U1').sort((a, b) => graph.getNodeAttribute(a, 'x') - graph.getNodeAttribute(b, 'x') || graph.getNodeAttribute(b, 'y') - graph.getNodeAttribute(a, 'y'));
    expect(order).toEqual(['Segment:S1', 'Product:P2', 'Product:P1', 'Device:D1', 'Product:P3']);
    expect(new Set(ys(order)).size).toBeGreaterThan(1);
    expect(columnLayout(100).every((p, i, all) => all.findIndex((q) => q.x === p.x && q.y === p.y) === i)).toBe(true);
    expect(new Set(columnLayout(100).map((p) => p.x)).size).toBe(2 * Math.ceil(100 / (2 * ROWS_PER_COLUMN)));
  });
});
