/**
 * Runs the real API (`startApi` from @graphrec/api) in a child process for the e2e tests, exactly
 * as it runs in production (tsx, every module real, default settings unless `env` says otherwise).
 * Why not in-process: under Jest (Node 20), mercurius → @fastify/static → content-disposition is
 * an ES module that Jest's CommonJS runtime cannot require, and mercurius loads its query cache
 * with a dynamic import() Jest refuses too; mocking them would test something else.
 *
 * As a script it prints one JSON line `{"url": …}` once listening and closes on SIGTERM.
 */
import { repoRoot } from '@graphrec/neo4j';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ApiProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 (GraphQL at `${url}/graphql`). */
  url: string;
  /** What the server wrote to stdout so far: its JSON log lines (at the LOG_LEVEL given in env). */
  output(): string;
  close(): Promise<void>;
}

export async function startApiProcess(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ApiProcess> {
  const root = repoRoot();
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(root, 'test/support/api-process.ts')], {
    cwd: root,
    env: { ...env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json'), GRAPHREC_API_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      stdout += String(d);
      const line = stdout.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (code ${code}) before listening\n${stderr}`));
    });
  });
  return {
    url,
    output: () => stdout,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main(): Promise<void> {
  // Required here, not imported at the top, so the Jest side of this file never loads the API;
  // require (not import()) because tsx maps the tsconfig path aliases for require only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startApi } = require('@graphrec/api') as typeof import('@graphrec/api');
  const api = await startApi({ port: 0, env: process.env, logLevel: process.env.LOG_LEVEL ?? 'warn' });
  process.stdout.write(`${JSON.stringify({ url: api.url })}\n`);
  const stop = (): void => void api.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module && process.env.GRAPHREC_API_CHILD === '1') {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
