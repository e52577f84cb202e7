/** Shared pieces of the project's hand-written SVG charts (html-report.ts, line-chart.ts). */

/** Colour-blind-safe palette (Okabe–Ito), cycled when there are more series. */
export const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tick step of 1, 2 or 5 × 10ⁿ giving about five ticks up to `max`. */
export function tickStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
}
