/**
 * Entry point of the explorer bundle (app.js): wires the key gate, search, graph view, side panel
 * and segment tab together. All data comes from the GraphQL API on the same origin.
 */
import { createClient } from '../common/client';
import { neighborhoodBody } from '../common/queries';
import type { GraphNode, Subgraph } from '../common/types';
import { byId } from './dom';
import { GraphView } from './graph-view';
import { Panel } from './panel';
import { SearchView } from './search-view';
import { SegmentsView } from './segments-view';
import { KeyGate } from './session';
import { showError, showStatus } from './status';

const NEIGHBOURHOOD_LIMIT = 100;

function main(): void {
  const gate = new KeyGate(() => graph.resize());
  const request = createClient({ fetch: (url, init) => fetch(url, init), apiKey: () => gate.key() });
  gate.bind(request);

  const report = (error: unknown, context: string): void => {
    showError(error, context);
    gate.rejectIfAuth(error);
  };

  const expanding = new Set<string>();
  async function expand(nodeId: string, fresh = false): Promise<void> {
    if (expanding.has(nodeId)) return; // a double-click racing the Expand button
    expanding.add(nodeId);
    showStatus(`Loading the neighbourhood of ${nodeId}…`, 'busy');
    try {
      const { neighborhood } = await request<{ neighborhood: Subgraph }>(neighborhoodBody(nodeId, NEIGHBOURHOOD_LIMIT));
      if (fresh) graph.clear();
      const { addedNodes, addedEdges } = graph.merge(neighborhood, nodeId);
      const truncated = neighborhood.truncated ? ` (truncated at ${NEIGHBOURHOOD_LIMIT}: not every neighbour is shown)` : '';
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

  const graph = new GraphView({ onSelect: select, onExpand: (id) => void expand(id) });
  const panel = new Panel({ request, report, onExpand: (id) => void expand(id) });
  panel.clear();

  new SearchView({
    request,
    report,
    onPick: (node: GraphNode) => {
      panel.clear();
      void expand(node.id, true).then(() => select(node.id));
    },
  });

  const segments = new SegmentsView({
    request,
    report,
    apiKey: () => gate.key(),
    onLoaded: (list) => {
      graph.segmentColors.seed([...list].map((s) => s.id).sort());
      for (const s of list) graph.segmentLabels.set(s.id, s.label);
    },
  });
  let segmentsLoaded = false;

  const toggle = byId<HTMLInputElement>('color-by-segment');
  toggle.addEventListener('change', async () => {
    // Segment names for the legend come from the overview; fetch it once if not yet seen.
    if (toggle.checked && !segmentsLoaded) segmentsLoaded = (await segments.load()).length > 0;
    graph.setColorMode(toggle.checked ? 'segment' : 'label');
  });

  byId('clear-graph').addEventListener('click', () => {
    graph.clear();
    panel.clear();
  });

  const tabs = [
    { tab: byId('tab-graph'), panel: byId('graph-tab') },
    { tab: byId('tab-segments'), panel: byId('segments-tab') },
  ];
  for (const { tab, panel: tabPanel } of tabs) {
    tab.addEventListener('click', () => {
      for (const t of tabs) {
        const active = t.tab === tab;
        t.tab.setAttribute('aria-selected', String(active));
        t.panel.hidden = !active;
      }
      if (tabPanel.id === 'segments-tab') void segments.load().then((list) => (segmentsLoaded = list.length > 0));
      else graph.resize();
    });
  }

  // For the e2e test and for debugging in the console: node positions are on a canvas, not in the DOM.
  (window as unknown as { graphrecExplorer: unknown }).graphrecExplorer = {
    nodeIds: () => graph.graph.nodes(),
    nodeViewportPosition: (id: string) => graph.nodeViewportPosition(id),
  };

  gate.start();
}

main();
