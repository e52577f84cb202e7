import { ApiError } from './errors';

/** A page size argument within 1..max, or BAD_USER_INPUT naming the argument. */
export function pageSize(name: string, value: number | null | undefined, fallback: number, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ApiError('BAD_USER_INPUT', `${name} must be an integer from 1 to ${max}, got ${n}`, { argument: name });
  return n;
}

/** An external id argument: non-empty, no whitespace or control characters, at most 128 characters (the ingest rule). */
export function externalId(name: string, value: string): string {
  if (typeof value !== 'string' || !/^[^\s\u0000-\u001f]{1,128}$/.test(value)) {
    throw new ApiError('BAD_USER_INPUT', `${name} must be 1-128 characters without whitespace`, { argument: name });
  }
  return value;
}
