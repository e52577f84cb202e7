/**
 * A segment's size over runs (GraphQL `Segment.sizeOverRuns`), pure so it is tested without a
 * browser: a sentence an analyst (and a screen reader) reads, and the project's own SVG line chart
 * (libs/eval line-chart.ts) once there are two runs to draw a line between.
 */
import { renderLineChart } from '../../../../libs/eval/src/line-chart';

export interface SizePoint {
  runId: string;
  at: string;
  size: number;
}

const day = (iso: string) => iso.slice(0, 10);
const formatNumber = (n: number) => n.toLocaleString('en-US');

/** "1,020 members in seg-… (2026-12-03); over 3 runs: 990 → 1,004 → 1,020". */
export function sizeSentence(points: readonly SizePoint[]): string {
  if (points.length === 0) return 'No size history yet (it starts with the next segments run).';
  const last = points[points.length - 1];
  const now = `${formatNumber(last.size)} members in ${last.runId} (${day(last.at)})`;
  if (points.length === 1) return `${now}; the first run with a size history, so no trend yet.`;
  const first = points[0];
  const change = first.size ? ` (${last.size >= first.size ? '+' : ''}${(((last.size - first.size) / first.size) * 100).toFixed(1)}% since ${day(first.at)})` : '';
  return `${now}; over ${points.length} runs: ${points.map((p) => formatNumber(p.size)).join(' → ')}${change}.`;
}

/** The line chart, or undefined with fewer than two runs. */
export function sizeChartSvg(label: string, points: readonly SizePoint[]): string | undefined {
  if (points.length < 2) return undefined;
  return renderLineChart({
    title: `${label}: members per run`,
    xLabel: `run (oldest = 1, ${day(points[0].at)} … ${day(points[points.length - 1].at)})`,
    yLabel: 'members',
    series: [{ name: 'members', x: points.map((_, i) => i + 1), y: points.map((p) => p.size) }],
  });
}
