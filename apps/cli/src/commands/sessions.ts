/**
 * `graphrec sessions`: turns a generated world's events (or MovieLens 100K's ratings) into the
 * generic session log `session_id,item_id,timestamp,user_id` that `evaluate --format sessions`
 * reads. Unreadable rows go to `<input>.rejected.jsonl` with line and reason.
 */
import { DEFAULT_GAP_SECONDS, DEFAULT_ITEM_TYPES, formatSessionLog, readMovielensEvents, readWorldEvents, sessionize, writeRejections } from '@graphrec/sequences';
import { Command, Option } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { writeFileAtomically } from './decide-shared';
import { join } from 'node:path';
import { parsePositiveInt } from '../options';

interface SessionsOptions {
  from: 'world' | 'movielens';
  path: string;
  out: string;
  gapMinutes: number;
  types?: string;
}

export async function runSessions(options: SessionsOptions): Promise<number> {
  const file = existsSync(options.path) && statSync(options.path).isDirectory() ? join(options.path, options.from === 'world' ? 'events.csv' : 'u.data') : options.path;
  if (!existsSync(file)) {
    process.stderr.write(`graphrec sessions: ${file}: no such file\n`);
    return 2;
  }
  let read;
  try {
    read = options.from === 'world' ? await readWorldEvents(file) : await readMovielensEvents(file);
  } catch (error) {
    process.stderr.write(`graphrec sessions: ${(error as Error).message}\n`);
    return 2;
  }
  const itemTypes = options.from === 'world' ? (options.types ? options.types.split(',').map((t) => t.trim()).filter(Boolean) : DEFAULT_ITEM_TYPES) : undefined;
  const sessions = sessionize(read.events, { gapSeconds: options.gapMinutes * 60, itemTypes });
  writeFileAtomically(options.out, formatSessionLog(sessions));
  writeRejections(`${options.out}.rejected.jsonl`, read.rejected);
  const items = sessions.reduce((n, s) => n + s.items.length, 0);
  process.stdout.write(
    `wrote ${options.out}: ${sessions.length} sessions, ${items} events (${options.gapMinutes}-minute gap${itemTypes ? `, types ${itemTypes.join(',')}` : ''})` +
      (read.rejected.length ? `; ${read.rejected.length} rows rejected, see ${options.out}.rejected.jsonl` : '') +
      '\n',
  );
  return 0;
}

export function sessionsCommand(): Command {
  return new Command('sessions')
    .description('convert a generated world (events.csv) or MovieLens 100K (u.data) to a session log for `evaluate --format sessions`')
    .addOption(new Option('--from <source>', 'what --path holds').choices(['world', 'movielens']).default('world'))
    .requiredOption('--path <path>', 'a world folder (or its events.csv), or a MovieLens 100K folder (or its u.data)')
    .requiredOption('--out <file>', 'the session log to write (session_id,item_id,timestamp,user_id)')
    .option('--gap-minutes <n>', 'inactivity that ends a session', (v) => parsePositiveInt(v, '--gap-minutes', 100_000), DEFAULT_GAP_SECONDS / 60)
    .option('--types <list>', `world event types that are items (default ${DEFAULT_ITEM_TYPES.join(',')})`)
    .action(async (options: SessionsOptions) => {
      process.exitCode = await runSessions(options);
    });
}
