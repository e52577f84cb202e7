/**
 * Per-request bounds on database work. One GraphQL document may fan out into many statements
 * (50 root fields, a nested field per parent); without a bound they all start at once and take
 * the whole connection pool, so every other client (and once the health probe) waits behind one
 * request. Each request gets a small semaphore, carried in AsyncLocalStorage so that every
 * statement it causes — library functions and DataLoader batches included — queues on it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** A counting semaphore: at most `size` tasks run at once, the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most tasks that ever ran at once (for the metric that shows the bound holds). */
  peak = 0;

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export interface RequestScope {
  db: Semaphore;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Runs `task` under the current request's semaphore, or directly outside any request (start-up, probes). */
export function withinRequestBound<T>(task: () => Promise<T>): Promise<T> {
  const scope = requestScope.getStore();
  return scope ? scope.db.run(task) : task();
}
