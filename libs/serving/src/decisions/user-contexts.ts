/**
 * Users' decision contexts (owned products, region, home type, segment) held in the API process,
 * so a decision costs no read for a user already held: warmed for every user at start (in pages),
 * read on a miss, re-read in the background when older than `ttlMs` (the held one answers
 * meanwhile), dropped at once when this process tracks an event for the user. Staleness: a
 * purchase recorded by another process or by file ingest shows up here within about `ttlMs`
 * (until then the product may still be offered; its propensity is still the one it was drawn
 * with, so the logs stay exact).
 */
import type { GraphDb } from '@graphrec/neo4j';
import { backgroundRunner } from '../background';
import { readUserIdsPage } from '../warm-up';
import { readUserContexts } from './decision-store';
import type { UserDecisionContext } from './types';

export interface UserContextsOptions {
  /** Users held at most (0: no cache, a read per decision). */
  maxUsers: number;
  ttlMs: number;
  now?: () => number;
}

interface Held {
  context: UserDecisionContext;
  at: number;
}

const WARM_PAGE = 1_000;

export class UserContexts {
  private readonly held = new Map<string, Held>();
  /** Invalidations so far; a read started before a user's last one is not stored. */
  private seq = 0;
  private readonly invalidated = new Map<string, number>();
  /** Reads started before this invalidation count are not stored (set when the marks are dropped). */
  private floor = 0;
  private readonly refreshing = new Set<string>();
  private readonly now: () => number;
  /** Re-reads run in this object's context, not in the request that found the context old (background.ts). */
  private readonly detached = backgroundRunner('graphrec.user-contexts');

  constructor(
    private readonly db: GraphDb,
    private readonly options: UserContextsOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.held.size;
  }

  async get(userId: string): Promise<UserDecisionContext> {
    const hit = this.held.get(userId);
    if (hit) {
      if (this.now() - hit.at >= this.options.ttlMs && !this.refreshing.has(userId)) {
        this.refreshing.add(userId);
        void this.detached(() => this.read(userId))
          .catch(() => undefined) // the held context keeps answering; the next request retries
          .finally(() => this.refreshing.delete(userId));
      }
      return hit.context;
    }
    return this.read(userId);
  }

  private async read(userId: string): Promise<UserDecisionContext> {
    const started = this.seq;
    const context = (await readUserContexts(this.db, [userId])).get(userId) as UserDecisionContext;
    this.store(userId, context, started);
    return context;
  }

  invalidate(userId: string): void {
    this.held.delete(userId);
    if (this.options.maxUsers === 0) return;
    this.seq++;
    // Only reads in flight need the mark, so the map is bounded: when it is full the marks are
    // dropped and every read in flight is refused instead (the floor), never stored stale.
    if (this.invalidated.size >= 10_000) {
      this.invalidated.clear();
      this.floor = this.seq;
    } else this.invalidated.set(userId, this.seq);
  }

  /** Reads every known user's context in pages, until full or `signal` aborts. Returns how many are held. */
  async warm(signal?: AbortSignal): Promise<number> {
    let after = '';
    while (!signal?.aborted && this.held.size < this.options.maxUsers) {
      const ids = await readUserIdsPage(this.db, after, Math.min(WARM_PAGE, this.options.maxUsers - this.held.size));
      if (!ids.length) break;
      after = ids[ids.length - 1];
      const started = this.seq;
      for (const [id, context] of await readUserContexts(this.db, ids)) this.store(id, context, started);
    }
    return this.held.size;
  }

  private store(userId: string, context: UserDecisionContext, started: number): void {
    // An unknown id is not held: bogus ids would push real users out, and a user created later
    // would stay unknown until the ttl.
    if (this.options.maxUsers === 0 || !context.known) return;
    if (started < this.floor || (this.invalidated.get(userId) ?? 0) > started) return;
    this.held.delete(userId);
    if (this.held.size >= this.options.maxUsers) {
      // Oldest first (Map keeps insertion order): a cheap LRU-ish eviction.
      const oldest = this.held.keys().next().value;
      if (oldest !== undefined) this.held.delete(oldest);
    }
    this.held.set(userId, { context, at: this.now() });
  }
}
