import { WritebackError } from '@graphrec/writeback';
import { Neo4jUnavailableError } from '@graphrec/neo4j';
import { GraphQLError } from 'graphql';
import { ApiError, formatGraphQLError, isPoolBusy, isUnavailable, MASKED_MESSAGE, mapError } from './errors';

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

describe('client errors and limits', () => {
  it('drops "Did you mean" suggestions from validation messages', () => {
    const e = new GraphQLError('Cannot query field "relatedItem" on type "Query". Did you mean "relatedItems"?');
    expect(formatGraphQLError(e).json.message).toBe('Cannot query field "relatedItem" on type "Query".');
  });

  it('answers the parser\'s token limit as QUERY_TOO_LARGE', () => {
    const e = new GraphQLError('Syntax Error: Document contains more that 10000 tokens. Parsing aborted.');
    expect(formatGraphQLError(e).json).toMatchObject({ extensions: { code: 'QUERY_TOO_LARGE', maxTokens: 10000 } });
  });

  it('treats Fastify\'s refusals (bad JSON) as the client\'s error, keeping their status', () => {
    const badJson = Object.assign(new SyntaxError('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(mapError(badJson)).toMatchObject({ code: 'BAD_REQUEST', unexpected: false, httpStatus: 400 });
  });

  it('tells a busy pool from a database that is down', () => {
    const busy = Object.assign(new Error('Connection acquisition timed out in 30000 ms. Pool status: Active conn count = 20, Idle conn count = 0.'), { code: 'N/A' });
    expect(isPoolBusy(busy)).toBe(true);
    expect(isUnavailable(busy)).toBe(true);
    expect(isPoolBusy(Object.assign(new Error('connection lost'), { code: 'N/A' }))).toBe(false);
  });
});
