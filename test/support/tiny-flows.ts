/**
 * Tiny flows for the engine's tests, shared by the test and the worker processes it starts
 * (flow-worker.ts). Steps leave traces in FLOW_TEST_DIR so the test sees what ran where.
 */
import { tinyFlow, tinyStep } from '@graphrec/flows';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function traceDir(): string {
  const dir = process.env.FLOW_TEST_DIR;
  if (!dir) throw new Error('FLOW_TEST_DIR is not set');
  return dir;
}

export function trace(name: string, line: string): void {
  appendFileSync(join(traceDir(), name), `${line}\n`);
}

/**
 * first → slow → last. `slow` writes "started <attempt> <pid>" and then waits until the file
 * `release` exists (so a test can kill its worker mid-step), and "finished …" when done.
 */
export const killFlow = tinyFlow('killtest', [
  tinyStep('first', () => (trace('first', String(process.pid)), { outputs: { token: 'abc' } }), { outputs: ['token'] }),
  tinyStep(
    'slow',
    async (ctx) => {
      trace('slow', `started ${ctx.attempt} ${process.pid}`);
      while (!existsSync(join(traceDir(), 'release'))) await new Promise((r) => setTimeout(r, 50));
      trace('slow', `finished ${ctx.attempt} ${process.pid}`);
      return { outputs: { seen: String(ctx.inputs.first.token) }, metrics: { attempt: ctx.attempt } };
    },
    { inputs: ['first'], outputs: ['seen'] },
  ),
  tinyStep('last', () => (trace('last', String(process.pid)), {})),
]);

/** ok → flaky (fails while the file `broken` exists, 3 tries, 200 ms backoff doubling) → after. */
export const flakyFlow = tinyFlow('flakytest', [
  tinyStep('ok', () => (trace('ok', String(Date.now())), { outputs: { v: 1 } }), { outputs: ['v'] }),
  tinyStep(
    'flaky',
    (ctx) => {
      trace('flaky', String(Date.now()));
      if (existsSync(join(traceDir(), 'broken'))) throw new Error(`broken (try ${ctx.attempt})`);
      return { outputs: { v: Number(ctx.inputs.ok.v) + 1 } };
    },
    { inputs: ['ok'], outputs: ['v'], retry: { attempts: 3, backoffMs: 200, maxBackoffMs: 10_000 } },
  ),
  tinyStep('after', () => (trace('after', String(Date.now())), {})),
]);

export const TEST_FLOWS = [killFlow, flakyFlow];
