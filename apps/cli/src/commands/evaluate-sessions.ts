/**
 * `graphrec evaluate --format sessions`: the next-item protocol of libs/sequences on a session log
 * (`session_id,item_id,timestamp[,user_id]`). Kept apart from evaluate.ts, whose top-k protocols
 * work on user × item matrices.
 */
import { SESSION_MODELS, SESSION_PROTOCOLS, SessionLogFormatError, SessionModelName, SessionProtocol, evaluateSessionModels, readSessionLog, writeRejections } from '@graphrec/sequences';
import { existsSync } from 'node:fs';
import { writeJson } from './decide-shared';

export const DEFAULT_SESSION_MODELS = 'hrnn,gru4rec,sknn,vsknn,lastitem,spop';

export interface SessionsEvaluateOptions {
  path: string;
  protocol: string;
  testDays: number;
  models: string;
  seed: number;
  json?: string;
  modelDir?: string;
  epochs: number;
}

function list<T extends string>(value: string, known: readonly T[], what: string): T[] | string {
  const names = value.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = names.filter((m) => !(known as readonly string[]).includes(m));
  if (!names.length || unknown.length) return `unknown ${what}(s) ${unknown.join(', ') || '(none given)'}; available: ${known.join(', ')}`;
  return [...new Set(names)] as T[];
}

export async function runSessionsEvaluate(options: SessionsEvaluateOptions): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`graphrec evaluate: ${message}\n`);
    return 2;
  };
  const models = list(options.models, SESSION_MODELS, 'model');
  if (typeof models === 'string') return fail(models);
  const protocols = list(options.protocol, SESSION_PROTOCOLS, 'protocol');
  if (typeof protocols === 'string') return fail(protocols);
  if (protocols.length !== 1) return fail('--format sessions takes one --protocol at a time (temporal or last-session)');
  if (!existsSync(options.path)) return fail(`${options.path}: no such file`);
  try {
    const log = await readSessionLog(options.path);
    writeRejections(`${options.path}.rejected.jsonl`, log.rejected);
    process.stdout.write(
      `read ${options.path}: ${log.sessions.length} sessions from ${log.rows} rows` +
        (log.duplicates ? `, ${log.duplicates} exact duplicates dropped` : '') +
        (log.rejected.length ? `, ${log.rejected.length} rows rejected (${options.path}.rejected.jsonl)` : '') +
        '\n',
    );
    const protocol = protocols[0] as SessionProtocol;
    const report = await evaluateSessionModels(log.sessions, {
      protocol,
      testDays: options.testDays,
      models: models as SessionModelName[],
      neural: { seed: options.seed, maxEpochs: options.epochs },
      modelDir: options.modelDir,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    const d = report.data;
    process.stdout.write(`${protocol} split: ${d.train_sessions} train and ${d.test_sessions} test sessions, ${d.items} items (${d.removed.unseenTestItems} test events of items unseen in train removed)\n`);
    process.stdout.write(`model      recall@5  mrr@5   recall@20 mrr@20  train s\n`);
    for (const [name, r] of Object.entries(report.results)) {
      process.stdout.write(`${name.padEnd(10)} ${r['recall@5'].toFixed(4)}    ${r['mrr@5'].toFixed(4)}  ${r['recall@20'].toFixed(4)}    ${r['mrr@20'].toFixed(4)}  ${r.train_seconds.toFixed(1)}\n`);
    }
    if (options.json) {
      writeJson(options.json, { ...report, dataset: options.path, seed: options.seed });
    }
    return 0;
  } catch (error) {
    if (error instanceof SessionLogFormatError || error instanceof RangeError) return fail(error.message);
    throw error;
  }
}
