/**
 * Users' decision contexts (owned products, region, home type, segment) held in the API process,
 * so a decision costs no read for a user already held: warmed for every user at start (in pages),
 * read on a miss. Kept true like the answer cache (answer-cache.ts), by the same means: dropped
 * at once when this process tracks an event for the user, and by the change feed (change-feed.ts)
 * for every other writer (`invalidate` per changed user, `flush` on a new generation — the
 * segments run is part of a context — or a bulk load). A read that started before its user's
 * invalidation is not stored (ticketed-lru.ts). No time to live: every write that changes a
 * context sets the user's `changedAt`, which the feed polls; staleness is one poll interval.
 */
import type { GraphDb } from '@graphrec/neo4j';
import { LruTicket, TicketedLru } from '../ticketed-lru';
import { readUserIdsPage } from '../warm-up';
import { readUserContexts } from './decision-store';
import type { UserDecisionContext } from './types';

export interface UserContextsOptions {
  /** Users held at most (0: no cache, a read per decision). */
  maxUsers: number;
}

const WARM_PAGE = 1_000;
/**
 * Users dropped by `invalidate` while held are read again together this long after (ms), in the
 * background, so a changed user's next decision finds them held instead of reading them alone on
 * the request path (after bench:api's 1,000 tracked events, a one-user read per decision for each).
 */
export const REREAD_AFTER_MS = 50;
/** Users read again in one query at most (more wait for the next). */
const REREAD_BATCH = 1_000;

export class UserContexts {
  private readonly held: TicketedLru<string, UserDecisionContext>;
  /** Invalidated users that were held, to be read again together (`reread`). */
  private readonly stale = new Set<string>();
  private rereading: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: GraphDb,
    private readonly options: UserContextsOptions,
  ) {
    this.held = new TicketedLru({ max: options.maxUsers });
  }

  get size(): number {
    return this.held.size;
  }

  async get(userId: string): Promise<UserDecisionContext> {
    const hit = this.held.get(userId);
    if (hit) return hit;
    const ticket = this.held.begin(userId);
    const context = (await readUserContexts(this.db, [userId])).get(userId) as UserDecisionContext;
    this.store(ticket, context);
    return context;
  }

  /** Drops the user's context (a read in flight for it is not stored); one that was held is read again shortly, in the background. */
  invalidate(userId: string): void {
    const wasHeld = this.held.peek(userId) !== undefined;
    this.held.invalidate(userId);
    if (!wasHeld) return;
    this.stale.add(userId);
    this.scheduleReread();
  }

  /** Drops every context; reads in flight are not stored. */
  flush(): void {
    this.stale.clear();
    this.held.flush();
  }

  private scheduleReread(): void {
    if (this.rereading || this.stale.size === 0) return;
    this.rereading = setTimeout(() => void this.reread(), REREAD_AFTER_MS);
    this.rereading.unref();
  }

  /**
   * Reads the invalidated users again in one query. Ticketed like every read: a user invalidated
   * again meanwhile is not stored from it (and is queued again by that invalidation). A failed read
   * stores nothing: those users are read on their next decision, as without this.
   */
  private async reread(): Promise<void> {
    const ids: string[] = [];
    for (const id of this.stale) {
      if (ids.length >= REREAD_BATCH) break;
      ids.push(id);
    }
    for (const id of ids) this.stale.delete(id);
    if (!ids.length) {
      this.rereading = undefined; // flushed meanwhile
      return;
    }
    const tickets = new Map(ids.map((id) => [id, this.held.begin(id)]));
    try {
      for (const [id, context] of await readUserContexts(this.db, ids)) this.store(tickets.get(id)!, context);
    } catch {
      // Read on their next decision instead.
    } finally {
      this.rereading = undefined;
      this.scheduleReread();
    }
  }

  /** Reads every known user's context in pages, until full or `signal` aborts. Returns how many are held. */
  async warm(signal?: AbortSignal): Promise<number> {
    let after = '';
    while (!signal?.aborted && this.held.size < this.options.maxUsers) {
      const ids = await readUserIdsPage(this.db, after, Math.min(WARM_PAGE, this.options.maxUsers - this.held.size));
      if (!ids.length) break;
      after = ids[ids.length - 1];
      const tickets = new Map(ids.map((id) => [id, this.held.begin(id)]));
      for (const [id, context] of await readUserContexts(this.db, ids)) this.store(tickets.get(id)!, context);
    }
    return this.held.size;
  }

  private store(ticket: LruTicket<string>, context: UserDecisionContext): void {
    // An unknown id is not held: bogus ids would push real users out, and a user created later
    // would stay unknown until something invalidated it.
    if (context.known) this.held.store(ticket, context);
  }
}
