/**
 * The Runs page's charts (pure, so they are tested without a browser): one line chart per metric
 * over the daily flow's runs, oldest to newest, drawn by the project's own SVG line chart
 * (libs/eval line-chart.ts). Runs without the metric (a skipped step, a first run without a
 * previous one to compare with) leave no point.
 */
import { renderLineChart } from '../../../../libs/eval/src/line-chart';

export interface RunMetric {
  name: string;
  value: number;
}

export interface RunRow {
  id: string;
  status: string;
  startedAt: string;
  finishedAt?: string | null;
  resumes: number;
  error?: string | null;
  driftBreached: string[];
  steps: Array<{ step: string; status: string; attempts: number; startedAt?: string | null; finishedAt?: string | null; seconds?: number | null; metrics: RunMetric[] }>;
}

/** What the charts show: [step, metric, title]. The figures, in pipeline order. */
export const RUN_CHARTS: ReadonlyArray<readonly [string, string, string]> = [
  ['embeddings', 'validation', 'Validation nDCG@10 (held-out edges)'],
  ['segments', 'segments', 'Segments'],
  ['segments', 'modularity', 'Modularity'],
  ['segments', 'usersMoved', 'Users moved segment'],
  ['drift', 'coverage', 'Coverage'],
  ['drift', 'churn', 'Segment churn'],
  ['drift', 'embeddingDrift', 'Embedding drift (1 − top-10 overlap)'],
];

export interface RunChart {
  step: string;
  metric: string;
  title: string;
  /** 1-based run numbers (oldest = 1) and values. */
  x: number[];
  y: number[];
  runIds: string[];
}

/** `runs` newest first, as the API answers; charts go oldest → newest. */
export function runCharts(runs: readonly RunRow[]): RunChart[] {
  const ordered = [...runs].reverse();
  return RUN_CHARTS.map(([step, metric, title]) => {
    const chart: RunChart = { step, metric, title, x: [], y: [], runIds: [] };
    ordered.forEach((run, i) => {
      const value = run.steps.find((s) => s.step === step)?.metrics.find((m) => m.name === metric)?.value;
      if (typeof value === 'number' && Number.isFinite(value)) {
        chart.x.push(i + 1);
        chart.y.push(value);
        chart.runIds.push(run.id);
      }
    });
    return chart;
  }).filter((c) => c.x.length > 0);
}

export function runChartSvg(chart: RunChart): string {
  const svg = renderLineChart({
    title: chart.title,
    xLabel: 'run (oldest = 1)',
    yLabel: chart.metric,
    series: [{ name: chart.metric, x: chart.x, y: chart.y }],
    subtitle: [`${chart.x.length} runs; latest ${chart.runIds[chart.runIds.length - 1]}: ${Number(chart.y[chart.y.length - 1].toPrecision(4))}`],
  });
  return svg;
}

/** Total seconds of a run (finished runs), for the table. */
export function runSeconds(run: RunRow): number | undefined {
  return run.finishedAt ? (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000 : undefined;
}
