/**
 * The Redis client of the serving stores that live in Redis when GRAPHREC_REDIS_URL is set (session
 * states, slot posteriors): a command waits at most `timeoutMs` and is tried once more at most, so a
 * Redis outage surfaces as a failed call the caller handles, never as a request left hanging; the
 * stores' Lua scripts are defined on it.
 */
import Redis from 'ioredis';

export const SERVING_REDIS_TIMEOUT_MS = 1_000;

export function servingRedis<Commands extends object>(url: string, scripts: Record<keyof Commands & string, { keys: number; lua: string }>, timeoutMs = SERVING_REDIS_TIMEOUT_MS): Redis & Commands {
  const redis = new Redis(url, { commandTimeout: timeoutMs, connectTimeout: Math.max(1_000, timeoutMs), maxRetriesPerRequest: 1 });
  for (const [name, script] of Object.entries(scripts) as [string, { keys: number; lua: string }][]) redis.defineCommand(name, { numberOfKeys: script.keys, lua: script.lua });
  // Errors surface on the commands; without a listener ioredis prints every failed reconnect.
  redis.on('error', () => undefined);
  return redis as Redis & Commands;
}
