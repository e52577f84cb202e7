/**
 * The user map as a scatter: sampled users placed in a fixed viewBox (both axes on one scale, so
 * distances mean the same in x and y), one colour per segment (the overview's colours), a legend
 * with each segment's count and a summary sentence a screen reader can read instead of the dots.
 * Pure, so scaling, legend and summary are tested without a browser.
 */
import type { UserMap } from './types';

export const MAP_SIZE = 480;
const PAD = 12;

export interface MapDot {
  userId: string;
  segmentId: string | null;
  cx: number;
  cy: number;
}

export interface LegendEntry {
  segmentId: string | null;
  label: string;
  count: number;
}

export interface UserMapScene {
  dots: MapDot[];
  legend: LegendEntry[];
  summary: string;
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** Dots in [PAD, MAP_SIZE − PAD]², y pointing up; legend biggest segment first (users without one last). */
export function userMapScene(map: UserMap, labelOf: (segmentId: string) => string | undefined): UserMapScene {
  const xs = map.points.map((p) => p.x);
  const ys = map.points.map((p) => p.y);
  const span = Math.max(Math.max(...xs, 0) - Math.min(...xs, 0), Math.max(...ys, 0) - Math.min(...ys, 0)) || 1;
  const midX = (Math.max(...xs, 0) + Math.min(...xs, 0)) / 2;
  const midY = (Math.max(...ys, 0) + Math.min(...ys, 0)) / 2;
  const scale = (MAP_SIZE - 2 * PAD) / span;
  const dots = map.points.map((p) => ({
    userId: p.userId,
    segmentId: p.segmentId,
    cx: MAP_SIZE / 2 + (p.x - midX) * scale,
    cy: MAP_SIZE / 2 - (p.y - midY) * scale,
  }));
  const counts = new Map<string | null, number>();
  for (const p of map.points) counts.set(p.segmentId, (counts.get(p.segmentId) ?? 0) + 1);
  const legend = [...counts.entries()]
    .map(([segmentId, count]) => ({ segmentId, count, label: segmentId === null ? 'No segment' : `${labelOf(segmentId) ?? segmentId} (${segmentId})` }))
    .sort((a, b) => Number(a.segmentId === null) - Number(b.segmentId === null) || b.count - a.count || a.label.localeCompare(b.label));
  const axes = map.explained.length === 2 ? ` The two axes hold ${percent(map.explained[0])} and ${percent(map.explained[1])} of the sample's variance.` : '';
  const sep =
    map.separation === null
      ? ''
      : ` ${percent(map.separation)} of the map's variance lies between segments (${map.separation >= 0.5 ? 'they separate well' : map.separation >= 0.2 ? 'they separate in part' : 'they overlap'}).`;
  const summary =
    map.sampled === 0
      ? 'No user has an embedding yet: run `graphrec train` (or `npm start`).'
      : `${map.sampled} of ${map.population} users, drawn at random, placed by their embeddings (run ${map.embeddingRunId ?? '?'}).${axes}${sep}`;
  return { dots, legend, summary };
}
