import { authenticate, demoKeys, keyFromHeaders, parseApiKeys, sha256 } from './keys';
import { allowed } from './permissions';

describe('API keys', () => {
  const hashed = sha256('service-secret-key-123').toString('hex');
  const keys = parseApiKeys(`analyst:analyst-secret-key-1, service:sha256:${hashed}`);

  it('parses plain and sha256 entries and never keeps the plain key', () => {
    expect(keys.map((k) => k.role)).toEqual(['analyst', 'service']);
    expect(keys[1].digest.toString('hex')).toBe(hashed);
    expect(JSON.stringify(keys)).not.toContain('analyst-secret-key-1');
  });

  it('rejects unknown roles, short keys and bad digests without echoing the secret', () => {
    expect(() => parseApiKeys('admin:some-long-secret-key')).toThrow(/entry 1: role/);
    expect(() => parseApiKeys('crm:short')).toThrow(/at least 16/);
    expect(() => parseApiKeys('crm:sha256:abc')).toThrow(/64 hex/);
    expect(() => parseApiKeys('crm:short')).not.toThrow(/short/);
    expect(() => parseApiKeys(' , ')).toThrow(/no keys/);
  });

  it('authenticates by digest, plain or pre-hashed', () => {
    expect(authenticate(keys, 'analyst-secret-key-1')?.role).toBe('analyst');
    expect(authenticate(keys, 'service-secret-key-123')?.role).toBe('service');
    expect(authenticate(keys, 'service-secret-key-124')).toBeUndefined();
    expect(authenticate(keys, undefined)).toBeUndefined();
    expect(authenticate(keys, 'analyst-secret-key-1')?.keyId).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads x-api-key first, then a bearer token', () => {
    expect(keyFromHeaders({ 'x-api-key': ' k1 ', authorization: 'Bearer k2' })).toBe('k1');
    expect(keyFromHeaders({ authorization: 'Bearer k2' })).toBe('k2');
    expect(keyFromHeaders({ authorization: 'Basic k2' })).toBeUndefined();
  });

  it('generates one working demo key per role', () => {
    const demo = demoKeys();
    expect(Object.keys(demo.plain)).toEqual(['analyst', 'service', 'crm']);
    expect(authenticate(demo.keys, demo.plain.crm)?.role).toBe('crm');
  });
});

describe('field permissions', () => {
  it('gives each role its fields, denies unlisted root fields, allows unlisted nested ones', () => {
    expect(allowed('service', 'Query', 'relatedItems', true)).toBe(true);
    expect(allowed('service', 'Query', 'segments', true)).toBe(false);
    expect(allowed('crm', 'Query', 'segments', true)).toBe(true);
    expect(allowed('crm', 'Product', 'relatedItems', false)).toBe(false);
    expect(allowed('analyst', 'Mutation', 'trackEvent', true)).toBe(false);
    expect(allowed('service', 'Mutation', 'trackEvent', true)).toBe(true);
    expect(allowed('analyst', 'Query', 'somethingNew', true)).toBe(false);
    expect(allowed('crm', 'Segment', 'label', false)).toBe(true);
    expect(allowed('crm', 'Query', '__schema', true)).toBe(true);
  });
});
