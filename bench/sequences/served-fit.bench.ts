/**
 * What the served sequence model costs to train: `fitServedSequenceModel` — the function
 * `graphrec train-sequence` calls — on a world's product_view/add_to_cart/purchase sessions (30-minute
 * gap, as the graph's event log gives them), with the options `train-sequence` passes. Prints the
 * process's CPU seconds for the fit (the machine is shared: CPU seconds are the figure to compare),
 * wall seconds, the epochs chosen and each epoch's validation MRR@20.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/sequences/served-fit.bench.ts --path .data/demo/users-20000-seed-42 \
 *     [--epochs 3] [--refit] [--ema-epochs 2] [--hidden-dropout 0.2] [--seed 42] [--out DIR]
 *
 * `--out DIR` saves the model as train-sequence does (model.json + weights.bin), e.g. for
 * step-ensemble.bench.ts's per-call CPU and state size of the served network.
 */
import { DEFAULT_ITEM_TYPES, fitServedSequenceModel, readWorldEvents, saveSequenceModel, sessionize } from '@graphrec/sequences';
import { join } from 'node:path';
import { arg } from '../support/args';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const path = option('path', '.data/demo/users-20000-seed-42');
  const epochs = arg('epochs', 3);
  const seed = arg('seed', 42);
  const emaEpochs = Number(option('ema-epochs', '0'));
  const hiddenDropout = Number(option('hidden-dropout', '0'));
  const refit = process.argv.includes('--refit');
  const read = await readWorldEvents(join(path, 'events.csv'));
  const sessions = sessionize(read.events, { itemTypes: DEFAULT_ITEM_TYPES });
  const cpu0 = process.cpuUsage();
  const fit = await fitServedSequenceModel(sessions, 'hrnn', { seed, maxEpochs: epochs, refit, emaEpochs, hiddenDropout }, (l) => process.stderr.write(`${l}\n`));
  const cpu = process.cpuUsage(cpu0);
  const m = fit.model;
  process.stdout.write(
    JSON.stringify({
      path,
      options: { epochs, refit, emaEpochs, hiddenDropout, seed },
      sessions: fit.sessions,
      events: fit.events,
      items: fit.itemIds.length,
      chosen_epochs: m.chosenEpochs,
      valid_mrr20: m.epochs.map((e) => Math.round((e.validMrr20 ?? 0) * 1e4) / 1e4),
      fit_wall_seconds: Math.round(fit.seconds * 10) / 10,
      fit_cpu_seconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    }) + '\n',
  );
  const out = option('out', '');
  if (out) saveSequenceModel(out, m, fit.itemIds);
  m.net?.dispose();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
