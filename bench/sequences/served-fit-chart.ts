/**
 * The carve's validation MRR@20 per epoch of served fits (served-fit.bench.ts's JSON lines), one
 * line per fit, as an SVG: how weight averaging changes the curve the epochs are chosen on.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/served-fit-chart.ts --out docs/images/x.svg NAME=FILE.json ...
 */
import { renderLineChart } from '@graphrec/eval';
import { readFileSync, writeFileSync } from 'node:fs';

const outAt = process.argv.indexOf('--out');
if (outAt < 0) throw new Error('--out FILE.svg');
const out = process.argv[outAt + 1];
const inputs = process.argv.slice(2).filter((a, i, all) => a.includes('=') && all[i - 1] !== '--out');
const series = inputs.map((a) => {
  const [name, file] = a.split('=');
  const fit = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop() as string) as { valid_mrr20: number[] };
  return { name, x: fit.valid_mrr20.map((_, i) => i + 1), y: fit.valid_mrr20 };
});
writeFileSync(
  out,
  renderLineChart({
    title: 'Served HRNN: validation MRR@20 per epoch on the carve (20,000-user demo world)',
    subtitle: ['bench/sequences/served-fit.bench.ts, seed 42; EMA: the averaged weights are validated (and kept)', '2026-12-04, session 11, shared machine'],
    xLabel: 'epoch',
    yLabel: 'validation MRR@20',
    series,
  }),
);
