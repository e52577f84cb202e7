/**
 * The served ranker's size (issue 14 §3: the batch export's floor is the model). Trains the graph
 * ranker as `graphrec train-ranker` does (parameter grid, early stopping on validation users) but
 * keeps every round up to the best (`sizeTolerance: 0`), then reads, for the first N trees of the
 * chosen parameters:
 *   - validation nDCG@10 (XGBoost's, on the ranker's validation users: what chooses the size),
 *   - test quality on truth/holdout_purchases.csv (purchases after the data ends, never seen in
 *     training or tuning): hit rate@k with its standard error, user hit rate, nDCG@k per user ± SE,
 *   - CPU µs per user to score every product and explain the top 10 (the export's model work),
 * and which N each size tolerance (train.ts `sizeTolerance`; the default is one standard error) keeps.
 *
 *   npx graphrec generate --users 20000 --seed 42 --out .data/size/w20k-s42
 *   nice -n 19 npx tsx --tsconfig tsconfig.base.json bench/rank/ranker-size.bench.ts --path .data/size/w20k-s42[,more worlds] [--seeds 42,43] [--json FILE]
 */
import { TopK } from '@graphrec/recommend';
import { oneSeSizeTolerance, fewestRoundsWithin, GraphRanker, trainGraphRanker, userAttributes, userInputFromView, viewAt } from '@graphrec/rank';
import { writeFileSync } from 'node:fs';
import { arg } from '../support/args';
import { loadHoldoutWorld } from '../support/holdout-world';

function text(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const SIZES = [10, 25, 50, 75, 100, 150, 200, 300];
const TOLERANCES = [0.001, 0.002];

interface Row {
  world: string;
  seed: number;
  params: string;
  trees: number;
  validationNdcg: number;
  hitRate: number;
  hitRateSe: number;
  userHitRate: number;
  ndcg: number;
  ndcgSe: number;
  usPerUser: number;
}

const meanSe = (xs: number[]): [number, number] => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
};

async function main(): Promise<void> {
  const k = arg('k', 10);
  const rows: Row[] = [];
  const picks: { world: string; seed: number; tolerance: string; trees: number }[] = [];
  for (const path of text('path', '.data/size/w20k-s42').split(',')) {
    const { graph, catalog, pairs, held } = await loadHoldoutWorld(path);
    const bought = new Map<number, Set<number>>();
    for (const { user, product } of pairs) (bought.get(user) ?? bought.set(user, new Set()).get(user)!).add(product);
    const view = viewAt(graph);
    for (const seed of text('seeds', '42').split(',').map(Number)) {
      const model = await trainGraphRanker(graph, { catalog }, { seed, sizeTolerance: 0 });
      const r = model.report;
      const params = `eta ${r.chosen.eta}, depth ${r.chosen.max_depth}`;
      process.stdout.write(`${path} seed ${seed}: chosen ${params}, ${r.trees} rounds to the best (${r.bestValidationNdcg.toFixed(4)}), grid ${JSON.stringify(r.grid.map((g) => [g.params.max_depth, g.bestIteration + 1, Number(g.validationNdcg.toFixed(4))]))}, ${r.seconds.total} s\n`);
      // The default (one standard error of the per-user validation nDCG@10) and fixed tolerances.
      const chosen = oneSeSizeTolerance(r.validationNdcgSe);
      picks.push({ world: path, seed, tolerance: `default ${chosen.toFixed(4)} (1 SE = ${r.validationNdcgSe.toFixed(4)})`, trees: fewestRoundsWithin(r.validationCurve, chosen) });
      picks.push({ world: path, seed, tolerance: '1 SE, uncapped', trees: fewestRoundsWithin(r.validationCurve, r.validationNdcgSe) });
      for (const tolerance of TOLERANCES) picks.push({ world: path, seed, tolerance: String(tolerance), trees: fewestRoundsWithin(r.validationCurve, tolerance) });
      const sizes = [...new Set([...SIZES.filter((n) => n < r.trees), ...picks.filter((p) => p.world === path && p.seed === seed).map((p) => p.trees), r.trees])].sort((a, b) => a - b);
      const attributes = userAttributes(view);
      const inputs = [...bought.keys()].map((u) => ({ u, input: userInputFromView(view, model.state, attributes, u, { catalog }) }));
      for (const n of sizes) {
        const booster = n < r.trees ? model.booster.slice(0, n) : model.booster;
        const ranker = new GraphRanker(booster, model.state, model.featureNames);
        let hits = 0;
        let usersHit = 0;
        const ndcgs: number[] = [];
        const cpu0 = process.cpuUsage();
        // Score in pages of 500 and explain each user's top 10, as the export does.
        for (let i = 0; i < inputs.length; i += 500) {
          const page = inputs.slice(i, i + 500);
          const features = page.map((p) => ranker.features(p.input));
          const margins = ranker.scoreMany(page.map((p) => p.input), features);
          const tops = page.map((p, j) => {
            const exclude = held(p.u);
            const heap = new TopK(k);
            for (let q = 0; q < margins[j].length; q++) if (!exclude.has(q)) heap.push(q, margins[j][q]);
            return Array.from(heap.result().items);
          });
          ranker.explainMany(page.map((p, j) => ({ input: p.input, products: tops[j], features: features[j], margins: margins[j] })), { approximate: true });
          page.forEach((p, j) => {
            const truth = bought.get(p.u)!;
            let dcg = 0;
            let hit = 0;
            tops[j].forEach((q, rank) => {
              if (truth.has(q)) (hit++, (dcg += 1 / Math.log2(rank + 2)));
            });
            let ideal = 0;
            for (let rank = 0; rank < Math.min(k, truth.size); rank++) ideal += 1 / Math.log2(rank + 2);
            hits += hit;
            usersHit += hit ? 1 : 0;
            ndcgs.push(dcg / ideal);
          });
        }
        const cpu = process.cpuUsage(cpu0);
        const hitRate = hits / pairs.length;
        const [ndcg, ndcgSe] = meanSe(ndcgs);
        rows.push({
          world: path, seed, params, trees: n, validationNdcg: r.validationCurve[n - 1], hitRate, hitRateSe: Math.sqrt((hitRate * (1 - hitRate)) / pairs.length),
          userHitRate: usersHit / inputs.length, ndcg, ndcgSe, usPerUser: ((cpu.user + cpu.system) / inputs.length),
        });
        const last = rows[rows.length - 1];
        process.stdout.write(`  ${String(n).padStart(4)} trees  valid nDCG@10 ${last.validationNdcg.toFixed(4)}  test hit rate@${k} ${hitRate.toFixed(4)} ± ${last.hitRateSe.toFixed(4)}  user hit rate ${last.userHitRate.toFixed(4)}  nDCG@${k} ${ndcg.toFixed(4)} ± ${ndcgSe.toFixed(4)}  ${last.usPerUser.toFixed(0)} CPU µs/user (${inputs.length} users, ${pairs.length} purchases)\n`);
        if (booster !== model.booster) booster.free();
      }
      for (const p of picks.filter((x) => x.world === path && x.seed === seed)) process.stdout.write(`  tolerance ${p.tolerance}: ${p.trees} trees\n`);
      model.booster.free();
    }
  }
  const out = text('json', '');
  if (out) writeFileSync(out, JSON.stringify({ rows, picks }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
