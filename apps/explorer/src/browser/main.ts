/**
 * Entry point of the explorer bundle (app.js): wires the key gate, the views (one URL each, in the
 * hash: common/route.ts), search, graph, side panel and segment tab together. All data comes from
 * the GraphQL API on the same origin. The first view is the product map.
 */
import { createClient } from '../common/client';
import { neighborhoodBody, productMapBody, productViewBody, rawEventsBody, segmentViewBody, userViewBody } from '../common/queries';
import { anchorOf, describeRoute, formatRoute, parseRoute, Route, routeForNode } from '../common/route';
import type { GraphNode, GraphView as ViewData, Subgraph } from '../common/types';
import { byId } from './dom';
import { GraphView } from './graph-view';
import { Panel } from './panel';
import { SearchView } from './search-view';
import { RunsView } from './runs-view';
import { UserMapView } from './user-map-view';
import { SegmentsView } from './segments-view';
import { KeyGate } from './session';
import { showError, showStatus } from './status';

const NEIGHBOURHOOD_LIMIT = 100;
/** Members per page of a segment view: with its 10 products, one column each side of the segment (common/layout.ts). */
const SEGMENT_PAGE = 30;

/** What the last drawn view took, for the bench (bench/explorer) and the console. */
interface RenderRecord {
  route: string;
  /** Data in the page → drawn (the bar: under a second). */
  ms: number;
  /** Request sent → data in the page (API and database, over the network). */
  fetchMs: number;
  nodes: number;
  edges: number;
}

function main(): void {
  const gate = new KeyGate(() => {
    graph.resize();
    void showRoute(parseRoute(location.hash));
  });
  const request = createClient({ fetch: (url, init) => fetch(url, init), apiKey: () => gate.key() });
  gate.bind(request);
  const report = (error: unknown, context: string): void => {
    showError(error, context);
    gate.rejectIfAuth(error);
  };
  const renders: RenderRecord[] = [];

  async function fetchRoute(route: Route): Promise<Subgraph | ViewData> {
    switch (route.view) {
      case 'map':
        return (await request<{ productMap: ViewData }>(productMapBody())).productMap;
      case 'user':
        return (await request<{ userView: ViewData }>(userViewBody(route.id))).userView;
      case 'product':
        return (await request<{ productView: ViewData }>(productViewBody(route.id))).productView;
      case 'segment':
        return (await request<{ segmentView: ViewData }>(segmentViewBody(route.id, SEGMENT_PAGE, route.after))).segmentView;
      case 'node':
        return (await request<{ neighborhood: Subgraph }>(neighborhoodBody(route.id, NEIGHBOURHOOD_LIMIT))).neighborhood;
    }
  }

  let shown = '';
  /** Draws one view from scratch (the URL says which); the status line says what is shown and what was left out. */
  async function showRoute(route: Route): Promise<void> {
    const hash = formatRoute(route);
    shown = hash;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    const description = describeRoute(route);
    byId('view-title').textContent = description;
    showStatus(`Loading: ${description}…`, 'busy');
    try {
      const sent = performance.now();
      const data = await fetchRoute(route);
      const fetchMs = performance.now() - sent;
      if (shown !== hash) return; // another view was asked for meanwhile
      graph.setColorMode(route.view === 'map' ? 'category' : toggle.checked ? 'segment' : 'label');
      const anchor = anchorOf(route);
      const { ms } = await graph.show(data, anchor, description);
      renders.push({ route: hash, ms, fetchMs, nodes: graph.graph.order, edges: graph.graph.size });
      const page = 'pageInfo' in data && data.pageInfo ? ` Members ${data.totalCount ?? '?'} in all${data.pageInfo.hasNextPage ? '; more on the next page' : ''}.` : '';
      const cut = data.truncated ? ' Not everything is shown (limits).' : '';
      showStatus(`${description}: ${graph.graph.order} nodes, ${graph.graph.size} relationships.${page}${cut}`);
      renderPager(route, 'pageInfo' in data ? data.pageInfo : null);
      if (anchor) select(anchor);
      else panel.clear();
    } catch (error) {
      report(error, description);
    }
  }

  function renderPager(route: Route, pageInfo: ViewData['pageInfo']): void {
    const next = byId<HTMLButtonElement>('next-page');
    next.hidden = !(route.view === 'segment' && pageInfo?.hasNextPage && pageInfo.endCursor);
    next.onclick = () => {
      if (route.view === 'segment' && pageInfo?.endCursor) location.hash = formatRoute({ view: 'segment', id: route.id, after: pageInfo.endCursor });
    };
  }

  const expanding = new Set<string>();
  /** Adds to what is drawn: a node's aggregated view where it has one, else its raw neighbourhood. */
  async function expand(nodeId: string, raw = false): Promise<void> {
    if (expanding.has(nodeId)) return; // a double-click racing the Expand button
    expanding.add(nodeId);
    const route = raw ? undefined : routeForNode(nodeId);
    showStatus(`Loading ${raw ? 'the raw events' : 'the neighbourhood'} of ${nodeId}…`, 'busy');
    try {
      const data: Subgraph =
        raw
          ? (await request<{ neighborhood: Subgraph }>(rawEventsBody(nodeId, NEIGHBOURHOOD_LIMIT))).neighborhood
          : route && route.view !== 'node'
            ? await fetchRoute(route)
            : (await request<{ neighborhood: Subgraph }>(neighborhoodBody(nodeId, NEIGHBOURHOOD_LIMIT))).neighborhood;
      const { addedNodes, addedEdges } = graph.merge(data, nodeId);
      const truncated = data.truncated ? ' (not every neighbour is shown: limits)' : '';
      showStatus(`${nodeId}: ${addedNodes.length} new nodes, ${addedEdges.length} new relationships${truncated}.`);
    } catch (error) {
      report(error, `Neighbourhood of ${nodeId}`);
    } finally {
      expanding.delete(nodeId);
    }
  }

  function select(nodeId: string): void {
    if (!graph.graph.hasNode(nodeId)) return;
    graph.select(nodeId);
    panel.show(nodeId, graph.graph.getNodeAttributes(nodeId));
  }

  const openView = (nodeId: string): void => {
    location.hash = formatRoute(routeForNode(nodeId));
  };
  const graph = new GraphView({ onSelect: select, onExpand: (id) => void expand(id) });
  graph.bindNodeList();
  const panel = new Panel({ request, report, onExpand: (id) => void expand(id), onOpenView: openView, onRawEvents: (id) => void expand(id, true) });
  panel.clear();
  new SearchView({ request, report, onPick: (node: GraphNode) => openView(node.id) });
  const segments = new SegmentsView({
    request,
    report,
    apiKey: () => gate.key(),
    onLoaded: (list) => {
      graph.segmentColors.seed([...list].map((s) => s.id).sort());
      for (const s of list) graph.segmentLabels.set(s.id, s.label);
    },
  });
  const runs = new RunsView({ request, report });
  const userMap = new UserMapView({
    request,
    report,
    colorOf: (id) => graph.segmentColors.colorOf(id),
    labelOf: (id) => graph.segmentLabels.get(id),
  });
  let segmentsLoaded = false;
  const toggle = byId<HTMLInputElement>('color-by-segment');
  toggle.addEventListener('change', async () => {
    // Segment names for the legend come from the overview; fetch it once if not yet seen.
    if (toggle.checked && !segmentsLoaded) segmentsLoaded = (await segments.load()).length > 0;
    graph.setColorMode(toggle.checked ? 'segment' : parseRoute(location.hash).view === 'map' ? 'category' : 'label');
  });
  byId('clear-graph').addEventListener('click', () => {
    graph.clear();
    panel.clear();
  });
  byId('open-map').addEventListener('click', () => (location.hash = formatRoute({ view: 'map' })));

  const tabs = [
    { tab: byId('tab-graph'), panel: byId('graph-tab') },
    { tab: byId('tab-segments'), panel: byId('segments-tab') },
    { tab: byId('tab-runs'), panel: byId('runs-tab') },
  ];
  function activate(tab: HTMLElement): void {
    for (const t of tabs) {
      const active = t.tab === tab;
      t.tab.setAttribute('aria-selected', String(active));
      t.panel.hidden = !active;
    }
    // The map after the list: its colours and legend names are the overview's.
    if (tab.id === 'tab-segments') void segments.load().then((list) => { segmentsLoaded = list.length > 0; void userMap.load(); });
    else if (tab.id === 'tab-runs') void runs.load();
    else graph.resize();
  }
  for (const { tab } of tabs) tab.addEventListener('click', () => activate(tab));
  // A link to the view already in the URL fires no hashchange (the segment profiles' "show its
  // members" after that segment's view was drawn): show the graph tab and draw it again.
  document.addEventListener('click', (event) => {
    const link = (event.target as HTMLElement).closest('a[href^="#"]');
    if (!link || link.getAttribute('href') !== location.hash) return;
    event.preventDefault();
    activate(byId('tab-graph'));
    void showRoute(parseRoute(location.hash));
  });
  // Back, forward, a pasted link and the segment profiles' "show its members" all land here.
  window.addEventListener('hashchange', () => {
    if (byId('app').hidden) return;
    if (byId('graph-tab').hidden) activate(byId('tab-graph'));
    if (formatRoute(parseRoute(location.hash)) !== shown) void showRoute(parseRoute(location.hash));
  });

  // For the e2e test, the bench and debugging in the console: node positions are on a canvas, not in the DOM.
  (window as unknown as { graphrecExplorer: unknown }).graphrecExplorer = {
    nodeIds: () => graph.graph.nodes(),
    edgeTypes: () => graph.graph.mapEdges((_, a) => a.relType),
    nodeLabel: (id: string) => (graph.graph.hasNode(id) ? graph.graph.getNodeAttribute(id, 'label') : null),
    nodeSize: (id: string) => (graph.graph.hasNode(id) ? graph.graph.getNodeAttribute(id, 'size') : null),
    nodeViewportPosition: (id: string) => graph.nodeViewportPosition(id),
    drawnLabels: () => graph.drawnLabels(),
    renders: () => [...renders],
  };
  gate.start();
}

main();
