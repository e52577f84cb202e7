import { SegmentColors } from './colors';
import { createGraph, mergeSubgraph, recolor } from './graph-merge';
import { ringAround, ringRadius } from './layout';
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
