/** Retry timing for webhook pushes (pure, unit-tested). */

export interface BackoffOptions {
  /** Delay before the first retry, before jitter (default 500 ms). */
  baseMs?: number;
  /** Upper bound of any computed delay (default 30 s). */
  maxMs?: number;
}

/**
 * Exponential backoff with "equal jitter": attempt n (1-based) waits between half and all of
 * min(max, base * 2^(n-1)), so many clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Longest wait a Retry-After header may impose: a receiver cannot park a push for hours. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
