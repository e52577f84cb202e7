import { DEFAULT_SESSION_BLEND_WEIGHT } from '@graphrec/sequences';
import { loadConfig } from './config';

describe('config', () => {
  it('refuses to start on a malformed event validation limit (trackEvent would fail on every event)', () => {
    expect(() => loadConfig({ GRAPHREC_MAX_PRICE: 'lots' })).toThrow(/GRAPHREC_MAX_PRICE must be a positive number/);
    expect(() => loadConfig({ GRAPHREC_TIME_FLOOR: 'yesterday' })).toThrow(/GRAPHREC_TIME_FLOOR/);
    expect(() => loadConfig({ GRAPHREC_MAX_PRICE: '5000' })).not.toThrow();
  });

  it('reads and checks every setting', () => {
    const c = loadConfig({ PORT: '0', GRAPHREC_API_KEYS: 'crm:crm-key-0123456789abc', GRAPHREC_API_MAX_DEPTH: '6', GRAPHREC_API_RATE_LIMIT: '0' });
    expect(c).toMatchObject({ port: 0, host: '127.0.0.1', logLevel: 'info', limits: { maxDepth: 6, rateLimitPerMinute: { analyst: 0, service: 0, crm: 0 }, maxPageSize: 100 } });
    expect(c.demoKeys).toBeUndefined();
    expect(loadConfig({}).demoKeys).toHaveProperty('analyst');
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/);
    expect(() => loadConfig({ GRAPHREC_API_MAX_PAGE_SIZE: '500' })).toThrow(/GRAPHREC_API_MAX_PAGE_SIZE/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('rate limits per role', () => {
  it('gives each role its own default bucket size: a shop backend is not held to a person\'s rate', () => {
    const { rateLimitPerMinute } = loadConfig({}).limits;
    // A service key serves a whole web shop: thousands per second, not the old 20/s.
    expect(rateLimitPerMinute.service / 60).toBeGreaterThanOrEqual(5_000);
    expect(rateLimitPerMinute.analyst).toBeLessThan(rateLimitPerMinute.service);
    expect(rateLimitPerMinute.crm).toBeLessThan(rateLimitPerMinute.service);
  });

  it('takes GRAPHREC_API_RATE_LIMIT for every role, and GRAPHREC_API_RATE_LIMIT_<ROLE> over it', () => {
    const limits = loadConfig({ GRAPHREC_API_RATE_LIMIT: '100', GRAPHREC_API_RATE_LIMIT_SERVICE: '9000' }).limits.rateLimitPerMinute;
    expect(limits).toEqual({ analyst: 100, service: 9000, crm: 100 });
    expect(() => loadConfig({ GRAPHREC_API_RATE_LIMIT_CRM: 'lots' })).toThrow(/GRAPHREC_API_RATE_LIMIT_CRM/);
  });

  it('reads the document limits', () => {
    const { limits } = loadConfig({ GRAPHREC_API_MAX_ROOT_FIELDS: '5', GRAPHREC_API_MAX_TOKENS: '2000', GRAPHREC_API_DB_CONCURRENCY: '2' });
    expect(limits).toMatchObject({ maxRootFields: 5, maxTokens: 2000, dbConcurrencyPerRequest: 2, maxDocumentBytes: 100_000 });
    expect(() => loadConfig({ GRAPHREC_API_MAX_ROOT_FIELDS: '0' })).toThrow(/GRAPHREC_API_MAX_ROOT_FIELDS/);
  });
});

describe('shared rate limits (GRAPHREC_REDIS_URL)', () => {
  it('are per process without GRAPHREC_REDIS_URL, shared through Redis with it', () => {
    expect(loadConfig({}).sharedLimits).toBeUndefined();
    expect(loadConfig({ GRAPHREC_REDIS_URL: ' ' }).sharedLimits).toBeUndefined();
    expect(loadConfig({ GRAPHREC_REDIS_URL: 'redis://default:pw@127.0.0.1:6379/0' }).sharedLimits).toEqual({ redisUrl: 'redis://default:pw@127.0.0.1:6379/0', timeoutMs: 200 });
    expect(loadConfig({ GRAPHREC_REDIS_URL: 'rediss://h:6380', GRAPHREC_RATE_LIMIT_REDIS_TIMEOUT_MS: '50' }).sharedLimits?.timeoutMs).toBe(50);
    expect(() => loadConfig({ GRAPHREC_REDIS_URL: 'redis://h', GRAPHREC_RATE_LIMIT_REDIS_TIMEOUT_MS: '0' })).toThrow(/GRAPHREC_RATE_LIMIT_REDIS_TIMEOUT_MS/);
  });

  it('refuses a malformed URL by name, never echoing it (it holds the password)', () => {
    for (const bad of ['secret-pw@nowhere', 'http://default:secret-pw@h:6379']) {
      let message = '';
      try {
        loadConfig({ GRAPHREC_REDIS_URL: bad });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/GRAPHREC_REDIS_URL/);
      expect(message).not.toContain('secret-pw');
    }
  });
});

describe('session blend weight', () => {
  it('defaults to the tuned weight, takes GRAPHREC_SESSION_BLEND_WEIGHT in [0, 1] and refuses anything else by name', () => {
    expect(loadConfig({}).sessionBlendWeight).toBe(DEFAULT_SESSION_BLEND_WEIGHT);
    expect(loadConfig({ GRAPHREC_SESSION_BLEND_WEIGHT: '0.3' }).sessionBlendWeight).toBe(0.3);
    expect(loadConfig({ GRAPHREC_SESSION_BLEND_WEIGHT: '0' }).sessionBlendWeight).toBe(0);
    for (const bad of ['1.5', '-0.1', 'half', 'NaN']) expect(() => loadConfig({ GRAPHREC_SESSION_BLEND_WEIGHT: bad })).toThrow(/GRAPHREC_SESSION_BLEND_WEIGHT must be a number from 0 to 1/);
  });
});
