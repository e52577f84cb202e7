/**
 * The side panel for the clicked node: its properties, then related items (product) or
 * recommendations and segment (user). Each section fetches on its own so one failing read (say,
 * no embeddings run yet) shows its error without hiding the rest.
 */
import type { GraphQLRequest } from '../common/client';
import { formatScore, propertyRows } from '../common/format';
import type { NodeAttributes } from '../common/graph-merge';
import { recommendationsBody, relatedItemsBody, userSegmentBody } from '../common/queries';
import type { RecommendationResult, RelatedItemsResult, ScoredItem, Segment } from '../common/types';
import { button, byId, el } from './dom';
import { describeError } from './status';

export interface PanelDeps {
  request: GraphQLRequest;
  /** Reports a failed read to the status line (and the key gate). */
  report(error: unknown, context: string): void;
  onExpand(nodeId: string): void;
  /** Opens the node's own aggregated view (users, products, segments). */
  onOpenView(nodeId: string): void;
  /** Adds the node's raw events to the drawing (the views leave them out). */
  onRawEvents(nodeId: string): void;
}

const ITEMS_K = 10;

export class Panel {
  private readonly root = byId('panel');
  /** Bumped per selection so a slow answer for a node clicked earlier cannot overwrite the current one. */
  private generation = 0;

  constructor(private readonly deps: PanelDeps) {}

  clear(): void {
    this.generation++;
    this.root.replaceChildren(el('p', { className: 'hint', text: 'Click a node to see its details; double-click it (or use Expand) to add its neighbours.' }));
  }

  show(nodeId: string, node: NodeAttributes): void {
    const generation = ++this.generation;
    const properties = el('dl', { attrs: { 'data-testid': 'node-properties' } });
    for (const [key, value] of propertyRows(node.properties)) properties.append(el('dt', { text: key }), el('dd', { text: value }));
    this.root.replaceChildren(
      el('h2', { text: node.label, attrs: { 'data-testid': 'panel-title' } }),
      el('p', { className: 'kind', text: `${node.kind} · ${node.externalId}` }),
      el('div', { className: 'actions' }, [
        button('Expand', 'expand-button', () => this.deps.onExpand(nodeId)),
        ...(['User', 'Product', 'Segment'].includes(node.kind) ? [button('Open its view', 'open-view-button', () => this.deps.onOpenView(nodeId))] : []),
        ...(['User', 'Product', 'Device'].includes(node.kind) ? [button('Show raw events', 'raw-events-button', () => this.deps.onRawEvents(nodeId))] : []),
      ]),
      el('h3', { text: 'Properties' }),
      properties,
    );
    if (node.kind === 'Product') {
      this.section(generation, 'Related items', 'related-items', () =>
        this.deps.request<{ relatedItems: RelatedItemsResult }>(relatedItemsBody(node.externalId, ITEMS_K)).then((d) => itemList(d.relatedItems.items, 'related-item', 'No related items.')),
      );
    } else if (node.kind === 'User') {
      this.section(generation, 'Segment', 'user-segment', () =>
        this.deps.request<{ userSegment: Pick<Segment, 'id' | 'label' | 'size'> | null }>(userSegmentBody(node.externalId)).then(({ userSegment: s }) =>
          el('p', { text: s ? `${s.label} (segment ${s.id}, ${s.size} users)` : 'Not in any segment (no segmentation run yet?).' }),
        ),
      );
      this.section(generation, 'Recommendations', 'recommendations', () =>
        this.deps
          .request<{ recommendations: RecommendationResult }>(recommendationsBody(node.externalId, ITEMS_K))
          .then((d) => el('div', {}, [el('p', { className: 'kind', text: `strategy: ${d.recommendations.strategy}` }), itemList(d.recommendations.items, 'recommendation', 'No recommendations.')])),
      );
    }
  }

  private section(generation: number, title: string, testId: string, load: () => Promise<HTMLElement>): void {
    const body = el('div', { attrs: { 'aria-busy': 'true' } }, [el('p', { className: 'hint', text: 'Loading…' })]);
    this.root.append(el('section', { attrs: { 'data-testid': testId, 'data-state': 'loading' } }, [el('h3', { text: title }), body]));
    const section = body.parentElement as HTMLElement;
    load().then(
      (content) => {
        if (generation !== this.generation) return;
        section.dataset.state = 'ready';
        body.removeAttribute('aria-busy');
        body.replaceChildren(content);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        section.dataset.state = 'error';
        body.removeAttribute('aria-busy');
        const { code, text } = describeError(error);
        body.replaceChildren(el('p', { className: 'error', text, attrs: { 'data-testid': `${testId}-error`, 'data-code': code, role: 'alert' } }));
        this.deps.report(error, title);
      },
    );
  }
}

function itemList(items: ScoredItem[], testId: string, empty: string): HTMLElement {
  if (items.length === 0) return el('p', { className: 'hint', text: empty });
  return el(
    'ol',
    { className: 'items' },
    items.map((item) =>
      el('li', { attrs: { 'data-testid': testId, 'data-product-id': item.product.id } }, [
        el('span', { className: 'item-name', text: item.product.name }),
        el('span', { className: 'score', text: ` ${formatScore(item.score)}` }),
        el('p', { className: 'explanation', text: item.explanation }),
      ]),
    ),
  );
}
