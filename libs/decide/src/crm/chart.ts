/** The CRM experiment's chart data (cumulative exact value per user by week, one line per policy, a band over seeds), for libs/eval's renderLineChart. */
import type { CrmExperimentResult } from './experiment';

export interface CrmChartSeries {
  name: string;
  x: number[];
  y: number[];
  low: number[];
  high: number[];
}

export function crmChartSeries(results: readonly CrmExperimentResult[]): CrmChartSeries[] {
  if (results.length === 0) return [];
  const weeks = Array.from({ length: results[0].weeks + 1 }, (_, w) => w);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return results[0].policies.map((p, i) => {
    const cumulative = results.map((r) => weeks.map((w) => r.policies[i].by_week.slice(0, w).reduce((s, v) => s + v, 0)));
    return {
      name: p.name,
      x: weeks,
      y: weeks.map((w) => mean(cumulative.map((c) => c[w]))),
      low: weeks.map((w) => Math.min(...cumulative.map((c) => c[w]))),
      high: weeks.map((w) => Math.max(...cumulative.map((c) => c[w]))),
    };
  });
}

export const CRM_CHART_TITLE = 'CRM programme: expected value paid per user, cumulative by week (exact truth)';

/** The whole chart (libs/eval's renderLineChart input) for the CLI and the benchmark alike; `subtitle` says which command drew it. */
export function crmChart(results: readonly CrmExperimentResult[], subtitle: string[]): { title: string; xLabel: string; yLabel: string; series: CrmChartSeries[]; subtitle: string[] } {
  return { title: CRM_CHART_TITLE, xLabel: 'week', yLabel: 'expected value paid per user ($)', series: crmChartSeries(results), subtitle };
}
