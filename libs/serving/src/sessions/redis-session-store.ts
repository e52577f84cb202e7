/**
 * Session states in Redis (GRAPHREC_REDIS_URL): one hash per user (`graphrec:session:<user id>`,
 * fields `v` version and `s` state), written by one Lua script that compares the version and sets
 * both, so that two trackEvents for one user at once never lose one. After a write the user's
 * `changedAt` is stamped in Neo4j (cypher/serving/session-touch.cypher): the change feed of every
 * API process reads it from there and drops the user's cached answers.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import type Redis from 'ioredis';
import { servingRedis } from '../redis-client';
import type { SessionStore, StoredSession } from './session-store';

// ARGV: expected version, state, now (ms). `t`: when the state was last written.
const CAS_SCRIPT = `
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', v + 1, 's', ARGV[2], 't', ARGV[3])
return 1
`;

// A state from history (seed): written unless the stored one was written at or after ARGV[2].
const SEED_SCRIPT = `
local t = tonumber(redis.call('HGET', KEYS[1], 't') or '0')
if t >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], 'v', 1)
redis.call('HSET', KEYS[1], 's', ARGV[1], 't', ARGV[3])
return 1
`;

interface CasCommand {
  graphrecSessionCas(key: string, version: number, state: string, now: number): Promise<number>;
  graphrecSessionSeed(key: string, state: string, since: number, now: number): Promise<number>;
}

export const REDIS_SESSION_PREFIX = 'graphrec:session:';

export class RedisSessionStore implements SessionStore {
  readonly name = 'redis';
  private readonly redis: Redis & CasCommand;

  constructor(
    url: string,
    private readonly db: GraphDb,
    options: { timeoutMs?: number; prefix?: string; stampChanges?: boolean } = {},
  ) {
    this.redis = servingRedis<CasCommand>(url, { graphrecSessionCas: { keys: 1, lua: CAS_SCRIPT }, graphrecSessionSeed: { keys: 1, lua: SEED_SCRIPT } }, options.timeoutMs);
    this.prefix = options.prefix ?? REDIS_SESSION_PREFIX;
    // Off only where Redis alone is measured (bench/sequences/session-state-memory.bench.ts).
    this.stampChanges = options.stampChanges ?? true;
  }

  private readonly prefix: string;
  private readonly stampChanges: boolean;

  async read(userId: string): Promise<StoredSession> {
    const [v, s] = await this.redis.hmget(this.prefix + userId, 'v', 's');
    return { state: s ?? null, version: v === null ? 0 : Number(v) };
  }

  async readMany(userIds: readonly string[]): Promise<Map<string, StoredSession>> {
    const pipeline = this.redis.pipeline();
    for (const u of userIds) pipeline.hmget(this.prefix + u, 'v', 's');
    const results = (await pipeline.exec()) ?? [];
    const out = new Map<string, StoredSession>();
    userIds.forEach((u, i) => {
      const [error, value] = results[i] ?? [new Error('no reply'), null];
      if (error) throw error;
      const [v, st] = value as (string | null)[];
      out.set(u, { state: st ?? null, version: v === null ? 0 : Number(v) });
    });
    return out;
  }

  // The version alone suffices here: the read (HMGET) and the script are atomic in Redis.
  async compareAndSet(userId: string, previous: StoredSession, state: string): Promise<boolean> {
    const written = (await this.redis.graphrecSessionCas(this.prefix + userId, previous.version, state, Date.now())) === 1;
    if (written && this.stampChanges) await this.db.write((tx) => tx.run(cypher('serving/session-touch'), { userId }));
    return written;
  }

  async seed(rows: readonly { userId: string; state: string }[], since: number): Promise<number> {
    const pipeline = this.redis.pipeline() as unknown as { graphrecSessionSeed(key: string, state: string, since: number, now: number): void; exec(): Promise<[Error | null, unknown][] | null> };
    const now = Date.now();
    for (const r of rows) pipeline.graphrecSessionSeed(this.prefix + r.userId, r.state, since, now);
    let written = 0;
    for (const [error, value] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      written += Number(value);
    }
    // No changedAt stamp: see cypher/serving/session-state-seed.cypher.
    return written;
  }

  /** Redis's used_memory (bytes), for the memory benchmark. */
  async usedMemory(): Promise<number> {
    const info = await this.redis.info('memory');
    return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
