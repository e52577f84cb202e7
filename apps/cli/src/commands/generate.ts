import { GenerateSummary, generateWorld } from '@graphrec/datagen';
import { Command } from 'commander';
import { resolve } from 'node:path';
import { createProgress } from '../progress';
import { DEFAULT_SEED, parsePositiveInt, parseSeed } from '../options';

export async function runGenerate(options: { users: number; seed: number; out: string; months?: number; returnVisits?: boolean }): Promise<GenerateSummary> {
  const progress = createProgress();
  progress.start('generate', options.users, 'users');
  try {
    return await generateWorld({
      users: options.users,
      seed: options.seed,
      outDir: resolve(options.out),
      months: options.months,
      returnVisits: options.returnVisits,
      onProgress: (done) => progress.update(done, { rows: done }),
    });
  } finally {
    progress.stop();
  }
}

export function generateCommand(): Command {
  return new Command('generate')
    .description('write a synthetic connected-home world (ingest files plus ground truth under truth/)')
    .requiredOption('--users <n>', 'number of users', (v) => parsePositiveInt(v, '--users'))
    .option('--seed <n>', 'random seed: the same seed writes the same files', (v) => parseSeed(v), DEFAULT_SEED)
    .requiredOption('--out <dir>', 'output folder')
    .option('--months <n>', 'length of the simulated period', (v) => parsePositiveInt(v, '--months'))
    // Commander's --no-x: `returnVisits` is true unless the flag is given.
    .option('--no-return-visits', 'leave out the return visits after alerts (the generator 2.1.0 world; see docs/sequences.md)')
    .action(async (options: { users: number; seed: number; out: string; months?: number; returnVisits?: boolean }) => {
      const summary = await runGenerate(options);
      const counts = Object.entries(summary.counts).map(([k, v]) => `${k} ${v}`).join(', ');
      process.stdout.write(`wrote ${summary.outDir}: ${counts} (${(summary.bytes / 1e6).toFixed(1)} MB) in ${summary.seconds.toFixed(1)}s\n`);
    });
}
