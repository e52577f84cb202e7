/**
 * The sigma view over the graphology graph: drawing, selection highlight, legend, and the
 * node/edge counts exposed as data attributes (the canvas has no DOM per node to assert on).
 */
import Sigma from 'sigma';
import { ColorMode, SegmentColors, edgeLegendEntries, legendEntries } from '../common/colors';
import { EdgeAttributes, ExplorerGraph, MergeResult, NodeAttributes, createGraph, layoutView, mergeSubgraph, recolor } from '../common/graph-merge';
import type { Subgraph } from '../common/types';
import { byId, el } from './dom';

export interface GraphViewHandlers {
  onSelect(nodeId: string): void;
  onExpand(nodeId: string): void;
}

/**
 * A view's camera: zoomed out a little and moved right, so labels (drawn right of their node) of
 * the rightmost nodes fit inside the canvas instead of being cut off at its edge.
 */
const VIEW_CAMERA = { x: 0.66, y: 0.5, ratio: 1.45, angle: 0 };

export class GraphView {
  readonly graph: ExplorerGraph = createGraph();
  readonly segmentColors = new SegmentColors();
  readonly segmentLabels = new Map<string, string>();
  readonly categoryColors = new SegmentColors();
  private mode: ColorMode = 'label';
  private selected: string | null = null;
  private readonly sigma: Sigma<NodeAttributes, EdgeAttributes>;
  private readonly container = byId('graph');

  constructor(private readonly handlers: GraphViewHandlers) {
    this.sigma = new Sigma<NodeAttributes, EdgeAttributes>(this.graph, this.container, {
      // The graph tab is hidden until the key is accepted: sigma must accept a zero-size container.
      allowInvalidContainer: true,
      renderEdgeLabels: false,
      // Every node labelled, in full (the views are small enough; sigma's label grid would hide most).
      renderLabels: true,
      labelRenderedSizeThreshold: 0,
      labelDensity: 10,
      labelGridCellSize: 40,
      stagePadding: 40,
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
    const result = mergeSubgraph(this.graph, subgraph, { anchor, colorMode: this.mode, segmentColors: this.segmentColors, categoryColors: this.categoryColors });
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
    recolor(this.graph, mode, this.segmentColors, this.categoryColors);
    this.changed();
  }

  get colorMode(): ColorMode {
    return this.mode;
  }

  /**
   * Replaces the drawing with one view and resolves once sigma has drawn it (two animation frames):
   * the time from the data's arrival to pixels, kept on the container (data-render-ms) for the bench.
   */
  async show(subgraph: Subgraph, anchor: string | undefined, description: string): Promise<{ ms: number; result: MergeResult }> {
    const start = performance.now();
    this.graph.clear();
    this.selected = null;
    this.sigma.getCamera().setState(VIEW_CAMERA);
    const result = mergeSubgraph(this.graph, subgraph, { anchor, colorMode: this.mode, segmentColors: this.segmentColors, categoryColors: this.categoryColors, iterations: 0 });
    layoutView(this.graph, anchor);
    this.container.setAttribute('aria-label', `${description}: ${this.graph.order} nodes, ${this.graph.size} relationships (listed below the graph)`);
    this.changed();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const ms = performance.now() - start;
    this.container.dataset.renderMs = ms.toFixed(1);
    return { ms, result };
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
    this.renderNodeList();
  }

  /** The drawn nodes as buttons: the keyboard and screen-reader way into a canvas (Enter selects, the panel follows). */
  private renderNodeList(): void {
    const list = byId('node-list');
    const items = this.graph.mapNodes((id, a) =>
      el('li', {}, [
        el('button', {
          text: a.label,
          attrs: { type: 'button', 'data-testid': 'node-list-item', 'data-node-id': id, 'aria-label': `${a.kind} ${a.label}${a.kind === 'Product' && typeof a.properties.holders === 'number' ? `, ${a.properties.holders} holders` : ''}` },
        }),
      ]),
    );
    list.replaceChildren(...items);
    byId('node-list-count').textContent = String(this.graph.order);
  }

  /** Wires the node list once (delegated, so a redraw does not rebind hundreds of listeners). */
  bindNodeList(): void {
    byId('node-list').addEventListener('click', (event) => {
      const target = (event.target as HTMLElement).closest('button');
      const id = target?.dataset.nodeId;
      if (id) this.handlers.onSelect(id);
    });
  }

  private updateCounts(): void {
    this.container.dataset.nodeCount = String(this.graph.order);
    this.container.dataset.edgeCount = String(this.graph.size);
    byId('graph-count').textContent = this.graph.order ? `${this.graph.order} nodes, ${this.graph.size} relationships` : 'Nothing drawn yet — search above.';
  }

  private renderLegend(): void {
    const legend = byId('legend');
    const rows = legendEntries(
      this.graph.mapNodes((_, a) => ({ kind: a.kind, segmentId: a.segmentId, category: a.category })),
      this.mode,
      this.segmentColors,
      this.segmentLabels,
      this.categoryColors,
    );
    const edges = edgeLegendEntries(this.graph.mapEdges((_, a) => a.relType));
    const sized = this.graph.someNode((_, a) => typeof a.properties.holders === 'number');
    legend.replaceChildren(
      ...rows.map((row) =>
        el('li', { attrs: { 'data-testid': 'legend-entry' } }, [
          el('span', { className: 'swatch', attrs: { style: `background:${row.color}`, 'aria-hidden': 'true' } }),
          `${row.text} (${row.count})`,
        ]),
      ),
      ...edges.map((row) =>
        el('li', { attrs: { 'data-testid': 'legend-edge' } }, [
          el('span', { className: 'line', attrs: { style: `background:${row.color}`, 'aria-hidden': 'true' } }),
          `${row.text} (${row.count})`,
        ]),
      ),
      ...(sized ? [el('li', { className: 'hint', text: 'Product size: holders' })] : []),
    );
  }
}
