/**
 * Where live session states live so that every API process reads the same one (issue 12 §4):
 * Neo4j by default (a SessionState node per user, cypher/serving/session-state-*.cypher), Redis
 * when GRAPHREC_REDIS_URL is set (redis-session-store.ts). Both store the encoded state
 * (libs/sequences session-state.ts) with a version and write by compare-and-set.
 *
 * Why a node of its own rather than properties on the User: the state is ~0.6 kB of base64 that no
 * other read wants (the explorer's user view returns a user's properties), it is written on every
 * tracked event, and a separate node keeps those writes off the User record that every serving read
 * and the projection touch. The user's `changedAt` is still stamped by the same statement, which is
 * what tells other API processes to drop their cached answers.
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';

export interface StoredSession {
  /** Encoded state; null when the user has none. */
  state: string | null;
  version: number;
}

export interface SessionStore {
  readonly name: 'neo4j' | 'redis';
  read(userId: string): Promise<StoredSession>;
  /** Several users' states in one round trip (every asked user is in the map). */
  readMany(userIds: readonly string[]): Promise<Map<string, StoredSession>>;
  /**
   * States from history (a newly trained model): replaces each user's state unless it was written at
   * or after `since` (epoch ms; a live event newer than the history); the number written.
   */
  seed(rows: readonly { userId: string; state: string }[], since: number): Promise<number>;
  /**
   * Writes `state` if the stored session is still `previous` (the read it was computed from); true
   * when written. Neo4j compares the state as well as the version: its read of the two properties is
   * not atomic (read committed), so a read between two writes could pair an older state with a newer
   * version — and a version-only compare then lost an event (1 in 200 at 8 writers, session 12).
   */
  compareAndSet(userId: string, previous: StoredSession, state: string): Promise<boolean>;
  close(): Promise<void>;
}

export class Neo4jSessionStore implements SessionStore {
  readonly name = 'neo4j';

  constructor(private readonly db: GraphDb) {}

  async read(userId: string): Promise<StoredSession> {
    const [row] = await this.db.read<{ state: string | null; version: number | { toNumber(): number } }>(cypher('serving/session-state-read'), { userId });
    if (!row) return { state: null, version: 0 };
    return { state: row.state, version: typeof row.version === 'number' ? row.version : row.version.toNumber() };
  }

  async readMany(userIds: readonly string[]): Promise<Map<string, StoredSession>> {
    const rows = await this.db.read<{ userId: string; state: string | null; version: number | { toNumber(): number } }>(cypher('serving/session-state-read-many'), { userIds: [...userIds] });
    return new Map(rows.map((r) => [r.userId, { state: r.state, version: typeof r.version === 'number' ? r.version : r.version.toNumber() }]));
  }

  async seed(rows: readonly { userId: string; state: string }[], since: number): Promise<number> {
    const [row] = await this.db.write(async (tx) => (await tx.run(cypher('serving/session-state-seed'), { rows: [...rows], since: neo4j.int(since) })).records);
    const n = row?.get('written') as number | { toNumber(): number } | undefined;
    return n === undefined ? 0 : typeof n === 'number' ? n : n.toNumber();
  }

  async compareAndSet(userId: string, previous: StoredSession, state: string): Promise<boolean> {
    const rows = await this.db.write(async (tx) => (await tx.run(cypher('serving/session-state-write'), { userId, version: neo4j.int(previous.version), expected: previous.state, state })).records);
    return rows.length > 0;
  }

  async close(): Promise<void> {
    // The GraphDb belongs to the caller.
  }
}
