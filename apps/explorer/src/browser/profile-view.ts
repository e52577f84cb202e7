/**
 * Segment profiles as bar charts (common/profile-charts.ts), one column per segment, at most two
 * side by side on one scale. Bars are plain elements with their number as text beside them, so a
 * screen reader reads "Doorbell ×3.2 · 80% own it" and no chart library is needed.
 */
import { profileCharts, profileFacts, shareScale } from '../common/profile-charts';
import { sizeChartSvg, sizeSentence } from '../common/size-chart';
import type { Segment } from '../common/types';
import { byId, el } from './dom';

/** Two columns fit the page; a third choice replaces the older one. */
export const MAX_COMPARED = 2;

export class ProfileView {
  private chosen: Segment[] = [];

  /** Which segments are shown (ids in the order chosen). */
  get ids(): string[] {
    return this.chosen.map((s) => s.id);
  }

  toggle(segment: Segment, on: boolean): void {
    this.chosen = this.chosen.filter((s) => s.id !== segment.id);
    if (on) this.chosen.push(segment);
    if (this.chosen.length > MAX_COMPARED) this.chosen = this.chosen.slice(-MAX_COMPARED);
    this.render();
  }

  reset(segments: Segment[]): void {
    this.chosen = segments;
    this.render();
  }

  private render(): void {
    const root = byId('segment-profiles');
    const groups = shareScale(this.chosen.map((s) => profileCharts(s.profile)));
    root.replaceChildren(
      ...this.chosen.map((segment, i) =>
        el('section', { className: 'profile', attrs: { 'data-testid': 'segment-profile', 'data-segment-id': segment.id, 'aria-label': `Profile of ${segment.label}` } }, [
          el('h3', { text: `${segment.label} (${segment.id}, ${segment.size} members)` }),
          el('a', { text: 'Show its members in the graph', attrs: { href: `#segment/${encodeURIComponent(segment.id)}`, 'data-testid': 'segment-members-link' } }),
          sizeFigure(segment),
          ...groups[i].map((series) =>
            el('figure', { className: 'chart', attrs: { 'data-testid': 'chart', 'data-series': series.id } }, [
              el('figcaption', { text: series.title }),
              el(
                'ul',
                {},
                series.bars.map((bar) =>
                  el('li', { attrs: { 'data-testid': 'chart-bar', 'data-value': String(bar.value) } }, [
                    el('span', { className: 'bar-label', text: bar.label }),
                    el('span', { className: 'bar-track', attrs: { 'aria-hidden': 'true' } }, [
                      el('span', { className: 'bar', attrs: { style: `width:${Math.max(1, (100 * bar.value) / (series.max || 1)).toFixed(1)}%` } }),
                    ]),
                    el('span', { className: 'bar-text', text: bar.text }),
                  ]),
                ),
              ),
            ]),
          ),
          ...profileFacts(segment.profile).map((fact) => el('p', { className: 'fact', text: fact })),
        ]),
      ),
    );
    if (this.chosen.length === 0) root.replaceChildren(el('p', { className: 'hint', text: 'Tick “Show” on a segment (two to compare them).' }));
  }
}

/** Size over runs: the sentence always (it carries the figures), the chart once there is a line to draw. */
function sizeFigure(segment: Segment): HTMLElement {
  const points = segment.sizeOverRuns ?? [];
  const sentence = sizeSentence(points);
  const svg = sizeChartSvg(segment.label, points);
  return el('figure', { className: 'chart', attrs: { 'data-testid': 'size-over-runs', 'data-sizes': points.map((p) => p.size).join(','), 'data-runs': points.map((p) => p.runId).join(',') } }, [
    el('figcaption', { text: 'Size over runs' }),
    ...(svg ? [el('img', { attrs: { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: sentence, width: '560', style: 'max-width:100%;height:auto' } })] : []),
    el('p', { className: 'fact', text: sentence }),
  ]);
}
