import { ModelResult, ResultSummary, summarise } from './report';
import { COLOURS, escape, tickStep } from './svg';

/** The results of one split protocol, as `graphrec evaluate` collects them. */
export interface ProtocolResults {
  protocol: string;
  /** Split seeds run (one entry for a temporal split, which has no seed). */
  seeds: number[];
  results: Record<string, ModelResult | ResultSummary>;
  /** Per model, the hyper-parameters chosen on validation, one label per seed. */
  chosen?: Record<string, string[]>;
}

export interface HtmlReportInput {
  title: string;
  /** What was evaluated, e.g. "MovieLens 100K (100,000 interactions, 943 users, 1,682 items)". */
  dataset: string;
  k: number;
  protocols: ProtocolResults[];
  /** The command line, printed so the page says how to reproduce it. */
  command?: string;
}

const METRICS: readonly { key: keyof ModelResult; label: (k: number) => string }[] = [
  { key: 'map', label: () => 'MAP' },
  { key: 'ndcg', label: (k) => `nDCG@${k}` },
  { key: 'precision', label: (k) => `P@${k}` },
  { key: 'recall', label: (k) => `R@${k}` },
];


const CHART = { width: 760, height: 320, left: 48, right: 12, top: 16, bottom: 40 };


function asSummary(result: ModelResult | ResultSummary): ResultSummary {
  return 'mean' in result ? result : summarise([result]);
}


/** Grouped bars (a group per metric, a bar per model) with ±1 std error bars, as inline SVG. */
function chart(block: ProtocolResults, k: number): string {
  const models = Object.keys(block.results);
  const summaries = models.map((m) => asSummary(block.results[m]));
  const top = Math.max(1e-9, ...summaries.flatMap((s) => METRICS.map(({ key }) => s.mean[key] + s.std[key])));
  const step = tickStep(top);
  const yMax = Math.ceil(top / step) * step;
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const y = (v: number): number => CHART.top + plotH * (1 - v / yMax);
  const groupW = plotW / METRICS.length;
  const barW = (groupW * 0.8) / Math.max(1, models.length);
  const parts: string[] = [];
  for (let t = 0; t <= yMax + step / 2; t += step) {
    parts.push(`<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${CHART.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${t.toFixed(step < 0.1 ? 2 : 1)}</text>`);
  }
  METRICS.forEach(({ key, label }, g) => {
    const x0 = CHART.left + g * groupW + groupW * 0.1;
    parts.push(`<text x="${(x0 + groupW * 0.4).toFixed(1)}" y="${CHART.height - CHART.bottom + 18}" text-anchor="middle" font-size="12">${escape(label(k))}</text>`);
    summaries.forEach((s, m) => {
      const mean = s.mean[key];
      const std = s.std[key];
      const x = x0 + m * barW;
      const name = escape(models[m]);
      parts.push(
        `<rect class="bar" data-model="${name}" data-metric="${key}" data-mean="${mean}" data-std="${std}" x="${x.toFixed(1)}" y="${y(mean).toFixed(1)}" ` +
          `width="${(barW * 0.9).toFixed(1)}" height="${(y(0) - y(mean)).toFixed(1)}" fill="${COLOURS[m % COLOURS.length]}">` +
          `<title>${name} ${escape(label(k))}: ${mean.toFixed(4)} ± ${std.toFixed(4)}</title></rect>`,
      );
      const lo = y(Math.max(0, mean - std)).toFixed(1);
      const hi = y(mean + std).toFixed(1);
      const c = (x + barW * 0.45).toFixed(1);
      parts.push(
        `<g class="error-bar" data-model="${name}" data-metric="${key}" stroke="#333"><line x1="${c}" x2="${c}" y1="${lo}" y2="${hi}"/>` +
          `<line x1="${(+c - 3).toFixed(1)}" x2="${(+c + 3).toFixed(1)}" y1="${hi}" y2="${hi}"/><line x1="${(+c - 3).toFixed(1)}" x2="${(+c + 3).toFixed(1)}" y1="${lo}" y2="${lo}"/></g>`,
      );
    });
  });
  const legend = models
    .map((m, i) => `<span class="key"><span class="swatch" style="background:${COLOURS[i % COLOURS.length]}"></span>${escape(m)}</span>`)
    .join(' ');
  return (
    `<svg class="chart" data-protocol="${escape(block.protocol)}" viewBox="0 0 ${CHART.width} ${CHART.height}" width="${CHART.width}" height="${CHART.height}" ` +
    `role="img" aria-label="metrics by model, ${escape(block.protocol)} split">${parts.join('')}</svg><p class="legend">${legend}</p>`
  );
}

function table(block: ProtocolResults, k: number): string {
  const head = ['model', ...METRICS.map(({ label }) => label(k)), 'coverage', 'train s', 'chosen on validation'];
  const rows = Object.entries(block.results).map(([model, result]) => {
    const s = asSummary(result);
    const cell = (key: keyof ModelResult, digits: number): string =>
      `<td data-metric="${key}">${s.mean[key].toFixed(digits)}${s.runs > 1 ? ` ± ${s.std[key].toFixed(digits)}` : ''}</td>`;
    const chosen = block.chosen?.[model];
    const settings = chosen && chosen.some(Boolean) ? [...new Set(chosen)].join('; ') : '';
    return (
      `<tr data-model="${escape(model)}"><th scope="row">${escape(model)}</th>${METRICS.map(({ key }) => cell(key, 4)).join('')}` +
      `${cell('coverage', 4)}${cell('train_seconds', 1)}<td>${escape(settings)}</td></tr>`
    );
  });
  return `<table class="results" data-protocol="${escape(block.protocol)}"><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * A self-contained HTML page (no scripts, no external files): per protocol, the models' ranking
 * metrics as grouped bars with ±1 standard deviation across seeds, then the table of mean ± std.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const sections = input.protocols.map((block) => {
    const seeds = block.seeds.length > 1 ? `seeds ${block.seeds.join(', ')} (error bars: ±1 std across seeds)` : block.protocol === 'temporal' ? 'one temporal split (no seed)' : `seed ${block.seeds[0]}`;
    return `<section data-protocol="${escape(block.protocol)}"><h2>${escape(block.protocol)} split</h2><p>${escape(seeds)}, top ${input.k}, seen items removed.</p>${chart(block, input.k)}${table(block, input.k)}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(input.title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
table { border-collapse: collapse; margin: 1em 0 2em; } th, td { padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: right; }
th[scope=row], thead th:first-child { text-align: left; } td { white-space: nowrap; } td:last-child { text-align: left; font-size: 12px; white-space: normal; }
.legend .key { margin-right: 1em; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
code { background: #f4f4f4; padding: 1px 4px; }
</style></head>
<body><h1>${escape(input.title)}</h1><p>${escape(input.dataset)}</p>${input.command ? `<p><code>${escape(input.command)}</code></p>` : ''}
${sections.join('\n')}
</body></html>
`;
}
