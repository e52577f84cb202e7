import { Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { DEFAULT_SEED } from './options';
import { buildProgram } from './program';
import { formatSummary } from './commands/ingest';
import { createProgress } from './progress';

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

describe('graphrec program', () => {
  it('lists every command in its help', () => {
    const help = buildProgram().helpInformation();
    for (const cmd of ['ingest', 'generate', 'schema', 'status', 'pipeline', 'communities', 'segment', 'export', 'evaluate']) expect(help).toContain(cmd);
  });
  it('documents the ingest options', () => {
    const ingest = buildProgram().commands.find((c) => c.name() === 'ingest');
    const help = ingest?.helpInformation() ?? '';
    expect(help).toContain('--format');
    expect(help).toContain('--restart');
    expect(help).toContain('--rejected-dir');
  });
});

describe('shared option meanings', () => {
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];

  /** Parses without running anything; the error commander raised, if any. */
  async function parseError(args: string[]): Promise<CommanderError | undefined> {
    const program = buildProgram(() => {
      throw new Error('no database in this spec: parsing must fail before any action runs');
    });
    for (const c of all(program)) c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    try {
      await program.parseAsync(['node', 'graphrec', ...args]);
      return undefined;
    } catch (error) {
      if (error instanceof CommanderError) return error;
      throw error;
    }
  }

  it('every --seed defaults to the one DEFAULT_SEED', () => {
    const seeds = all(buildProgram()).flatMap((c) => c.options.filter((o) => o.long === '--seed').map((o) => [c.name(), o.defaultValue]));
    expect(seeds.length).toBeGreaterThanOrEqual(7);
    for (const [name, value] of seeds) expect([name, value]).toEqual([name, DEFAULT_SEED]);
  });

  it.each([
    [['train', '--backend', 'gpu'], '--backend must be one of tensorflow, wasm, cpu'],
    [['train', '--seed', '-1'], '--seed must be a whole number from 0'],
    [['evaluate', '--path', 'x', '--seed', '1.5'], '--seed must be a whole number from 0'],
    [['segment', '--resolution', '0'], '--resolution must be a number above 0'],
    [['communities', '--graph', 'g', '--resolution', 'x'], '--resolution must be a number above 0'],
  ])('%j is refused while parsing, in every command', async (args, message) => {
    const error = await parseError(args);
    expect(error?.code).toBe('commander.invalidArgument');
    expect(error?.message).toContain(message);
  });
});

describe('formatSummary', () => {
  it('prints one line per file and a total', () => {
    const text = formatSummary({
      files: [
        { path: '/d/users.csv', kind: 'users', format: 'csv', loaded: 2, unchanged: 1, rejected: 1, rejectedFile: '/d/users.csv.rejected.jsonl', skipped: false, resumed: true, seconds: 1 },
        { path: '/d/events.csv', kind: 'events', format: 'csv', loaded: 0, unchanged: 0, rejected: 0, skipped: true, resumed: false, seconds: 0 },
      ],
      loaded: 2,
      unchanged: 1,
      rejected: 1,
      seconds: 1.5,
    });
    expect(text).toMatch(/users\.csv \[users\]: loaded 2, unchanged 1, rejected 1 .* resumed; rejected rows in/);
    expect(text).toMatch(/events\.csv: already loaded completely/);
    expect(text.split('\n').pop()).toBe('total: loaded 2, unchanged 1, rejected 1 in 1.5s');
  });
});

describe('progress without a terminal', () => {
  it('writes plain periodic lines with a rate and the final state', () => {
    const { stream, text } = capture();
    const progress = createProgress(stream, 0);
    progress.start('events', 100, 'bytes');
    progress.update(50, { rows: 500 });
    progress.update(100, { rows: 1000 });
    progress.stop();
    const lines = text().trim().split('\n');
    expect(lines[0]).toBe('events: started (100 bytes)');
    expect(lines[1]).toMatch(/^events: 50% rows=500 \d+ rows\/s( ETA \d+s)?$/);
    expect(lines[2]).toMatch(/^events: 100% rows=1000/);
  });
});
