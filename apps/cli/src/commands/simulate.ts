/**
 * `graphrec simulate`: runs decision policies against the simulator that knows the truth
 * (libs/datagen's BanditWorld, libs/decide's runner). One policy: its summary, `--logs` (one JSON
 * line per decision, what `graphrec ope` reads) and `--save-model` (a learner frozen for offline
 * evaluation). Several (`--policies a,b --seeds 10`): regret per policy over seeds and `--chart`,
 * the cumulative regret curves with a min–max band over seeds.
 */
import { BanditWorld } from '@graphrec/datagen';
import { formatLogLine, simulate, type LoggedDecision, type SimulationResult } from '@graphrec/decide';
import { renderLineChart } from '@graphrec/eval';
import { Command } from 'commander';
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { DEFAULT_SEED, parsePositiveInt, parseProbability, parseSeed } from '../options';
import { DEFAULT_ROUNDS, DEFAULT_SIM_USERS, DecideInputError, resolvePolicy, withInputErrors, writeFileAtomically, writeJson } from './decide-shared';

export interface SimulateOptions {
  policy?: string;
  policies?: string;
  rounds: number;
  seed: number;
  seeds?: number;
  users: number;
  epsilon?: number;
  logs?: string;
  json?: string;
  chart?: string;
  saveModel?: string;
}

/** Decisions buffered between two writes of `--logs`. */
const LOG_FLUSH_LINES = 2_000;

class LogWriter {
  private readonly fd: number;
  private readonly temp: string;
  private buffer: string[] = [];

  constructor(private readonly path: string) {
    this.temp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.temp, 'w');
  }

  write(d: LoggedDecision): void {
    this.buffer.push(formatLogLine(d));
    if (this.buffer.length >= LOG_FLUSH_LINES) this.flush();
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.temp, this.path);
  }
}

function summaryOf(r: SimulationResult): object {
  return { policy: r.policy, rounds: r.rounds, seed: r.seed, true_value: r.true_value, reward: r.reward, regret: r.regret, regret_fixed: r.regret_fixed };
}

function runOne(options: SimulateOptions & { policy: string }): void {
  const world = new BanditWorld({ users: options.users, seed: options.seed });
  const policy = resolvePolicy({ policy: options.policy, seed: options.seed, epsilon: options.epsilon }, () => world);
  if (options.saveModel && !policy.freeze) throw new DecideInputError(`--save-model: ${policy.name} learns nothing to freeze (use a learning policy)`);
  const logs = options.logs ? new LogWriter(options.logs) : undefined;
  const result = simulate(world, policy, { rounds: options.rounds, seed: options.seed, log: logs ? (d) => logs.write(d) : undefined });
  logs?.close();
  process.stdout.write(
    `${result.policy}: ${result.rounds} rounds, seed ${result.seed}, ${options.users} users — true value ${result.true_value.toFixed(4)} per round ` +
      `(best eligible ${result.best_value.toFixed(4)}), clicks ${result.reward}, cumulative regret ${result.regret.toFixed(1)} (${result.regret_fixed.toFixed(1)} against the best context-free policy), purchases worth ${result.value.toFixed(2)}\n`,
  );
  if (logs) process.stdout.write(`wrote ${options.logs} (${result.rounds - result.skipped} decisions)\n`);
  if (options.json) {
    writeJson(options.json, summaryOf(result));
    process.stdout.write(`wrote ${options.json}\n`);
  }
  if (options.saveModel && policy.freeze) {
    writeJson(options.saveModel, policy.freeze());
    process.stdout.write(`wrote ${options.saveModel} (frozen ${policy.name}: greedy on its learned means)\n`);
  }
}

const stats = (xs: number[]): { mean: number; sd: number; min: number; max: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
};

function runMany(options: SimulateOptions & { policies: string }): void {
  const names = [...new Set(options.policies.split(',').map((p) => p.trim()).filter((p) => p !== ''))];
  if (names.length === 0) throw new DecideInputError('--policies needs at least one policy');
  const seeds = Array.from({ length: options.seeds ?? 1 }, (_, i) => options.seed + i);
  const runs = new Map<string, SimulationResult[]>(names.map((n) => [n, []]));
  for (const seed of seeds) {
    const world = new BanditWorld({ users: options.users, seed });
    for (const name of names) {
      const policy = resolvePolicy({ policy: name, seed, epsilon: options.epsilon }, () => world);
      runs.get(name)?.push(simulate(world, policy, { rounds: options.rounds, seed }));
    }
    process.stderr.write(`seed ${seed} done\n`);
  }
  const report = {
    rounds: options.rounds,
    users: options.users,
    seeds,
    policies: Object.fromEntries(
      names.map((name) => {
        const rs = runs.get(name) ?? [];
        return [
          name,
          {
            true_value: stats(rs.map((r) => r.true_value)),
            reward: stats(rs.map((r) => r.reward)),
            regret: stats(rs.map((r) => r.regret)),
            regret_fixed: stats(rs.map((r) => r.regret_fixed)),
            best_value: stats(rs.map((r) => r.best_value)),
            runs: rs.map(summaryOf),
          },
        ];
      }),
    ),
  };
  process.stdout.write(`${options.rounds} rounds, ${seeds.length} seed(s) from ${options.seed}, ${options.users} users (mean ± sd over seeds)\n`);
  for (const [name, p] of Object.entries(report.policies)) {
    process.stdout.write(
      `  ${name.padEnd(20)} true value ${p.true_value.mean.toFixed(4)} ± ${p.true_value.sd.toFixed(4)}  clicks ${p.reward.mean.toFixed(0)}  regret ${p.regret.mean.toFixed(0)} ± ${p.regret.sd.toFixed(0)}  vs best context-free ${p.regret_fixed.mean.toFixed(0)} ± ${p.regret_fixed.sd.toFixed(0)}\n`,
    );
  }
  if (options.json) {
    writeJson(options.json, report);
    process.stdout.write(`wrote ${options.json}\n`);
  }
  if (options.chart) {
    const series = names.map((name) => {
      const rs = runs.get(name) ?? [];
      const x = rs[0].curve.map((p) => p.round);
      const at = (j: number): number[] => rs.map((r) => r.curve[j].regret);
      return { name, x, y: x.map((_, j) => stats(at(j)).mean), low: x.map((_, j) => Math.min(...at(j))), high: x.map((_, j) => Math.max(...at(j))) };
    });
    writeFileAtomically(
      options.chart,
      renderLineChart({
        title: 'Cumulative regret against the best eligible product',
        subtitle: [
          `graphrec simulate --policies ${names.join(',')}`,
          `--rounds ${options.rounds} --seeds ${seeds.length} --seed ${options.seed} --users ${options.users} (line: mean over seeds, band: min–max)`,
        ],
        xLabel: 'rounds',
        yLabel: 'cumulative expected regret (clicks)',
        series,
      }),
    );
    process.stdout.write(`wrote ${options.chart}\n`);
  }
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('run decision policies for the next-product slot against a simulated world that knows the true click probabilities (no Neo4j)')
    .option('--policy <name|file>', 'one policy: uniform, popularity, epsilon-popularity, epsilon-greedy, ucb1, thompson, thompson-segment, contextual, or a model file')
    .option('--policies <list>', 'several policies, comma-separated (with --seeds and --chart)')
    .option('--rounds <n>', 'decisions (one user drawn per round)', (v) => parsePositiveInt(v, '--rounds'), DEFAULT_ROUNDS)
    .option('--seed <n>', 'seed of the world, the rounds\' users, the outcomes and the policy', (v) => parseSeed(v), DEFAULT_SEED)
    .option('--seeds <n>', 'with --policies: run seeds seed, seed+1, …', (v) => parsePositiveInt(v, '--seeds', 1000))
    .option('--users <n>', 'users in the world', (v) => parsePositiveInt(v, '--users'), DEFAULT_SIM_USERS)
    .option('--epsilon <e>', 'exploration of epsilon-popularity (default 0.2) and epsilon-greedy (default 0.1)', (v) => parseProbability(v, '--epsilon'))
    .option('--logs <file.jsonl>', 'with --policy: one JSON line per decision (round, user_id, context, actions, action, propensity, reward, value, policy)')
    .option('--json <file>', 'write the summary as JSON')
    .option('--chart <file.svg>', 'with --policies: cumulative regret curves')
    .option('--save-model <file>', 'with --policy: freeze the learned policy into a model file')
    .action(async (options: SimulateOptions) =>
      withInputErrors('simulate', () => {
        if ((options.policy === undefined) === (options.policies === undefined)) throw new DecideInputError('give either --policy or --policies');
        if (options.policy !== undefined) {
          if (options.seeds !== undefined || options.chart) throw new DecideInputError('--seeds and --chart go with --policies');
          runOne({ ...options, policy: options.policy });
        } else {
          if (options.logs || options.saveModel) throw new DecideInputError('--logs and --save-model go with --policy (one policy)');
          runMany({ ...options, policies: options.policies ?? '' });
        }
      }),
    );
}
