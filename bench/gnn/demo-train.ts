/**
 * Training curve on a generated world (`graphrec generate`), validation only: the world's files are
 * projected as `evaluate-holdout` does, GraphSAGE trains with the given options and prints the loss
 * and the early-stopping figure (its own 10 % carve of the files' edges) per epoch. The held-back
 * purchases (truth/) are not read; score them once with `graphrec evaluate-holdout`.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/gnn/demo-train.ts /tmp/demo20k '{"learningRate":0.005}'
 */
import { initTf, trainGraphSage } from '@graphrec/gnn';
import { projectFromFiles } from '@graphrec/projection';
import { join } from 'node:path';

async function main(): Promise<void> {
  const dir = process.argv[2] ?? '/tmp/demo20k';
  const options = JSON.parse(process.argv[3] ?? '{}');
  await initTf();
  const files = ['products.csv', 'users.csv', 'devices.csv', 'ownerships.csv', 'events.csv'].map((f) => join(dir, f));
  const graph = await projectFromFiles(files, 'native');
  const cpu0 = process.cpuUsage();
  const model = await trainGraphSage(graph, options, {
    onEpoch: (e) => process.stderr.write(`epoch ${e.epoch} loss ${e.loss.toFixed(4)} val ${e.validation.toFixed(4)} ${e.seconds.toFixed(1)}s\n`),
  });
  const cpu = process.cpuUsage(cpu0);
  const m = model.metrics;
  console.log(JSON.stringify({ options, seconds: +m.seconds.toFixed(1), cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), bestEpoch: m.bestEpoch, epochs: m.epochs, bestValidation: +m.bestValidation.toFixed(4), metric: m.validationMetric }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
