/**
 * Tuning `contextual` (linear Thompson sampling) on seeds the figures never use: for each (scale v,
 * λ, hybrid) of the grid, the mean true value per round over SEEDS seeds from SEED (default 100–104;
 * docs/decide.md reports seeds 42–51), beside `thompson`'s on the same seeds. Prints figures; never a test.
 *   npm run bench:contextual-tune      (env SEED=100 SEEDS=5 ROUNDS=50000 GRID="v:λ[:hybrid|:global],…")
 *   PROBIT="β:prior variance:scale,…" npm run bench:contextual-tune   (the probit model, probit.ts: the default since session 9)
 */
import { BanditWorld } from '@graphrec/datagen';
import { createPolicy, simulate } from '@graphrec/decide';

const FIRST = Number(process.env.SEED ?? 100);
const SEEDS = Number(process.env.SEEDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 50_000);
const GRID = (process.env.GRID ?? '0.05:5,0.03:5,0.08:5,0.05:2,0.05:10,0.03:2,0.05:5:hybrid').split(',').map((g) => {
  const [scale, lambda, variant] = g.split(':');
  return { scale: Number(scale), lambda: Number(lambda), hybrid: variant === 'hybrid', globalPrior: variant === 'global' };
});

const worlds = Array.from({ length: SEEDS }, (_, i) => new BanditWorld({ users: 20_000, seed: FIRST + i }));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const thompson = mean(worlds.map((w, i) => simulate(w, createPolicy('thompson', { seed: FIRST + i }), { rounds: ROUNDS, seed: FIRST + i }).true_value));
console.log(`seeds ${FIRST}–${FIRST + SEEDS - 1}, ${ROUNDS} rounds; thompson ${thompson.toFixed(4)}`);
const PROBIT = process.env.PROBIT?.split(',').map((g) => {
  const [beta, priorVariance, scale] = g.split(':').map(Number);
  return { beta, priorVariance, scale };
});
if (PROBIT) {
  console.log('| β | prior variance | scale | true value | × thompson |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const g of PROBIT) {
    const v = mean(worlds.map((w, i) => simulate(w, createPolicy('contextual', { seed: FIRST + i, probit: g }), { rounds: ROUNDS, seed: FIRST + i }).true_value));
    console.log(`| ${g.beta} | ${g.priorVariance} | ${g.scale} | ${v.toFixed(4)} | ${(v / thompson).toFixed(3)} |`);
  }
  process.exit(0);
}
console.log('| v | λ | variant | true value | × thompson |');
console.log('| ---: | ---: | --- | ---: | ---: |');
for (const g of GRID) {
  const v = mean(worlds.map((w, i) => simulate(w, createPolicy('contextual', { seed: FIRST + i, contextual: g }), { rounds: ROUNDS, seed: FIRST + i }).true_value));
  console.log(`| ${g.scale} | ${g.lambda} | ${g.hybrid ? 'hybrid' : g.globalPrior ? 'global prior' : '-'} | ${v.toFixed(4)} | ${(v / thompson).toFixed(3)} |`);
}
