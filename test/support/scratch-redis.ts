/**
 * A throwaway Redis of a test's own (scripts/redis.mjs on a free port, data in a temp folder), for
 * tests that stop and restart Redis: the shared test Redis (GRAPHREC_TEST_REDIS_URL) must stay up
 * for everyone else.
 */
import { repoRoot } from '@graphrec/neo4j';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from './db';
import { freePort } from './ports';


export interface ScratchRedis {
  url: string;
  port: number;
  start(): void;
  stop(): void;
}

function redisScript(command: 'start' | 'stop' | 'url', env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [join(repoRoot(), 'scripts/redis.mjs'), command], { cwd: repoRoot(), env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/redis.mjs ${command} failed: ${r.stderr}`);
  return r.stdout.trim();
}

export async function scratchRedis(): Promise<ScratchRedis> {
  const port = await freePort();
  const env = { ...process.env, REDIS_PORT: String(port), REDIS_DATA_DIR: tempDir('redis') };
  const url = redisScript('url', env);
  return { url, port, start: () => void redisScript('start', env), stop: () => void redisScript('stop', env) };
}
