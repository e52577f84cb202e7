/**
 * A segment profile (JSON owned by libs/segments: owned products by lift, home type and region
 * mix, activity, next best product) as chart series the Segments tab draws as bars. Read
 * defensively: a profile from an older run may lack a part, and then that chart is left out.
 * Pure, so the series are tested against hand-made profiles.
 */
import { humanValue } from './property-names';
import type { Json } from './types';

export interface Bar {
  label: string;
  /** What the bar's length stands for (lift, or a share 0..1). */
  value: number;
  /** The number as text, next to the bar (a chart must be readable without seeing lengths). */
  text: string;
}

export interface ChartSeries {
  id: 'lift' | 'home_type' | 'region';
  title: string;
  bars: Bar[];
  /** The bar length of a full bar: the largest value drawn (so two segments side by side share a scale). */
  max: number;
}

/** Products in the lift chart: the rest is the long tail. */
export const MAX_LIFT_BARS = 10;

const obj = (v: Json | undefined): Record<string, Json> | null => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);
const num = (v: Json | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const percent = (share: number): string => `${Math.round(share * 100)}%`;

function mix(list: Json | undefined): Bar[] {
  if (!Array.isArray(list)) return [];
  return list
    .map(obj)
    .filter((v): v is Record<string, Json> => v !== null && typeof v.value === 'string' && num(v.share) !== null)
    .map((v) => ({ label: humanValue(String(v.value)), value: num(v.share) as number, text: percent(num(v.share) as number) }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}

export function profileCharts(profile: Json): ChartSeries[] {
  const p = obj(profile);
  if (!p) return [];
  const series: ChartSeries[] = [];
  if (Array.isArray(p.owned)) {
    const bars = p.owned
      .map(obj)
      .filter((o): o is Record<string, Json> => o !== null && num(o.lift) !== null)
      .map((o) => {
        const lift = num(o.lift) as number;
        const penetration = num(o.penetration);
        return { label: String(o.name ?? o.product), value: lift, text: `×${lift.toFixed(1)}${penetration !== null ? ` · ${percent(penetration)} own it` : ''}` };
      })
      .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label))
      .slice(0, MAX_LIFT_BARS);
    if (bars.length) series.push({ id: 'lift', title: 'Ownership lift per product (×1 = as common as among all users)', bars, max: Math.max(...bars.map((b) => b.value)) });
  }
  const attributes = obj(p.attributes);
  for (const [id, title] of [
    ['home_type', 'Home type mix'],
    ['region', 'Region mix'],
  ] as const) {
    const bars = mix(attributes?.[id]);
    if (bars.length) series.push({ id, title, bars, max: 1 });
  }
  return series;
}

/** Puts series of two segments on one scale per chart, so equal lengths mean equal numbers side by side. */
export function shareScale(groups: ChartSeries[][]): ChartSeries[][] {
  const max = new Map<string, number>();
  for (const g of groups) for (const s of g) max.set(s.id, Math.max(max.get(s.id) ?? 0, s.max));
  return groups.map((g) => g.map((s) => ({ ...s, max: max.get(s.id) ?? s.max })));
}

/** One line under the charts: activity and the next best product, when the profile has them. */
export function profileFacts(profile: Json): string[] {
  const p = obj(profile);
  if (!p) return [];
  const facts: string[] = [];
  const activity = obj(p.activity);
  if (activity && typeof activity.level === 'string') {
    const mean = num(activity.mean);
    facts.push(`Activity: ${activity.level}${mean !== null ? ` (mean ${mean.toFixed(1)})` : ''}`);
  }
  const next = obj(p.next);
  if (next && (typeof next.name === 'string' || typeof next.product === 'string')) {
    const penetration = num(next.penetration);
    const expected = num(next.expected);
    facts.push(
      `Next best product: ${String(next.name ?? next.product)}${penetration !== null && expected !== null ? ` (${percent(penetration)} have it, ${percent(expected)} expected)` : ''}`,
    );
  }
  return facts;
}
