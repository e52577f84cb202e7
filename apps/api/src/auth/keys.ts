/**
 * API keys: parsed from GRAPHREC_API_KEYS (`role:key` or `role:sha256:HEX`, comma-separated) and
 * kept only as SHA-256 digests, so a leaked config dump or heap snapshot holds no usable key.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['analyst', 'service', 'crm'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  role: Role;
  /** SHA-256 of the key, 32 bytes. */
  digest: Buffer;
}

export interface Principal {
  role: Role;
  /** A short, non-reversible label of the key for logs and rate limiting (first 12 hex of the digest). */
  keyId: string;
}

export const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Throws with a message naming the bad entry (by position, never echoing the secret). */
export function parseApiKeys(text: string): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const role = colon < 0 ? '' : entry.slice(0, colon);
    const rest = colon < 0 ? '' : entry.slice(colon + 1);
    const where = `GRAPHREC_API_KEYS entry ${i + 1}`;
    if (!isRole(role)) throw new Error(`${where}: role must be one of ${ROLES.join(', ')} (format role:key or role:sha256:HEX)`);
    if (rest.startsWith('sha256:')) {
      const hex = rest.slice('sha256:'.length);
      if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${where}: sha256 digest must be 64 hex characters`);
      keys.push({ role, digest: Buffer.from(hex, 'hex') });
    } else {
      // Short keys are guessable; 16 characters of a random key is still ~80 bits of base64.
      if (rest.length < 16) throw new Error(`${where}: key must be at least 16 characters`);
      keys.push({ role, digest: sha256(rest) });
    }
  });
  if (!keys.length) throw new Error('GRAPHREC_API_KEYS is set but holds no keys');
  return keys;
}

/** One random key per role, for a demo server started without GRAPHREC_API_KEYS. */
export function demoKeys(): { keys: ApiKey[]; plain: Record<Role, string> } {
  const plain = {} as Record<Role, string>;
  const keys: ApiKey[] = [];
  for (const role of ROLES) {
    const key = `${role}-${randomBytes(18).toString('base64url')}`;
    plain[role] = key;
    keys.push({ role, digest: sha256(key) });
  }
  return { keys, plain };
}

/** The key from `x-api-key`, else from `Authorization: Bearer ...`. */
export function keyFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const direct = first(headers['x-api-key'])?.trim();
  if (direct) return direct;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(first(headers.authorization) ?? '');
  return match?.[1];
}

/**
 * Compares the presented key's digest with every configured digest, always all of them and in
 * constant time each, so timing reveals neither which key nor how much of one matched.
 */
export function authenticate(keys: readonly ApiKey[], presented: string | undefined): Principal | undefined {
  if (!presented) return undefined;
  const digest = sha256(presented);
  let found: ApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, digest) && !found) found = key;
  }
  return found ? { role: found.role, keyId: found.digest.toString('hex').slice(0, 12) } : undefined;
}
