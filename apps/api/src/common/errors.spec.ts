import { WritebackError } from '@graphrec/writeback';
import { Neo4jUnavailableError } from '@graphrec/neo4j';
import { GraphQLError } from 'graphql';
import { loadConfig } from '../config/config';
import { productSearchQuery, escapeLucene, parseGlobalId } from '../explore/graph-ids';
import { ApiError, formatGraphQLError, MASKED_MESSAGE, mapError } from './errors';

describe('error mapping', () => {
  it('maps library and driver errors to client codes and masks the unexpected', () => {
    expect(mapError(new WritebackError('NOT_FOUND', 'no product'))).toMatchObject({ code: 'NOT_FOUND', message: 'no product' });
    expect(mapError(new WritebackError('BAD_INPUT', 'k'))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(mapError(new Neo4jUnavailableError('bolt://secret-host:7687 down'))).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.not.stringContaining('secret') });
    expect(mapError(Object.assign(new Error('x'), { code: 'ServiceUnavailable' }))).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(mapError(new TypeError('cannot read x of undefined'))).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: MASKED_MESSAGE, details: {}, unexpected: true });
    expect(mapError(new ApiError('RATE_LIMITED', 'slow down', { retryAfterMs: 5 }))).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterMs: 5 } });
  });

  it('formats GraphQL errors without stacks, keeping validation codes', () => {
    const internal = formatGraphQLError(new GraphQLError('boom', { originalError: new Error('secret detail'), path: ['a'] }));
    expect(internal.json).toEqual({ message: MASKED_MESSAGE, path: ['a'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(formatGraphQLError(new GraphQLError('Cannot query field "x"')).json).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatGraphQLError(new GraphQLError('Syntax Error: Unexpected <EOF>.')).json).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });
});

describe('config', () => {
  it('reads and checks every setting', () => {
    const c = loadConfig({ PORT: '0', GRAPHREC_API_KEYS: 'crm:crm-key-0123456789abc', GRAPHREC_API_MAX_DEPTH: '6', GRAPHREC_API_RATE_LIMIT: '0' });
    expect(c).toMatchObject({ port: 0, host: '127.0.0.1', logLevel: 'info', limits: { maxDepth: 6, rateLimitPerMinute: 0, maxPageSize: 100 } });
    expect(c.demoKeys).toBeUndefined();
    expect(loadConfig({}).demoKeys).toHaveProperty('analyst');
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT/);
    expect(() => loadConfig({ GRAPHREC_API_MAX_PAGE_SIZE: '500' })).toThrow(/GRAPHREC_API_MAX_PAGE_SIZE/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

describe('global ids and search text', () => {
  it('parses Label:externalId, ids may contain colons', () => {
    expect(parseGlobalId('Product:p:1', 'id')).toEqual({ label: 'Product', externalId: 'p:1' });
    expect(() => parseGlobalId('Run:x', 'id')).toThrow(ApiError);
    expect(() => parseGlobalId('User:', 'id')).toThrow(ApiError);
  });

  it('escapes Lucene syntax and neutralises operator words', () => {
    expect(escapeLucene('a+b (c) "d" e:f \\ / ~*?')).toBe('a\\+b \\(c\\) \\"d\\" e\\:f \\\\ \\/ \\~\\*\\?');
    expect(productSearchQuery('door AND bell')).toBe('door and bell OR bell*');
    expect(productSearchQuery('cam (')).toBe('cam \\(');
  });
});
