/**
 * One flow run's steps on a time axis (a Gantt chart), pure so it is tested without a browser:
 * since the daily flow runs its two branches at once, a run's steps overlap and their seconds no
 * longer add up to the run's — the timeline shows which ran beside which, and the critical path.
 * Steps that never started (pending, or skipped before starting) get no bar.
 */
import { COLOURS, escape, tickStep } from './svg';

export interface TimelineStep {
  step: string;
  status: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export interface TimelineBar {
  step: string;
  status: string;
  /** Seconds from the run's start. */
  from: number;
  to: number;
}

/** Bars in flow order, seconds from `runStartedAt`; a running step ends at `now`. */
export function timelineBars(runStartedAt: string, steps: readonly TimelineStep[], now = Date.now()): TimelineBar[] {
  const t0 = Date.parse(runStartedAt);
  const bars: TimelineBar[] = [];
  for (const s of steps) {
    if (!s.startedAt) continue;
    const from = (Date.parse(s.startedAt) - t0) / 1000;
    // The store records finishedAt with every outcome; a step without one is still running.
    const end = s.finishedAt ? Date.parse(s.finishedAt) : now;
    const to = (end - t0) / 1000;
    if (Number.isFinite(from) && Number.isFinite(to)) bars.push({ step: s.step, status: s.status, from: Math.max(0, from), to: Math.max(from, to) });
  }
  return bars;
}

const round = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** "segments 615–1227 s (complete); sequence 618–1270 s (complete)": the chart's alt text. */
export function timelineSentence(bars: readonly TimelineBar[]): string {
  if (bars.length === 0) return 'No step of this run has started.';
  return bars.map((b) => `${b.step} ${round(b.from)}–${round(b.to)} s (${b.status})`).join('; ');
}

const STATUS_COLOUR: Record<string, string> = { complete: COLOURS[0], running: COLOURS[1], failed: COLOURS[5], skipped: '#999999' };

/** The SVG: a row per started step, a bar from its start to its end, a seconds axis. */
export function timelineSvg(title: string, bars: readonly TimelineBar[]): string {
  const rowH = 22;
  const left = 120;
  const width = 640;
  const plotW = width - left - 20;
  const top = 44;
  const height = top + bars.length * rowH + 40;
  const max = Math.max(1, ...bars.map((b) => b.to));
  const step = tickStep(max);
  const x = (s: number) => left + (s / max) * plotW;
  const parts: string[] = [`<text x="${left}" y="20" font-size="15" font-weight="bold">${escape(title)}</text>`];
  parts.push(`<text x="${left}" y="36" font-size="11" fill="#555">${escape(`whole run ${round(max)} s; bars overlap where steps ran at once`)}</text>`);
  for (let t = 0; t <= max + 1e-9; t += step) {
    parts.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 4}" x2="${x(t).toFixed(1)}" y2="${top + bars.length * rowH}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(t).toFixed(1)}" y="${top + bars.length * rowH + 14}" font-size="10" text-anchor="middle">${escape(String(Number(t.toPrecision(6))))}</text>`);
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${left - 6}" y="${y + 15}" font-size="12" text-anchor="end">${escape(b.step)}</text>`);
    const w = Math.max(1, x(b.to) - x(b.from));
    parts.push(`<rect x="${x(b.from).toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${STATUS_COLOUR[b.status] ?? COLOURS[7]}"><title>${escape(`${b.step}: ${round(b.from)}–${round(b.to)} s, ${b.status}`)}</title></rect>`);
  });
  parts.push(`<text x="${left + plotW / 2}" y="${height - 8}" font-size="12" text-anchor="middle">seconds from the run's start</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(title)}">${parts.join('')}</svg>\n`;
}
