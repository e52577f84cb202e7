/**
 * The sigma view over the graphology graph: drawing, selection highlight, legend, and the
 * node/edge counts exposed as data attributes (the canvas has no DOM per node to assert on).
 */
import Sigma from 'sigma';
import { drawDiscNodeLabel } from 'sigma/rendering';
import { ColorMode, SegmentColors, edgeLegendEntries, legendEntries } from '../common/colors';
import { EdgeAttributes, ExplorerGraph, MergeResult, NodeAttributes, createGraph, layoutView, mergeSubgraph, recolor } from '../common/graph-merge';
import { LabelBox, placeLabels } from '../common/label-placement';
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
  /** The node a view is about (drawn first among labels). */
  private anchor: string | undefined;
  /** Label placement: recomputed on the first label drawn in each frame (the camera may have moved). */
  private frame = 0;
  private placedFrame = -1;
  private placedBoxes: LabelBox[] = [];
  private placedIds = new Set<string>();
  private labelsHidden = -1;
  private readonly measure = document.createElement('canvas').getContext('2d');
  private readonly labelWidths = new Map<string, number>();
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
      // Labels that would overlap are left out (common/label-placement.ts); hover shows any node's label.
      defaultDrawNodeLabel: (context, data, settings) => {
        if (this.placedFrame !== this.frame) this.placeLabels(settings);
        if (this.placedIds.has(data.key)) drawDiscNodeLabel(context, data, settings);
      },
    });
    this.sigma.on('beforeRender', () => void this.frame++);
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
    this.anchor = anchor;
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

  /** The labels drawn in the last frame, as viewport boxes (for the e2e test: none may overlap). */
  drawnLabels(): LabelBox[] {
    return this.placedBoxes.map((b) => ({ ...b }));
  }

  /**
   * Boxes of every node's label as sigma would draw it (drawDiscNodeLabel: text left-aligned at
   * x + size + 3, baseline at y + labelSize / 3), then the greedy placement. The hidden count goes on
   * the container and into the legend, so an analyst knows labels were left out and how to see them.
   * Labels that would run past the canvas edge are left out too (the issue: no truncated labels).
   */
  private placeLabels(settings: { labelSize: number; labelFont: string; labelWeight: string }): void {
    this.placedFrame = this.frame;
    const font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    if (this.measure) this.measure.font = font;
    const boxes: LabelBox[] = [];
    this.graph.forEachNode((id) => {
      const data = this.sigma.getNodeDisplayData(id);
      if (!data || data.hidden || !data.label) return;
      const { x, y } = this.sigma.framedGraphToViewport(data);
      const size = this.sigma.scaleSize(data.size);
      const key = `${font}|${data.label}`;
      let width = this.labelWidths.get(key);
      if (width === undefined) {
        width = this.measure ? this.measure.measureText(data.label).width : data.label.length * settings.labelSize * 0.6;
        this.labelWidths.set(key, width);
      }
      const priority = id === this.selected ? Infinity : id === this.anchor ? Number.MAX_VALUE : data.size;
      boxes.push({ id, x: x + size + 3, y: y + settings.labelSize / 3 - settings.labelSize * 0.8, width, height: settings.labelSize, priority });
    });
    const { width, height } = this.sigma.getDimensions();
    this.placedIds = placeLabels(boxes, undefined, { width, height });
    this.placedBoxes = boxes.filter((b) => this.placedIds.has(b.id));
    const hidden = boxes.length - this.placedBoxes.length;
    if (hidden !== this.labelsHidden) {
      this.labelsHidden = hidden;
      this.container.dataset.labelsHidden = String(hidden);
      this.renderLegend();
    }
  }

  private changed(): void {
    // An empty graph draws no label, so nothing would reset the count of those left out.
    if (this.graph.order === 0) this.labelsHidden = 0;
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
      ...(this.labelsHidden > 0
        ? [el('li', { className: 'hint', attrs: { 'data-testid': 'labels-hidden' }, text: `${this.labelsHidden} labels left out where they would overlap: hover a node, zoom in, or use the node list` })]
        : []),
    );
  }
}
