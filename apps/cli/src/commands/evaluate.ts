import {
  Interactions,
  InteractionsFormatError,
  ModelResult,
  ProtocolResults,
  ResultSummary,
  Setting,
  SplitProtocol,
  evaluateRanking,
  formatTable,
  itemStratifiedSplit,
  readInteractionsCsv,
  readMovielensData,
  renderHtmlReport,
  settingLabel,
  summarise,
  temporalSplit,
  tuneOnValidation,
} from '@graphrec/eval';
import { MemoryBudgetError, trainDataFrom } from '@graphrec/recommend';
import { Command, Option } from 'commander';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEED, parsePositiveInt, parseSeed } from '../options';
import { MODELS } from './evaluate-models';
import { DEFAULT_SESSION_MODELS, runSessionsEvaluate } from './evaluate-sessions';

export { MODELS, registerModel } from './evaluate-models';
export type { ModelEntry } from './evaluate-models';

const PROTOCOLS: readonly SplitProtocol[] = ['item-stratified', 'temporal'];

interface EvaluateOptions {
  format: 'movielens' | 'interactions';
  /** --format sessions, temporal protocol: the last N days are test. */
  testDays: number;
  modelDir?: string;
  epochs: number;
  path: string;
  /** One protocol or a comma-separated list (each reported on its own). */
  protocol: string;
  seed: number;
  seeds: number;
  k: number;
  models: string;
  json?: string;
  report?: string;
  /** false with --no-tune: every model at its grid's start values (no validation carve). */
  tune: boolean;
}

class UsageError extends Error {}

function load(options: EvaluateOptions): Interactions {
  if (!existsSync(options.path)) throw new UsageError(`${options.path}: no such file or folder`);
  return options.format === 'movielens' ? readMovielensData(join(options.path, 'u.data')) : readInteractionsCsv(options.path);
}

interface SeedRun {
  results: Record<string, ModelResult>;
  chosen: Record<string, string>;
}

/**
 * One split, every model tuned on a validation carve of train (never test), refitted on all of
 * train with the chosen setting and scored once on test.
 */
async function evaluateOnce(data: Interactions, options: EvaluateOptions, protocol: SplitProtocol, seed: number, models: string[]): Promise<SeedRun> {
  const { train, test } = protocol === 'item-stratified' ? itemStratifiedSplit(data, { ratio: 0.75, seed }) : temporalSplit(data, { testShare: 0.2 });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, { users: train.users, items: train.items, weights: train.weights });
  const run: SeedRun = { results: {}, chosen: {} };
  for (const name of models) {
    const entry = MODELS[name];
    const start: Setting = Object.fromEntries(Object.entries(entry.grid).map(([p, values]) => [p, values[0]]));
    const setting = options.tune ? (await tuneOnValidation(entry, train, { protocol, seed, k: options.k })).setting : start;
    const model = entry.make(setting, { train, path: options.path, format: options.format });
    const started = performance.now();
    await model.fit(trainData);
    const trainSeconds = (performance.now() - started) / 1000;
    const recs = Array.from({ length: data.userIds.length }, (_, user) => model.recommend(user, options.k));
    const m = evaluateRanking(recs, test, options.k, { train });
    run.results[name] = { map: m.map, ndcg: m.ndcg, precision: m.precision, recall: m.recall, coverage: m.coverage, train_seconds: trainSeconds };
    run.chosen[name] = settingLabel(setting);
  }
  return run;
}

function parseList<T extends string>(value: string, known: readonly T[] | Record<T, unknown>, what: string): T[] {
  const names = value.split(',').map((m) => m.trim()).filter(Boolean);
  const allowed = Array.isArray(known) ? (known as readonly string[]) : Object.keys(known);
  const unknown = names.filter((m) => !allowed.includes(m));
  if (!names.length || unknown.length) throw new UsageError(`unknown ${what}(s) ${unknown.join(', ') || '(none given)'}; available: ${allowed.join(', ')}`);
  return names as T[];
}

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export async function runEvaluate(options: EvaluateOptions): Promise<number> {
  try {
    const models = parseList(options.models, MODELS, 'model');
    const protocols = parseList(options.protocol, PROTOCOLS, 'protocol');
    const data = load(options);
    const blocks: ProtocolResults[] = [];
    for (const protocol of protocols) {
      // A temporal split has no seed: repeating it would only repeat the same figures.
      const seeds = protocol === 'temporal' ? [options.seed] : Array.from({ length: options.seeds }, (_, i) => options.seed + i);
      const runs: SeedRun[] = [];
      for (const seed of seeds) runs.push(await evaluateOnce(data, options, protocol, seed, models));
      const results: Record<string, ModelResult | ResultSummary> = {};
      const chosen: Record<string, string[]> = {};
      for (const name of models) {
        results[name] = runs.length === 1 ? runs[0].results[name] : summarise(runs.map((r) => r.results[name]));
        chosen[name] = runs.map((r) => r.chosen[name]);
      }
      blocks.push({ protocol, seeds, results, chosen });
      const settings = models.filter((m) => chosen[m].some(Boolean)).map((m) => `  ${m}: ${[...new Set(chosen[m])].join('; ')}`);
      process.stdout.write(
        `${protocol} split of ${data.users.length} interactions (${data.userIds.length} users, ${data.itemIds.length} items), k ${options.k}, ` +
          `${protocol === 'temporal' ? 'no seed (deterministic)' : `seed${seeds.length > 1 ? `s ${seeds.join(', ')}` : ` ${seeds[0]}`}`}\n${formatTable(results)}\n` +
          (settings.length ? `chosen on validation${options.tune ? '' : ' (--no-tune: grid start values)'}:\n${settings.join('\n')}\n` : ''),
      );
    }
    const dataset = `${options.format === 'movielens' ? 'MovieLens' : 'interactions CSV'} ${options.path}: ${data.users.length} interactions, ${data.userIds.length} users, ${data.itemIds.length} items`;
    if (options.json) {
      // The first protocol's block at the top level keeps the shape older readers expect.
      const first = blocks[0];
      const report = {
        protocol: first.protocol,
        seed: options.seed,
        seeds: first.seeds.length,
        k: options.k,
        dataset,
        results: first.results,
        chosen: first.chosen,
        protocols: Object.fromEntries(blocks.map((b) => [b.protocol, { seeds: b.seeds, results: b.results, chosen: b.chosen }])),
      };
      writeAtomically(options.json, JSON.stringify(report, null, 2) + '\n');
    }
    if (options.report) {
      const command = `graphrec evaluate --format ${options.format} --path ${options.path} --protocol ${protocols.join(',')} --seed ${options.seed} --seeds ${options.seeds} --k ${options.k} --models ${models.join(',')}${options.tune ? '' : ' --no-tune'}`;
      writeAtomically(options.report, renderHtmlReport({ title: 'graphrec offline evaluation', dataset, k: options.k, protocols: blocks, command }));
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InteractionsFormatError || error instanceof MemoryBudgetError) {
      process.stderr.write(`graphrec evaluate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description('offline evaluation on held-out data: split, tune on a validation carve of train, train on train, score top-k once on test')
    .addOption(new Option('--format <format>', 'input format').choices(['movielens', 'interactions', 'sessions']).default('movielens'))
    .requiredOption('--path <path>', 'MovieLens 100K folder, an interactions CSV (user_id,item_id[,weight][,timestamp]), or a session log (session_id,item_id,timestamp[,user_id])')
    .option('--protocol <list>', `split(s), comma-separated: ${PROTOCOLS.join(', ')}; with --format sessions: temporal or last-session`, 'item-stratified')
    .option('--test-days <n>', '--format sessions, temporal protocol: sessions starting in the last N days are test', (v) => parsePositiveInt(v, '--test-days', 3650), 7)
    .option('--model-dir <dir>', '--format sessions: write each neural model to DIR/<model>/')
    .option('--epochs <n>', '--format sessions: most epochs of the neural models (early stopping may stop sooner)', (v) => parsePositiveInt(v, '--epochs', 1000), 10)
    .option('--seed <n>', 'split seed', (v) => parseSeed(v, '--seed'), DEFAULT_SEED)
    .option('--seeds <n>', 'repeat over this many split seeds (seed, seed+1, ...) and report mean ± std', (v) => parsePositiveInt(v, '--seeds'), 1)
    .option('--k <n>', 'list length', (v) => parsePositiveInt(v, '--k'), 10)
    .option('--models <list>', `comma-separated: ${Object.keys(MODELS).join(', ')}`, 'popularity,cooccurrence')
    .option('--no-tune', 'skip the validation carve: every model at its default setting')
    .option('--json <file>', 'also write the results as JSON')
    .option('--report <file>', 'also write a self-contained HTML page: bar chart with error bars across seeds, and the table')
    .action(async (options: Omit<EvaluateOptions, 'format'> & { format: EvaluateOptions['format'] | 'sessions' }, command: Command) => {
      if (options.format === 'sessions') {
        // The session protocol has its own defaults: the matrix protocols and models do not apply.
        const given = (name: string) => command.getOptionValueSource(name) !== 'default';
        process.exitCode = await runSessionsEvaluate({
          ...options,
          protocol: given('protocol') ? options.protocol : 'temporal',
          models: given('models') ? options.models : DEFAULT_SESSION_MODELS,
        });
        return;
      }
      process.exitCode = await runEvaluate({ ...options, format: options.format });
    });
}
