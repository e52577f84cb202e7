import { WritebackError } from '@graphrec/writeback';
import { Neo4jUnavailableError } from '@graphrec/neo4j';
import { GraphQLError } from 'graphql';
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

