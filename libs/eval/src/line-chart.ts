/**
 * A line chart with a band per series, as a standalone SVG file (regret curves of `graphrec
 * simulate --chart`): one `<path class="line" data-series=…>` per series over a
 * `<path class="band">` (the spread over seeds), axes with ticks, a legend. Hand-written like the
 * report's bar charts (svg.ts), so no charting dependency.
 */
import { COLOURS, escape, tickStep } from './svg';

export interface LineSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** The band around the line (same length as x), e.g. min and max over seeds. */
  low?: readonly number[];
  high?: readonly number[];
}

export interface LineChartInput {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  /** Lines under the title (the command that made it, what the band is). */
  subtitle?: readonly string[];
}

const BOX = { width: 800, height: 460, left: 70, right: 180, top: 68, bottom: 52 };

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(Number(v.toPrecision(3))));

export function renderLineChart(input: LineChartInput): string {
  const xs = input.series.flatMap((s) => s.x);
  const ys = input.series.flatMap((s) => [...s.y, ...(s.high ?? [])]);
  const xMax = Math.max(1e-9, ...xs);
  const yTop = Math.max(1e-9, ...ys);
  const xStep = tickStep(xMax);
  const yStep = tickStep(yTop);
  const yMax = Math.ceil(yTop / yStep) * yStep;
  const plotW = BOX.width - BOX.left - BOX.right;
  const plotH = BOX.height - BOX.top - BOX.bottom;
  const px = (v: number): string => (BOX.left + (plotW * v) / xMax).toFixed(1);
  const py = (v: number): string => (BOX.top + plotH * (1 - v / yMax)).toFixed(1);
  const parts: string[] = [
    `<rect width="${BOX.width}" height="${BOX.height}" fill="#fff"/>`,
    `<text x="${BOX.left}" y="20" font-size="15" font-weight="bold">${escape(input.title)}</text>`,
  ];
  (input.subtitle ?? []).forEach((line, i) => parts.push(`<text x="${BOX.left}" y="${37 + 14 * i}" font-size="11" fill="#555">${escape(line)}</text>`));
  for (let t = 0; t <= yMax + yStep / 2; t += yStep) {
    parts.push(`<line x1="${BOX.left}" x2="${BOX.left + plotW}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${BOX.left - 6}" y="${(+py(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${fmt(t)}</text>`);
  }
  for (let t = 0; t <= xMax + xStep / 2; t += xStep) {
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${BOX.top + plotH}" y2="${BOX.top + plotH + 4}" stroke="#333"/>`);
    parts.push(`<text x="${px(t)}" y="${BOX.top + plotH + 18}" text-anchor="middle" font-size="11">${fmt(t)}</text>`);
  }
  parts.push(`<line x1="${BOX.left}" x2="${BOX.left + plotW}" y1="${BOX.top + plotH}" y2="${BOX.top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${BOX.left}" x2="${BOX.left}" y1="${BOX.top}" y2="${BOX.top + plotH}" stroke="#333"/>`);
  parts.push(`<text x="${BOX.left + plotW / 2}" y="${BOX.height - 12}" text-anchor="middle" font-size="12">${escape(input.xLabel)}</text>`);
  parts.push(
    `<text x="16" y="${BOX.top + plotH / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${BOX.top + plotH / 2})">${escape(input.yLabel)}</text>`,
  );
  input.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const name = escape(s.name);
    if (s.low && s.high) {
      const upper = s.x.map((x, j) => `${px(x)},${py(s.high?.[j] ?? 0)}`);
      const lower = s.x.map((x, j) => `${px(x)},${py(s.low?.[j] ?? 0)}`).reverse();
      parts.push(`<path class="band" data-series="${name}" d="M${[...upper, ...lower].join('L')}Z" fill="${colour}" fill-opacity="0.18" stroke="none"/>`);
    }
    const d = s.x.map((x, j) => `${j === 0 ? 'M' : 'L'}${px(x)},${py(s.y[j])}`).join('');
    parts.push(`<path class="line" data-series="${name}" d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const ly = BOX.top + 10 + i * 20;
    parts.push(`<line x1="${BOX.left + plotW + 16}" x2="${BOX.left + plotW + 40}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(`<text x="${BOX.left + plotW + 46}" y="${ly + 4}" font-size="12">${name}</text>`);
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${BOX.width} ${BOX.height}" width="${BOX.width}" height="${BOX.height}" ` +
    `role="img" aria-label="${escape(input.title)}">${parts.join('')}</svg>\n`
  );
}
