/**
 * Recommendation answers held in the API process, so that a request for a user whose answer is
 * known costs no database read (issue 10's serving target: a Bolt round trip alone halves the
 * API's throughput on this machine).
 *
 * Correctness comes from invalidation, not from a time to live:
 * - a **generation** names what every answer depends on outside its user (the served embeddings
 *   run, its ranker, the current segments run, the product catalogue); a new generation drops
 *   everything (`flush`);
 * - a **user's** answers are dropped when something of that user changes (`invalidate`: an
 *   event, a device, an ownership, its attributes) — by trackEvent in this process at once, and by
 *   the change feed (change-feed.ts) for every other writer;
 * - an answer computed from a read that started before an invalidation of its user (or a flush)
 *   is not stored: `begin` takes a ticket before the read, `store` checks it. So a slow read never
 *   puts back what an invalidation has just removed.
 *
 * Bounded: at most `maxUsers` users (least recently used out first), at most
 * `maxAnswersPerUser` argument sets per user. Pure: no clock, no driver (unit-tested as is).
 */
import type { UserAnswer, UserFilter } from './serving-types';

export interface AnswerCacheOptions {
  /** Users held at once; 0 turns the cache off (every request reads the database). */
  maxUsers: number;
  /** Distinct (k, filter) answers per user. */
  maxAnswersPerUser?: number;
}

export interface AnswerCacheStats {
  users: number;
  hits: number;
  misses: number;
  invalidations: number;
  flushes: number;
  /** Answers computed but not stored because their user changed (or everything was flushed) during the read. */
  discarded: number;
  generation: string | null;
}

/** A promise to store what one read returns, valid while nothing of its user changed. */
export interface CacheTicket {
  readonly userId: string;
  readonly epoch: number;
  readonly userSeq: number;
}

/** The cache key of one set of arguments: filters in a canonical order, so equal questions share an entry. */
export function answerKey(k: number, filter: UserFilter = {}): string {
  const categories = filter.categories?.length ? [...new Set(filter.categories)].sort().join('\u0001') : '';
  return `${k}|${filter.excludeOwned ?? true ? 1 : 0}|${filter.excludePurchased ?? true ? 1 : 0}|${categories}`;
}

/**
 * What a listener hears (AnswerCache.listen): a user's answers dropped, or everything — because the
 * generation changed, to bound the invalidation bookkeeping, or by a caller (the change feed when a
 * poll reports too many users to name: which users changed is then unknown).
 */
export type AnswerCacheChange = { kind: 'invalidate'; userId: string } | { kind: 'flush'; reason: 'generation' | 'bounded' | 'external' };

export class AnswerCache {
  private readonly listeners: ((change: AnswerCacheChange) => void)[] = [];
  private flushReason: 'generation' | 'bounded' | 'external' = 'external';
  private readonly users = new Map<string, Map<string, UserAnswer>>();
  /** Per user, how many times it was invalidated (only users invalidated since the last flush). */
  private readonly userSeqs = new Map<string, number>();
  /** Bumped by every flush: tickets from before it are void. */
  private epoch = 0;
  private currentGeneration: string | null = null;
  private readonly maxAnswersPerUser: number;
  private readonly counters = { hits: 0, misses: 0, invalidations: 0, flushes: 0, discarded: 0 };

  constructor(private readonly options: AnswerCacheOptions) {
    if (!Number.isInteger(options.maxUsers) || options.maxUsers < 0) throw new Error(`maxUsers must be an integer >= 0, got ${options.maxUsers}`);
    this.maxAnswersPerUser = options.maxAnswersPerUser ?? 4;
  }

  get enabled(): boolean {
    return this.options.maxUsers > 0;
  }

  get capacity(): number {
    return this.options.maxUsers;
  }

  get generation(): string | null {
    return this.currentGeneration;
  }

  get(userId: string, key: string): UserAnswer | undefined {
    const answers = this.users.get(userId);
    const answer = answers?.get(key);
    if (!answer || !answers) {
      this.counters.misses++;
      return undefined;
    }
    // Most recently used last: Map keeps insertion order, so re-inserting moves the user to the end.
    this.users.delete(userId);
    this.users.set(userId, answers);
    this.counters.hits++;
    return answer;
  }

  /** Taken before the read whose answer will be stored. */
  begin(userId: string): CacheTicket {
    return { userId, epoch: this.epoch, userSeq: this.userSeqs.get(userId) ?? 0 };
  }

  /** Stores the answer unless its user changed, or everything was flushed, since the ticket; true when stored. */
  store(ticket: CacheTicket, key: string, answer: UserAnswer): boolean {
    if (!this.enabled) return false;
    if (ticket.epoch !== this.epoch || ticket.userSeq !== (this.userSeqs.get(ticket.userId) ?? 0)) {
      this.counters.discarded++;
      return false;
    }
    let answers = this.users.get(ticket.userId);
    if (answers) this.users.delete(ticket.userId);
    else answers = new Map();
    answers.delete(key);
    answers.set(key, answer);
    while (answers.size > this.maxAnswersPerUser) answers.delete(answers.keys().next().value as string);
    this.users.set(ticket.userId, answers);
    while (this.users.size > this.options.maxUsers) this.users.delete(this.users.keys().next().value as string);
    return true;
  }

  /** Drops the user's answers, and voids tickets taken for it before now. */
  invalidate(userId: string): void {
    this.users.delete(userId);
    this.userSeqs.set(userId, (this.userSeqs.get(userId) ?? 0) + 1);
    this.counters.invalidations++;
    for (const l of this.listeners) l({ kind: 'invalidate', userId });
    // The sequence map only needs users invalidated while a read may be in flight; a flush voids
    // every ticket anyway, so it is the cheap way to keep the map bounded.
    if (this.userSeqs.size > Math.max(10_000, this.options.maxUsers)) {
      this.flushReason = 'bounded';
      try {
        this.flush();
      } finally {
        this.flushReason = 'external';
      }
    }
  }

  /** Drops everything and voids every ticket taken before now. */
  flush(): void {
    this.users.clear();
    this.userSeqs.clear();
    this.epoch++;
    this.counters.flushes++;
    for (const l of this.listeners) l({ kind: 'flush', reason: this.flushReason });
  }

  /** Hears every invalidation and flush (the session serving learns from them which users changed lately). */
  listen(listener: (change: AnswerCacheChange) => void): void {
    this.listeners.push(listener);
  }

  /** Sets what the answers depend on outside their users; a different value flushes. True when it changed. */
  setGeneration(generation: string | null): boolean {
    if (generation === this.currentGeneration) return false;
    this.currentGeneration = generation;
    this.flushReason = 'generation';
    try {
      this.flush();
    } finally {
      this.flushReason = 'external';
    }
    return true;
  }

  stats(): AnswerCacheStats {
    return { users: this.users.size, ...this.counters, generation: this.currentGeneration };
  }
}
