/**
 * Mercurius error formatter: every GraphQL error leaves as `{message, extensions.code}` with
 * HTTP 200 (the GraphQL-over-HTTP convention for application/json), except request-level
 * failures Fastify itself rejected (bad JSON, wrong content type), which keep their 4xx.
 * Unexpected errors are logged at error level with their stack under the request id and masked
 * for the client; the client's own mistakes are logged at info, without a stack.
 */
import type { ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import { formatGraphQLError } from '../common/errors';
import { requestOutcome } from '../metrics/metrics';
import { ApiContext } from './context';

type Execution = ExecutionResult & { statusCode?: number };

function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  // Mercurius wraps parse/validation failures in one error whose originalError lists them.
  return errors.flatMap((e) => {
    const inner = (e.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(inner) ? inner.map((x) => (x instanceof GraphQLError ? x : new GraphQLError(String((x as Error).message ?? x)))) : [e];
  });
}

export function errorFormatter(execution: Execution, context: Partial<ApiContext>) {
  const errors = flatten(execution.errors ?? []);
  let statusCode = 200;
  const json = errors.map((error) => {
    const { json, mapped } = formatGraphQLError(error);
    const log = context.reply?.log ?? context.req?.log;
    if (mapped.unexpected) log?.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error in a GraphQL request');
    else log?.info({ code: mapped.code, path: error.path }, `client error: ${mapped.message}`);
    if (mapped.httpStatus) statusCode = mapped.httpStatus;
    return json;
  });
  const first = (json[0]?.extensions as { code?: string } | undefined)?.code;
  if (context.reply && first) requestOutcome.set(context.reply.request, first);
  // Typed as mercurius expects: GraphQLError-shaped objects (they are serialised as is).
  return { statusCode, response: { data: execution.data ?? null, errors: json as unknown as GraphQLError[] } };
}
