/**
 * The Runs tab: the daily flow's history (GraphQL `runs`, analysts) as a table, the newest run's
 * steps on a time axis (libs/eval timeline-chart.ts: its branches overlap), and one line chart per
 * metric over the runs (common/run-charts.ts). Charts are images of the project's own SVG with
 * their figures in the alt text and the table, so no innerHTML and nothing only visible.
 */
import { runsBody } from '../common/queries';
import { RunRow, runCharts, runChartSvg, runSeconds } from '../common/run-charts';
import { timelineBars, timelineSentence, timelineSvg } from '../../../../libs/eval/src/timeline-chart';
import type { GraphQLRequest } from '../common/client';
import { byId, el } from './dom';

export interface RunsDeps {
  request: GraphQLRequest;
  report(error: unknown, context: string): void;
}

const stepSummary = (run: RunRow) =>
  run.steps.map((s) => `${s.step} ${s.status}${s.seconds == null ? '' : ` ${s.seconds.toFixed(1)} s`}${s.attempts > 1 ? ` (${s.attempts} tries)` : ''}`).join(', ');

function timelineFigure(run: RunRow): HTMLElement {
  const bars = timelineBars(run.startedAt, run.steps);
  const svg = timelineSvg(`Steps of ${run.id}`, bars);
  return el('figure', { attrs: { 'data-testid': 'run-timeline', 'data-run-id': run.id } }, [
    el('img', { attrs: { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: `Steps of ${run.id}: ${timelineSentence(bars)}`, width: '640' } }),
  ]);
}

export class RunsView {
  constructor(private readonly deps: RunsDeps) {
    byId('refresh-runs').addEventListener('click', () => void this.load());
  }

  async load(): Promise<void> {
    const table = byId('runs-table');
    table.setAttribute('aria-busy', 'true');
    try {
      const { runs } = await this.deps.request<{ runs: RunRow[] }>(runsBody());
      byId('runs-body').replaceChildren(
        ...runs.map((run) => {
          const seconds = runSeconds(run);
          return el('tr', { attrs: { 'data-testid': 'run-row', 'data-run-id': run.id, 'data-status': run.status } }, [
            el('td', { text: run.id }),
            el('td', { text: run.status + (run.resumes ? ` (resumed ${run.resumes}×)` : '') }),
            el('td', { text: run.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z') }),
            el('td', { className: 'num', text: seconds === undefined ? '' : seconds.toFixed(1) }),
            el('td', { text: run.driftBreached.length ? `breached: ${run.driftBreached.join(', ')}` : 'ok', className: run.driftBreached.length ? 'error' : '' }),
            el('td', { text: stepSummary(run) + (run.error ? ` — ${run.error}` : '') }),
          ]);
        }),
      );
      if (runs.length === 0) byId('runs-body').replaceChildren(el('tr', {}, [el('td', { text: 'No flow runs yet: run `graphrec run`.', attrs: { colspan: '6' } })]));
      byId('runs-caption').textContent = `${runs.length} runs of the daily flow, newest first`;
      // The newest run's steps on a time axis: the flow's branches overlap.
      byId('run-timeline').replaceChildren(...(runs[0] ? [timelineFigure(runs[0])] : []));
      byId('run-charts').replaceChildren(
        ...runCharts(runs).map((chart) => {
          const figures = chart.y.map((v, i) => `run ${chart.x[i]}: ${Number(v.toPrecision(4))}`).join('; ');
          return el('figure', { attrs: { 'data-testid': 'run-chart', 'data-metric': chart.metric } }, [
            el('img', { attrs: { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(runChartSvg(chart))}`, alt: `${chart.title}: ${figures}`, width: '560' } }),
          ]);
        }),
      );
    } catch (error) {
      this.deps.report(error, 'Loading runs');
    } finally {
      table.removeAttribute('aria-busy');
    }
  }
}
