/**
 * The bounds every row must respect, whether it comes from a file or from the API's trackEvent.
 * One rule for both, because a value the graph accepts is a value the projection and training
 * will use: a timestamp in the year 9999 made every recency weight zero and the validation metric
 * NaN; a value of 1e308 overflowed the edge weights and failed every later training.
 *
 * Pure: the caller passes the environment (`limitsFromEnv`) and the clock (`now`).
 */
import type { EventType } from './vocabulary';

const DAY_MS = 86_400_000;

export interface ValidationLimits {
  /** Earliest accepted instant (epoch ms). Default 1970-01-01: interaction logs without a time are dated at the epoch. */
  earliest: number;
  /** How far past the clock a timestamp may lie (ms). Default one day: senders' clocks and time zones drift, more is an upstream bug. */
  maxAheadMs: number;
  /** Earliest product release date (epoch ms); catalogues (MovieLens) hold films from the 1920s. Default 1800-01-01. */
  earliestRelease: number;
  /** Ceiling for a product price and for an amount paid (purchase, add_to_cart, subscription values). Default 100,000. */
  maxPrice: number;
  /** Upper end of the rating scale (ratings are 0..ratingMax). Default 5, MovieLens' scale. */
  ratingMax: number;
  /** Largest weight of an `interaction` (a count or score from a log). Default 1,000,000. */
  maxWeight: number;
  /** The clock: "now" is never taken from the data. */
  now: () => number;
}

export const DEFAULT_LIMITS: Readonly<ValidationLimits> = Object.freeze({
  earliest: 0,
  maxAheadMs: DAY_MS,
  earliestRelease: Date.UTC(1800, 0, 1),
  maxPrice: 100_000,
  ratingMax: 5,
  maxWeight: 1_000_000,
  now: () => Date.now(),
});

/** Environment variables that change the limits (documented in the README's Ingest section). */
export const LIMIT_VARIABLES = {
  GRAPHREC_TIME_FLOOR: 'earliest accepted timestamp, an ISO date (default 1970-01-01)',
  GRAPHREC_MAX_PRICE: 'ceiling for prices and amounts paid (default 100000)',
  GRAPHREC_RATING_MAX: 'top of the rating scale (default 5)',
  GRAPHREC_MAX_WEIGHT: 'largest interaction weight (default 1000000)',
} as const;

export type LimitsEnv = Record<string, string | undefined>;

function positive(env: LimitsEnv, name: keyof typeof LIMIT_VARIABLES, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${text}"`);
  return n;
}

/** The limits with any overrides from the environment; a malformed variable is an error, never ignored. */
export function limitsFromEnv(env: LimitsEnv, now: () => number = () => Date.now()): ValidationLimits {
  let earliest = DEFAULT_LIMITS.earliest;
  const floor = env.GRAPHREC_TIME_FLOOR;
  if (floor !== undefined && floor.trim() !== '') {
    const ms = /^\d{4}-\d{2}-\d{2}/.test(floor.trim()) ? Date.parse(floor.trim()) : NaN;
    if (!Number.isFinite(ms)) throw new Error(`GRAPHREC_TIME_FLOOR must be an ISO date such as 2015-01-01, got "${floor}"`);
    earliest = ms;
  }
  return {
    ...DEFAULT_LIMITS,
    earliest,
    maxPrice: positive(env, 'GRAPHREC_MAX_PRICE', DEFAULT_LIMITS.maxPrice),
    ratingMax: positive(env, 'GRAPHREC_RATING_MAX', DEFAULT_LIMITS.ratingMax),
    maxWeight: positive(env, 'GRAPHREC_MAX_WEIGHT', DEFAULT_LIMITS.maxWeight),
    now,
  };
}

/** To the second: a reason names a bound, not the clock's milliseconds. */
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** Why `ms` is outside [earliest, now + maxAhead], or undefined when it is inside. */
export function timeOutOfRange(ms: number, limits: ValidationLimits, earliest = limits.earliest): string | undefined {
  if (!Number.isFinite(ms)) return 'not a finite instant';
  if (ms < earliest) return `before ${iso(earliest)}`;
  const latest = limits.now() + limits.maxAheadMs;
  if (ms > latest) return `after ${iso(latest)} (more than ${limits.maxAheadMs / 3_600_000} h ahead of the clock)`;
  return undefined;
}

/** The accepted range of an event's `value`, by type. */
export function valueRange(type: EventType, limits: ValidationLimits): { min: number; max: number; what: string } {
  switch (type) {
    case 'rating':
      return { min: 0, max: limits.ratingMax, what: 'a rating' };
    case 'interaction':
      return { min: 0, max: limits.maxWeight, what: 'an interaction weight' };
    default:
      return { min: 0, max: limits.maxPrice, what: 'an amount' };
  }
}
