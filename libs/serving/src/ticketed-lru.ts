/**
 * A bounded least-recently-used map whose writers hold tickets: the one mechanism behind every
 * answer the API process keeps (answer-cache.ts: recommendations and related items;
 * decisions/user-contexts.ts: decision contexts).
 *
 * Why tickets: a value is computed by a read that takes time, and the key may be invalidated
 * while the read runs (an event for that user, a new run). `begin(key)` is taken before the read
 * and `store(ticket, value)` refuses the value when the key was invalidated, or everything
 * flushed, since — so a slow read never puts back what an invalidation has just removed.
 *
 * The per-key invalidation marks are only needed while a read may be in flight; a flush voids
 * every ticket anyway, so when the marks outgrow `maxMarks` they are dropped through a flush of
 * the marks alone (`floor`): tickets older than that are refused, held values stay. Pure: no
 * clock, no driver.
 */
export interface LruTicket<K> {
  readonly key: K;
  /** Flushes before the ticket was taken. */
  readonly epoch: number;
  /** The key's invalidation mark when the ticket was taken. */
  readonly mark: number;
  /** Mark-set resets before the ticket was taken. */
  readonly floor: number;
}

export interface TicketedLruOptions {
  /** Entries held at once; 0 holds nothing (every store is refused). */
  max: number;
  /** Invalidation marks remembered before they are reset (default max(10,000, max)). */
  maxMarks?: number;
}

export class TicketedLru<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly marks = new Map<K, number>();
  private epoch = 0;
  private floor = 0;
  private readonly maxMarks: number;

  constructor(private readonly options: TicketedLruOptions) {
    if (!Number.isInteger(options.max) || options.max < 0) throw new Error(`max must be an integer >= 0, got ${options.max}`);
    this.maxMarks = options.maxMarks ?? Math.max(10_000, options.max);
  }

  get size(): number {
    return this.entries.size;
  }

  get capacity(): number {
    return this.options.max;
  }

  /** The held value, now the most recently used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting moves the key to the most recent end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The held value without touching its recency. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Taken before the read whose value will be stored. */
  begin(key: K): LruTicket<K> {
    return { key, epoch: this.epoch, mark: this.marks.get(key) ?? 0, floor: this.floor };
  }

  /** True when nothing voided the ticket since it was taken. */
  valid(ticket: LruTicket<K>): boolean {
    return ticket.epoch === this.epoch && ticket.floor === this.floor && ticket.mark === (this.marks.get(ticket.key) ?? 0);
  }

  /** Stores the value unless the ticket was voided (or nothing may be held); true when stored. */
  store(ticket: LruTicket<K>, value: V): boolean {
    if (this.options.max === 0 || !this.valid(ticket)) return false;
    this.entries.delete(ticket.key);
    this.entries.set(ticket.key, value);
    while (this.entries.size > this.options.max) this.entries.delete(this.entries.keys().next().value as K);
    return true;
  }

  /** Drops the key's value and voids tickets taken for it before now. */
  invalidate(key: K): void {
    this.entries.delete(key);
    if (this.marks.size >= this.maxMarks) {
      this.marks.clear();
      this.floor++;
      return;
    }
    this.marks.set(key, (this.marks.get(key) ?? 0) + 1);
  }

  /** Drops everything and voids every ticket taken before now. */
  flush(): void {
    this.entries.clear();
    this.marks.clear();
    this.epoch++;
  }

  keys(): IterableIterator<K> {
    return this.entries.keys();
  }
}
