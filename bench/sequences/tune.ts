/**
 * Hyper-parameters of the session models, chosen on validation only: the protocol's split is made,
 * its test part is thrown away, and every configuration is evaluated by the same protocol applied
 * to the train part alone (each user's last train session is validation under `last-session`).
 * The neural models' early stopping carves once more inside that train part, as they do for test.
 * One JSON line per configuration is appended to --out as it finishes, so a stopped run keeps what
 * it measured.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/tune.ts --grid bench/sequences/grid.json [--users 5000] [--protocol last-session] [--out .data/sequences-tune.jsonl] [--only "name;name"] [--no-return-visits]
 *
 * The grid: `[{ "name": "...", "model": "hrnn", "neural": {...}, "knn": {...} }, ...]`.
 */
import { SessionModelName, SessionProtocol, evaluateSessionModels, splitSessions } from '@graphrec/sequences';
import { appendFileSync, readFileSync } from 'node:fs';
import { arg } from '../support/args';
import { worldSessions } from './world';

interface GridEntry {
  name: string;
  model: SessionModelName;
  neural?: Record<string, number | boolean>;
  knn?: { k?: number; sampleSize?: number };
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const protocol = option('protocol', 'last-session') as SessionProtocol;
  const out = option('out', '.data/sequences-tune.jsonl');
  const only = option('only', '');
  let grid = JSON.parse(readFileSync(option('grid', 'bench/sequences/grid.json'), 'utf8')) as GridEntry[];
  if (only) grid = grid.filter((g) => only.split(';').includes(g.name)); // ';': names may hold commas
  const users = arg('users', 5000);
  const sessions = await worldSessions(users);
  // Test is dropped here and never read again: every figure below is on validation.
  const [train] = splitSessions(sessions, { protocol, testDays: 7 });
  for (const g of grid) {
    const started = process.cpuUsage();
    const report = await evaluateSessionModels(train, {
      protocol,
      testDays: 7,
      models: [g.model],
      neural: { seed: 1, ...(g.neural ?? {}) },
      knn: g.knn,
      log: (l) => process.stderr.write(`${g.name}: ${l}\n`),
    });
    const cpu = process.cpuUsage(started);
    const r = report.results[g.model];
    const line = { ...g, protocol, users, world: process.argv.includes('--no-return-visits') ? 'generator 2.1.0 (no return visits)' : 'with return visits', valid: { 'recall@5': r['recall@5'], 'mrr@5': r['mrr@5'], 'recall@20': r['recall@20'], 'mrr@20': r['mrr@20'] }, epochs: r.epochs, train_seconds: r.train_seconds, cpu_seconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, at: new Date().toISOString() };
    appendFileSync(out, JSON.stringify(line) + '\n');
    process.stdout.write(`${g.name}: valid MRR@5 ${r['mrr@5'].toFixed(4)} Recall@5 ${r['recall@5'].toFixed(4)} MRR@20 ${r['mrr@20'].toFixed(4)} Recall@20 ${r['recall@20'].toFixed(4)}${r.epochs ? ` (${r.epochs} epochs)` : ''}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
