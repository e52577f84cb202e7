/** Search for users and products; picking a result starts a new exploration from it. */
import type { GraphQLRequest } from '../common/client';
import { searchBody } from '../common/queries';
import { NODE_LABELS, type GraphNode, type NodeLabel } from '../common/types';
import { byId, el } from './dom';
import { showStatus } from './status';

export interface SearchDeps {
  request: GraphQLRequest;
  report(error: unknown, context: string): void;
  onPick(node: GraphNode): void;
}

export class SearchView {
  private readonly results = byId('search-results');

  constructor(private readonly deps: SearchDeps) {
    byId<HTMLFormElement>('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.search();
    });
  }

  private labels(): NodeLabel[] {
    const boxes = document.querySelectorAll<HTMLInputElement>('#search-form input[name="labels"]:checked');
    return [...boxes].map((b) => b.value).filter((v): v is NodeLabel => (NODE_LABELS as readonly string[]).includes(v));
  }

  private async search(): Promise<void> {
    const text = byId<HTMLInputElement>('search-text').value.trim();
    if (!text) return;
    const labels = this.labels();
    if (labels.length === 0) {
      showStatus('Tick at least one of Products / Users to search.', 'error', 'BAD_INPUT');
      return;
    }
    this.results.setAttribute('aria-busy', 'true');
    showStatus(`Searching for “${text}”…`, 'busy');
    try {
      const { search } = await this.deps.request<{ search: GraphNode[] }>(searchBody(text, labels, 10));
      this.results.replaceChildren(
        ...search.map((node) => {
          const pick = el('button', { text: `${node.name} `, attrs: { type: 'button', 'data-testid': 'search-result', 'data-node-id': node.id } }, [
            el('span', { className: 'kind', text: `${node.label} · ${node.externalId}` }),
          ]);
          pick.addEventListener('click', () => this.deps.onPick(node));
          return el('li', {}, [pick]);
        }),
      );
      if (search.length === 0) this.results.replaceChildren(el('li', { className: 'hint', text: 'No match.' }));
      showStatus(`${search.length} result${search.length === 1 ? '' : 's'} for “${text}”.`);
    } catch (error) {
      this.deps.report(error, 'Search');
    } finally {
      this.results.removeAttribute('aria-busy');
    }
  }
}
