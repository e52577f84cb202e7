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
 * Related items (`relatedItems(productId, k, filter)`) are held here too: they depend on nothing
 * outside the generation (the run's SIMILAR_TO and holder counts, product names and categories),
 * so a flush is their only invalidation.
 *
 * Bounded: at most `maxUsers` users (least recently used out first), at most
 * `maxAnswersPerUser` argument sets per user, at most `maxRelated` related answers. The
 * ticketing and the LRU are ticketed-lru.ts's. Pure: no clock, no driver (unit-tested as is).
 */
import { LruTicket, TicketedLru } from './ticketed-lru';
import type { RelatedAnswer, RelatedFilter, UserAnswer, UserFilter } from './serving-types';

export interface AnswerCacheOptions {
  /** Users held at once; 0 turns the cache off (every request reads the database). */
  maxUsers: number;
  /** Distinct (k, filter) answers per user. */
  maxAnswersPerUser?: number;
  /** Related-items answers held, one per (product, k, filter) (default 10,000; 0 when maxUsers is 0). */
  maxRelated?: number;
}

export interface AnswerCacheStats {
  users: number;
  /** Related-items answers held. */
  related: number;
  hits: number;
  misses: number;
  invalidations: number;
  flushes: number;
  /** Answers computed but not stored because their user changed (or everything was flushed) during the read. */
  discarded: number;
  generation: string | null;
}

/** A promise to store what one read returns, valid while nothing of its user (or product answer) changed. */
export type CacheTicket = LruTicket<string>;

const canonical = (list: readonly string[] | null | undefined): string => (list?.length ? [...new Set(list)].sort().join('\u0001') : '');

/** The cache key of one set of arguments: filters in a canonical order, so equal questions share an entry. */
export function answerKey(k: number, filter: UserFilter = {}): string {
  return `${k}|${filter.excludeOwned ?? true ? 1 : 0}|${filter.excludePurchased ?? true ? 1 : 0}|${canonical(filter.categories)}`;
}

/** The cache key of one related-items question (product, k, filter), canonical like answerKey. */
export function relatedKey(productId: string, k: number, filter: RelatedFilter = {}): string {
  return `${productId}\u0002${k}|${canonical(filter.categories)}|${canonical(filter.excludeProductIds)}`;
}

/**
 * What a listener hears (AnswerCache.listen): a user's answers dropped, or everything — because the
 * generation changed, to bound the invalidation bookkeeping, or by a caller (the change feed when a
 * poll reports too many users to name: which users changed is then unknown).
 */
export type AnswerCacheChange = { kind: 'invalidate'; userId: string } | { kind: 'flush'; reason: 'generation' | 'bounded' | 'external' };

export class AnswerCache {
  private readonly users: TicketedLru<string, Map<string, UserAnswer>>;
  private readonly related: TicketedLru<string, RelatedAnswer>;
  private readonly listeners: ((change: AnswerCacheChange) => void)[] = [];
  private flushReason: 'generation' | 'bounded' | 'external' = 'external';
  private currentGeneration: string | null = null;
  private readonly maxAnswersPerUser: number;
  private readonly counters = { hits: 0, misses: 0, invalidations: 0, flushes: 0, discarded: 0 };

  constructor(private readonly options: AnswerCacheOptions) {
    if (!Number.isInteger(options.maxUsers) || options.maxUsers < 0) throw new Error(`maxUsers must be an integer >= 0, got ${options.maxUsers}`);
    this.maxAnswersPerUser = options.maxAnswersPerUser ?? 4;
    this.users = new TicketedLru({ max: options.maxUsers });
    this.related = new TicketedLru({ max: options.maxUsers > 0 ? (options.maxRelated ?? 10_000) : 0 });
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
    const answer = this.users.get(userId)?.get(key);
    if (answer) this.counters.hits++;
    else this.counters.misses++;
    return answer;
  }

  /** Taken before the read whose answer will be stored. */
  begin(userId: string): CacheTicket {
    return this.users.begin(userId);
  }

  /** Stores the answer unless its user changed, or everything was flushed, since the ticket; true when stored. */
  store(ticket: CacheTicket, key: string, answer: UserAnswer): boolean {
    if (!this.enabled) return false;
    if (!this.users.valid(ticket)) {
      this.counters.discarded++;
      return false;
    }
    // A copy, so a concurrent reader of the old map never sees it change under it.
    const answers = new Map(this.users.peek(ticket.key));
    answers.delete(key);
    answers.set(key, answer);
    while (answers.size > this.maxAnswersPerUser) answers.delete(answers.keys().next().value as string);
    return this.users.store(ticket, answers);
  }

  /** A held related-items answer (key: relatedKey). */
  getRelated(key: string): RelatedAnswer | undefined {
    const answer = this.related.get(key);
    if (answer) this.counters.hits++;
    else this.counters.misses++;
    return answer;
  }

  /** Taken before the read whose related-items answer will be stored. */
  beginRelated(key: string): CacheTicket {
    return this.related.begin(key);
  }

  /** Stores a related-items answer unless everything was flushed since the ticket; true when stored. */
  storeRelated(ticket: CacheTicket, answer: RelatedAnswer): boolean {
    if (!this.enabled) return false;
    if (!this.related.valid(ticket)) {
      this.counters.discarded++;
      return false;
    }
    return this.related.store(ticket, answer);
  }

  /** Drops the user's answers, and voids tickets taken for it before now. */
  invalidate(userId: string): void {
    this.users.invalidate(userId);
    this.counters.invalidations++;
    // TicketedLru bounds its own invalidation marks (a floor, no values dropped), so nothing else to do here.
    for (const l of this.listeners) l({ kind: 'invalidate', userId });
  }

  /** Drops everything and voids every ticket taken before now. */
  flush(): void {
    this.users.flush();
    this.related.flush();
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
    return { users: this.users.size, related: this.related.size, ...this.counters, generation: this.currentGeneration };
  }
}
