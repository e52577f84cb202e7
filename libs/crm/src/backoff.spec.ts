import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from './backoff';

describe('backoff schedule', () => {
  it('doubles from the base up to the cap; jitter spans the upper half', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 30_000 }, () => 0));
    const high = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, { baseMs: 500, maxMs: 30_000 }, () => 1));
    expect(high).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(low).toEqual(high.map((h) => h / 2));
  });

  it('random delays stay within [ceiling/2, ceiling]', () => {
    for (let n = 1; n <= 10; n++) {
      const d = backoffDelay(n, { baseMs: 100, maxMs: 5000 });
      const ceiling = Math.min(5000, 100 * 2 ** (n - 1));
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    }
  });

  it('reads Retry-After as seconds or an HTTP date, capped, and ignores junk', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    const now = Date.parse('2026-11-29T03:00:00Z');
    expect(parseRetryAfter('Sun, 29 Nov 2026 03:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 02:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999')).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
