/**
 * One run at a time: a lease (a lock with an expiry) that the process starting a run holds and
 * renews while the run lasts. A process that dies (SIGKILL, power) stops renewing, and the lease
 * is free again after its time to live, so a crash never blocks the schedule for good. In Redis
 * when GRAPHREC_REDIS_URL is set (SET NX PX, compare-and-renew in Lua), else a FlowLease node in Neo4j.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import type Redis from 'ioredis';
import { FlowError } from './types';

export interface Lease {
  readonly name: string;
  /** True when `holder` now holds it (free, expired, or already theirs). */
  acquire(holder: string, ttlMs: number): Promise<boolean>;
  /** False when the lease was lost (expired and taken over). */
  renew(holder: string, ttlMs: number): Promise<boolean>;
  release(holder: string): Promise<void>;
}

/** Default time to live: renewed every third of it, so two missed renewals still keep it. */
export const LEASE_TTL_MS = 60_000;

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisLease implements Lease {
  constructor(
    private readonly redis: Redis,
    readonly name: string,
  ) {}

  private get key(): string {
    return `graphrec:lease:${this.name}`;
  }

  async acquire(holder: string, ttlMs: number): Promise<boolean> {
    if ((await this.redis.set(this.key, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return this.renew(holder, ttlMs);
  }

  async renew(holder: string, ttlMs: number): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.key, holder, String(ttlMs))) === 1;
  }

  async release(holder: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, holder);
  }
}

export class Neo4jLease implements Lease {
  constructor(
    private readonly db: GraphDb,
    readonly name: string,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(holder: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const rows = await this.db.write(async (tx) => (await tx.run(cypher('flows/lease-acquire'), { name: this.name, holder, now, expiresAt: now + ttlMs })).records);
    return rows.length > 0;
  }

  async renew(holder: string, ttlMs: number): Promise<boolean> {
    const rows = await this.db.write(async (tx) => (await tx.run(cypher('flows/lease-renew'), { name: this.name, holder, expiresAt: this.now() + ttlMs })).records);
    return rows.length > 0;
  }

  async release(holder: string): Promise<void> {
    await this.db.write((tx) => tx.run(cypher('flows/lease-release'), { name: this.name, holder }));
  }
}

/**
 * Runs `work` while holding the lease, renewing it every ttl/3; refuses (LOCKED) when another
 * live holder has it. A lost renewal is logged: the work goes on (stopping a step half-way would
 * help nobody) but another run may have started.
 */
export async function withLease<T>(lease: Lease, holder: string, work: () => Promise<T>, options: { ttlMs?: number; log?: (line: string) => void } = {}): Promise<T> {
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  if (!(await lease.acquire(holder, ttlMs))) {
    throw new FlowError('LOCKED', `another run of "${lease.name}" holds the lock (it expires ${Math.round(ttlMs / 1000)} s after its holder stops renewing it)`);
  }
  const timer = setInterval(() => {
    lease.renew(holder, ttlMs).then(
      (held) => held || options.log?.(`lost the lock "${lease.name}" (expired and taken over)`),
      (error: Error) => options.log?.(`could not renew the lock "${lease.name}": ${error.message}`),
    );
  }, Math.max(50, Math.floor(ttlMs / 3)));
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await lease.release(holder).catch(() => undefined);
  }
}
