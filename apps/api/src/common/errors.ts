/**
 * The error codes a client sees (`extensions.code`) and the mapping from whatever was thrown to
 * them. Only ApiError messages reach clients verbatim; anything unexpected is masked, so neither
 * stack traces nor driver internals ever leave the process.
 */
import { IntrinsicException } from '@nestjs/common';
import { WritebackError } from '@graphrec/writeback';
import { isNeo4jUnavailable } from '@graphrec/neo4j';
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TOO_LARGE'
  | 'BAD_REQUEST'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'GRAPHQL_PARSE_FAILED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** HTTP status for the REST endpoints (exports); GraphQL answers 200 with the code in the body. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  QUERY_TOO_DEEP: 400,
  QUERY_TOO_COMPLEX: 400,
  QUERY_TOO_LARGE: 413,
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** An expected failure with a message meant for the client. IntrinsicException keeps Nest from logging it as a crash. */
export class ApiError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const MASKED_MESSAGE = 'internal error; the request id in the x-request-id header finds it in the server log';

/** Driver errors that mean "the database is not there right now" (one owner: libs/neo4j). */
export const isUnavailable = isNeo4jUnavailable;

/** The driver gave up waiting for a pooled connection: the pool is busy, the database is not down. */
export function isPoolBusy(error: unknown): boolean {
  return error instanceof Error && /^Connection acquisition timed out/.test(error.message);
}

/**
 * Fastify's own refusals of a request (body not JSON, wrong content type, body too large): the
 * client's mistake, answered with their 4xx and logged as such, not as an internal error.
 */
function fastifyClientError(error: unknown): { status: number; message: string } | undefined {
  const { statusCode, code, message } = (error ?? {}) as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  if (typeof code !== 'string' || !(code.startsWith('FST_') || code === 'MER_ERR_GQL_VALIDATION')) return undefined;
  return { status: statusCode, message: typeof message === 'string' ? message : 'bad request' };
}

export interface MappedError {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
  /** True when the error was not expected: log it with its stack. */
  unexpected: boolean;
  /** The HTTP status Fastify chose for a request it refused itself (bad JSON…). */
  httpStatus?: number;
}

export function mapError(error: unknown): MappedError {
  if (error instanceof ApiError) return { code: error.code, message: error.message, details: error.details, unexpected: false };
  if (error instanceof WritebackError) {
    if (error.code === 'NOT_FOUND') return { code: 'NOT_FOUND', message: error.message, details: {}, unexpected: false };
    if (error.code === 'BAD_INPUT') return { code: 'BAD_USER_INPUT', message: error.message, details: {}, unexpected: false };
    if (error.code === 'UNKNOWN_RUN' || error.code === 'RUN_KIND_MISMATCH') return { code: 'NOT_FOUND', message: error.message, details: {}, unexpected: false };
    if (error.code === 'NO_CURRENT_RUN') return { code: 'NOT_FOUND', message: error.message, details: {}, unexpected: false };
  }
  if (isUnavailable(error)) return { code: 'SERVICE_UNAVAILABLE', message: 'the graph database is unavailable; retry shortly', details: {}, unexpected: false };
  const client = fastifyClientError(error);
  if (client) return { code: 'BAD_REQUEST', message: client.message, details: {}, unexpected: false, httpStatus: client.status };
  return { code: 'INTERNAL_SERVER_ERROR', message: MASKED_MESSAGE, details: {}, unexpected: true };
}

/** graphql-js's message when the parser stops at `maxTokens` (sic: "more that"). */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more that (\d+) tokens/;

/**
 * graphql-js suggests names ("Did you mean "relatedItems"?"): a map of the schema for whoever
 * guesses. Dropped from every message; the schema is documented, and introspection is there for
 * key holders.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

/**
 * A GraphQL error as the client sees it. `error` is what graphql-js or mercurius produced: its
 * originalError (if any) is what a resolver or hook threw; GraphQL's own validation errors have none.
 */
export function formatGraphQLError(error: GraphQLError): { json: Record<string, unknown>; mapped: MappedError } {
  const original = error.originalError;
  let mapped: MappedError;
  const tokens = TOO_MANY_TOKENS.exec(error.message);
  if (tokens) {
    mapped = { code: 'QUERY_TOO_LARGE', message: `the document has more than ${tokens[1]} tokens`, details: { maxTokens: Number(tokens[1]) }, unexpected: false };
  } else if (!original || original instanceof GraphQLError) {
    const code = (original ?? error).extensions?.code;
    const known = typeof code === 'string' && code in HTTP_STATUS ? (code as ErrorCode) : undefined;
    const parse = /^Syntax Error/.test(error.message);
    mapped = { code: known ?? (parse ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED'), message: withoutSuggestions(error.message), details: {}, unexpected: false };
  } else {
    mapped = mapError(original);
  }
  const json: Record<string, unknown> = { message: mapped.message, extensions: { code: mapped.code, ...mapped.details } };
  if (error.locations && !mapped.unexpected) json.locations = error.locations;
  if (error.path) json.path = error.path;
  return { json, mapped };
}
