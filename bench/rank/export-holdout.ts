/**
 * Test quality of the *served* ranker at any scale, through the batch export: reads a world's
 * truth/holdout_purchases.csv (purchases after the data ends, never in the graph, so never seen in
 * training or tuning) and an export's CSV of those users' top k, and prints hit rate@k (± its
 * standard error), user hit rate and nDCG@k per user (± SE). Used to compare ranker sizes on the
 * 1M world, where re-projecting the graph for the holdout Scorer costs minutes and gigabytes.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/export-holdout.ts --truth W/truth/holdout_purchases.csv --users-out users.txt
 *   npx graphrec export recommendations --k 10 --users users.txt --out recs.csv
 *   npx tsx --tsconfig tsconfig.base.json bench/rank/export-holdout.ts --truth W/truth/holdout_purchases.csv --export recs.csv [--k 10]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { exportHoldoutQuality } from '@graphrec/eval';

function text(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const truthFile = text('truth');
if (!truthFile) throw new Error('--truth FILE (a world\'s truth/holdout_purchases.csv) is required');
const truth = readFileSync(truthFile, 'utf8');
const usersOut = text('users-out');
const exported = text('export');
const k = Number(text('k') ?? 10);
if (usersOut) {
  const users = new Set(truth.split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]));
  writeFileSync(usersOut, [...users].sort().join('\n') + '\n');
  process.stdout.write(`${users.size} held-back buyers written to ${usersOut}\n`);
}
if (exported) process.stdout.write(JSON.stringify(exportHoldoutQuality(truth, readFileSync(exported, 'utf8'), k)) + '\n');
