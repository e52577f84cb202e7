import { repoRoot } from '@graphrec/neo4j';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export function testRedisUrl(): string {
  const url = process.env.GRAPHREC_TEST_REDIS_URL;
  if (!url) throw new Error('GRAPHREC_TEST_REDIS_URL is not set: run the tests through npm test (scripts/test.mjs starts a test Redis)');
  return url;
}

/**
 * Starts test/support/flow-worker.ts and resolves once it prints `until`. Node itself with tsx's
 * require hook, not the tsx binary: that one forks a second process, and SIGKILL to the wrapper
 * would leave the real worker alive.
 */
export function startTestProcess(args: string[], env: NodeJS.ProcessEnv, until = 'ready'): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', join('test', 'support', 'flow-worker.ts'), ...args], {
    cwd: repoRoot(),
    env: { ...env, TSX_TSCONFIG_PATH: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += String(d);
      if (out.includes(until)) resolve({ child, output: () => out });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => reject(new Error(`test process exited (${code}) before "${until}":\n${out}`)));
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}
