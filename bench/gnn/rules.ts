/**
 * Early-stopping rules and epoch budgets compared on validation curves (`bench/gnn/curve.ts` output,
 * JSON lines, several carves): what each rule would have stopped at and kept, and the outer
 * validation figure (never test) of the kept epoch, as a mean over carves.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/rules.ts /tmp/curves/*.json
 * Runs with an inner carve (early stopping possible) give the patience rows; runs with
 * `validationShare` 0 (all of the fit part trained on, nothing to stop on) give the fixed-budget rows.
 */
import { readFileSync } from 'node:fs';
import { stoppingPoint } from '@graphrec/gnn';

interface Curve {
  options: Record<string, unknown>;
  carve: number;
  inner: number[];
  outer: number[];
  outerMap: number[];
  cpuSeconds: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const fmt = (xs: number[]) => `${mean(xs).toFixed(4)} ± ${std(xs).toFixed(4)}`;

function main(): void {
  const curves: Curve[] = process.argv
    .slice(2)
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));
  const carved = curves.filter((c) => c.options['validationShare'] !== 0);
  const whole = curves.filter((c) => c.options['validationShare'] === 0);
  const rows: string[] = ['| rule | carves | kept epoch (each) | epochs run (each) | outer val nDCG | outer val MAP |', '|---|---|---|---|---|---|'];
  for (const window of [1, 3]) {
    for (const patience of [3, 5, 7, 0]) {
      const picks = carved.map((c) => stoppingPoint(c.inner, patience, window));
      const nd = carved.map((c, i) => c.outer[picks[i].kept - 1]);
      const map = carved.map((c, i) => c.outerMap[picks[i].kept - 1]);
      const name = `${patience === 0 ? `no early stop (${carved[0]?.inner.length ?? 0} epochs), best` : `patience ${patience}`}${window > 1 ? `, inner figure smoothed over ${window} checks` : ''}`;
      rows.push(`| ${name} | ${carved.map((c) => c.carve).join(', ')} | ${picks.map((p) => p.kept).join(', ')} | ${picks.map((p) => p.run).join(', ')} | ${fmt(nd)} | ${fmt(map)} |`);
    }
  }
  const epochs = whole.length > 0 ? Math.min(...whole.map((c) => c.outer.length)) : 0;
  for (let e = 1; e <= epochs; e++) {
    rows.push(`| fixed ${e} epochs, no inner carve | ${whole.map((c) => c.carve).join(', ')} | ${e} | ${e} | ${fmt(whole.map((c) => c.outer[e - 1]))} | ${fmt(whole.map((c) => c.outerMap[e - 1]))} |`);
  }
  const carvedEpochs = carved.length > 0 ? Math.min(...carved.map((c) => c.outer.length)) : 0;
  for (let e = 1; e <= carvedEpochs; e++) {
    rows.push(`| (curve) epoch ${e}, with inner carve | ${carved.map((c) => c.carve).join(', ')} | ${e} | ${e} | ${fmt(carved.map((c) => c.outer[e - 1]))} | ${fmt(carved.map((c) => c.outerMap[e - 1]))} |`);
  }
  console.log(rows.join('\n'));
}

main();
