/**
 * The user map in the Segments tab: a sample of users placed by their embeddings (GraphQL userMap,
 * projected on the API), coloured like the segments overview, with a legend and a summary sentence.
 * A dot's title names its user and segment; clicking it opens that user's view.
 */
import type { GraphQLRequest } from '../common/client';
import { userMapBody } from '../common/queries';
import { formatRoute } from '../common/route';
import type { UserMap } from '../common/types';
import { MAP_SIZE, userMapScene } from '../common/user-map-chart';
import { NO_SEGMENT_COLOR } from '../common/colors';
import { byId, el } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

export interface UserMapDeps {
  request: GraphQLRequest;
  report(error: unknown, context: string): void;
  colorOf(segmentId: string): string;
  labelOf(segmentId: string): string | undefined;
}

export class UserMapView {
  constructor(private readonly deps: UserMapDeps) {}

  async load(): Promise<UserMap | undefined> {
    const root = byId('user-map');
    root.setAttribute('aria-busy', 'true');
    try {
      const { userMap } = await this.deps.request<{ userMap: UserMap }>(userMapBody());
      this.render(userMap);
      return userMap;
    } catch (error) {
      this.deps.report(error, 'Loading the user map');
      return undefined;
    } finally {
      root.removeAttribute('aria-busy');
    }
  }

  private render(map: UserMap): void {
    const scene = userMapScene(map, this.deps.labelOf);
    const color = (segmentId: string | null): string => (segmentId === null ? NO_SEGMENT_COLOR : this.deps.colorOf(segmentId));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${MAP_SIZE} ${MAP_SIZE}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', scene.summary);
    svg.setAttribute('data-testid', 'user-map-svg');
    for (const dot of scene.dots) {
      const c = document.createElementNS(SVG, 'circle');
      c.setAttribute('cx', dot.cx.toFixed(1));
      c.setAttribute('cy', dot.cy.toFixed(1));
      c.setAttribute('r', '3');
      c.setAttribute('fill', color(dot.segmentId));
      c.setAttribute('data-testid', 'user-map-dot');
      c.setAttribute('data-segment-id', dot.segmentId ?? '');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${dot.userId}${dot.segmentId ? ` · ${this.deps.labelOf(dot.segmentId) ?? dot.segmentId}` : ''}`;
      c.append(title);
      c.addEventListener('click', () => (location.hash = formatRoute({ view: 'user', id: dot.userId })));
      svg.append(c);
    }
    byId('user-map').replaceChildren(
      el('h3', { text: 'Users by their embeddings' }),
      el('p', { className: 'fact', text: scene.summary, attrs: { 'data-testid': 'user-map-summary' } }),
      el('div', { className: 'user-map' }, [
        svg,
        el(
          'ul',
          { className: 'legend', attrs: { 'aria-label': 'Segments on the map', 'data-testid': 'user-map-legend' } },
          scene.legend.map((entry) =>
            el('li', { attrs: { 'data-testid': 'user-map-legend-entry', 'data-segment-id': entry.segmentId ?? '', 'data-count': String(entry.count) } }, [
              el('span', { className: 'swatch', attrs: { style: `background:${color(entry.segmentId)}`, 'aria-hidden': 'true' } }),
              `${entry.label}: ${entry.count}`,
            ]),
          ),
        ),
      ]),
    );
  }
}
