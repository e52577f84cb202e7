/**
 * The sigma view over the graphology graph: drawing, selection highlight, legend, and the
 * node/edge counts exposed as data attributes (the canvas has no DOM per node to assert on).
 */
import Sigma from 'sigma';
import { ColorMode, SegmentColors, legendEntries } from '../common/colors';
import { EdgeAttributes, ExplorerGraph, MergeResult, NodeAttributes, createGraph, mergeSubgraph, recolor } from '../common/graph-merge';
import type { Subgraph } from '../common/types';
import { byId, el } from './dom';

export interface GraphViewHandlers {
  onSelect(nodeId: string): void;
  onExpand(nodeId: string): void;
}

export class GraphView {
  readonly graph: ExplorerGraph = createGraph();
  readonly segmentColors = new SegmentColors();
  readonly segmentLabels = new Map<string, string>();
  private mode: ColorMode = 'label';
  private selected: string | null = null;
  private readonly sigma: Sigma<NodeAttributes, EdgeAttributes>;
  private readonly container = byId('graph');

  constructor(handlers: GraphViewHandlers) {
    this.sigma = new Sigma<NodeAttributes, EdgeAttributes>(this.graph, this.container, {
      // The graph tab is hidden until the key is accepted: sigma must accept a zero-size container.
      allowInvalidContainer: true,
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 8,
      defaultEdgeType: 'arrow',
      zIndex: true,
      nodeReducer: (node, data) => (node === this.selected ? { ...data, highlighted: true, zIndex: 2 } : data),
    });
    this.sigma.on('clickNode', ({ node }) => handlers.onSelect(node));
    this.sigma.on('doubleClickNode', (payload) => {
      payload.preventSigmaDefault(); // double-click means "expand" here, not sigma's zoom
      handlers.onExpand(payload.node);
    });
    this.sigma.on('enterNode', () => (this.container.style.cursor = 'pointer'));
    this.sigma.on('leaveNode', () => (this.container.style.cursor = ''));
    this.updateCounts();
  }

  /** Adds a fetched neighbourhood around `anchor`; returns what was new. */
  merge(subgraph: Subgraph, anchor: string): MergeResult {
    const result = mergeSubgraph(this.graph, subgraph, { anchor, colorMode: this.mode, segmentColors: this.segmentColors });
    this.changed();
    return result;
  }

  clear(): void {
    this.graph.clear();
    this.selected = null;
    this.sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
    this.changed();
  }

  select(nodeId: string | null): void {
    this.selected = nodeId;
    this.sigma.refresh({ skipIndexation: true });
  }

  setColorMode(mode: ColorMode): void {
    this.mode = mode;
    recolor(this.graph, mode, this.segmentColors);
    this.changed();
  }

  /** Called when the graph tab becomes visible again: sigma measures its container then. */
  resize(): void {
    this.sigma.resize();
    this.sigma.refresh();
  }

  /** Viewport position of a node relative to the graph container (for the e2e test and console debugging). */
  nodeViewportPosition(nodeId: string): { x: number; y: number } | null {
    if (!this.graph.hasNode(nodeId)) return null;
    const { x, y } = this.graph.getNodeAttributes(nodeId);
    return this.sigma.graphToViewport({ x, y });
  }

  private changed(): void {
    this.updateCounts();
    this.renderLegend();
  }

  private updateCounts(): void {
    this.container.dataset.nodeCount = String(this.graph.order);
    this.container.dataset.edgeCount = String(this.graph.size);
    byId('graph-count').textContent = this.graph.order ? `${this.graph.order} nodes, ${this.graph.size} relationships` : 'Nothing drawn yet — search above.';
  }

  private renderLegend(): void {
    const legend = byId('legend');
    const rows = legendEntries(
      this.graph.mapNodes((_, a) => ({ kind: a.kind, segmentId: a.segmentId })),
      this.mode,
      this.segmentColors,
      this.segmentLabels,
    );
    legend.replaceChildren(
      ...rows.map((row) =>
        el('li', { attrs: { 'data-testid': 'legend-entry' } }, [
          el('span', { className: 'swatch', attrs: { style: `background:${row.color}`, 'aria-hidden': 'true' } }),
          `${row.text} (${row.count})`,
        ]),
      ),
    );
  }
}
