/** Webhook body signatures: HMAC-SHA256 of the exact bytes sent, hex, GitHub-style `sha256=` prefix. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Graphrec-Signature';
export const BATCH_ID_HEADER = 'X-Graphrec-Batch-Id';

export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** For receivers (and tests): constant-time comparison, false for a missing or malformed header. */
export function verifySignature(body: string | Buffer, secret: string, header: string | string[] | undefined | null): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
