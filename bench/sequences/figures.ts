/**
 * The figures of docs/sequences.md: every session model under both protocols on
 *  - the demo world (`generateWorld`, 5000 users, seed 7, as `graphrec generate` writes it), its
 *    product_view/add_to_cart/purchase events as sessions with a 30-minute gap, and
 *  - MovieLens 100K's ratings as per-user sessions with a 30-minute gap (found through
 *    libs/eval's dataset resolver).
 * Writes one JSON per (dataset, protocol) to --out (default .data/sequences-figures) and prints
 * the tables.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/figures.ts [--only world|movielens] [--protocols temporal,last-session] [--users 5000] [--models a,b] [--neural JSON] [--knn JSON] [--no-return-visits]
 */
import { datasetDir, renderLineChart } from '@graphrec/eval';
import { SESSION_MODELS, Session, SessionProtocol, evaluateSessionModels, readMovielensEvents, sessionize } from '@graphrec/sequences';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arg } from '../support/args';
import { worldSessions } from './world';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const out = option('out', '.data/sequences-figures');
  const only = option('only', 'world,movielens').split(',');
  const protocols = option('protocols', 'last-session,temporal').split(',') as SessionProtocol[];
  const models = option('models', SESSION_MODELS.join(',')).split(',') as (typeof SESSION_MODELS)[number][];
  // Overrides of the neural defaults, e.g. --neural '{"hidden":64}' (choose them on validation).
  const neural = { seed: 1, ...(JSON.parse(option('neural', '{}')) as Record<string, number | boolean>) };
  // SKNN / V-SKNN's k and sample size, e.g. --knn '{"k":50,"sampleSize":500}' (chosen by tune.ts on validation).
  const knn = JSON.parse(option('knn', '{}')) as { k?: number; sampleSize?: number };
  mkdirSync(out, { recursive: true });
  const sets: [string, () => Promise<Session[]>][] = [];
  if (only.includes('world')) sets.push(['world', () => worldSessions(arg('users', 5000))]);
  if (only.includes('movielens')) sets.push(['movielens', async () => sessionize((await readMovielensEvents(join(datasetDir('movielens-100k'), 'u.data'))).events)]);
  for (const [name, load] of sets) {
    const sessions = await load();
    for (const protocol of protocols) {
      const report = await evaluateSessionModels(sessions, { protocol, testDays: 7, models, neural, knn, log: (l) => process.stderr.write(`${name} ${protocol}: ${l}\n`) });
      writeFileSync(join(out, `${name}-${protocol}.json`), JSON.stringify(report, null, 2) + '\n');
      const curves = Object.entries(report.results).filter(([, r]) => r.validation?.length);
      if (curves.length) {
        const svg = renderLineChart({
          title: `Validation MRR@20 per epoch — ${name}, ${protocol}`,
          subtitle: ['validation carve of train (the same protocol applied to train); the test part is never used'],
          xLabel: 'epoch',
          yLabel: 'MRR@20',
          series: curves.map(([m, r]) => ({ name: m, x: (r.validation ?? []).map((v) => v.epoch), y: (r.validation ?? []).map((v) => v.mrr20) })),
        });
        writeFileSync(join(out, `${name}-${protocol}-validation.svg`), svg);
      }
      const d = report.data;
      process.stdout.write(`\n${name}, ${protocol}: ${d.train_sessions} train / ${d.test_sessions} test sessions, ${d.items} items\n| model | Recall@5 | MRR@5 | Recall@20 | MRR@20 | train s |\n| --- | --- | --- | --- | --- | --- |\n`);
      for (const [m, r] of Object.entries(report.results)) {
        process.stdout.write(`| ${m} | ${r['recall@5'].toFixed(4)} | ${r['mrr@5'].toFixed(4)} | ${r['recall@20'].toFixed(4)} | ${r['mrr@20'].toFixed(4)} | ${r.train_seconds.toFixed(1)} |\n`);
      }
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
