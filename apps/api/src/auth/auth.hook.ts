/**
 * Runs before execution of every GraphQL operation (mercurius preExecution hook): who is asking
 * (API key), whether they are over their rate, whether their role may read every field the
 * document selects, and whether the document is within the depth and cost limits. All of it
 * before a single resolver, so a refused request costs no Cypher.
 */
import { DocumentNode, GraphQLSchema, isObjectType, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { ApiConfig } from '../config/config';
import { ApiError } from '../common/errors';
import { ApiContext } from '../common/context';
import { measureQuery, selectOperation } from '../graphql/cost';
import { RateLimiter } from '../graphql/rate-limiter';
import { authenticate, keyFromHeaders, Principal } from './keys';
import { allowed } from './permissions';

/** Fields the principal may not read, as `Type.field`, in document order without repeats. */
export function deniedFields(schema: GraphQLSchema, document: DocumentNode, principal: Principal): string[] {
  const typeInfo = new TypeInfo(schema);
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);
  const denied = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || !isObjectType(parent)) return;
        const field = node.name.value;
        if (!allowed(principal.role, parent.name, field, roots.has(parent.name))) denied.add(`${parent.name}.${field}`);
      },
    }),
  );
  return [...denied];
}

/** The operation name the client sent (body or query string), if any. */
export function operationNameOf(req: { body?: unknown; query?: unknown }): string | undefined {
  const body = req.body as { operationName?: unknown } | undefined;
  const query = req.query as { operationName?: unknown } | undefined;
  const name = body?.operationName ?? query?.operationName;
  return typeof name === 'string' && name ? name : undefined;
}

/** The executed operation's name, as found in the document (set below), else as sent. For metrics. */
const operations = new WeakMap<object, string>();
export const operationOf = (req: { body?: unknown; query?: unknown }): string | undefined => operations.get(req) ?? operationNameOf(req);

export function createPreExecutionHook(config: ApiConfig, limiter: RateLimiter) {
  return async (schema: GraphQLSchema, document: DocumentNode, context: ApiContext, variables?: Record<string, unknown>): Promise<void> => {
    const named = selectOperation(document, operationNameOf(context.req))?.name?.value;
    if (named) operations.set(context.req, named);
    const principal = authenticate(config.keys, keyFromHeaders(context.req.headers));
    if (!principal) throw new ApiError('UNAUTHENTICATED', 'missing or unknown API key: send it in the x-api-key header (or Authorization: Bearer)');
    context.principal = principal;
    context.req.log = context.req.log.child({ keyId: principal.keyId, role: principal.role });

    const waitMs = limiter.take(principal.keyId);
    if (waitMs > 0) {
      context.reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new ApiError('RATE_LIMITED', `rate limit of ${config.limits.rateLimitPerMinute} requests per minute exceeded; retry in ${Math.ceil(waitMs / 1000)} s`, { retryAfterMs: waitMs });
    }

    const denied = deniedFields(schema, document, principal);
    if (denied.length) throw new ApiError('FORBIDDEN', `role "${principal.role}" may not read ${denied.join(', ')}`, { fields: denied });

    const cost = measureQuery(schema, document, variables ?? {}, operationNameOf(context.req));
    if (cost.depth > config.limits.maxDepth) {
      throw new ApiError('QUERY_TOO_DEEP', `query depth ${cost.depth} exceeds the limit of ${config.limits.maxDepth}`, { depth: cost.depth, maxDepth: config.limits.maxDepth });
    }
    if (cost.complexity > config.limits.maxComplexity) {
      throw new ApiError('QUERY_TOO_COMPLEX', `query cost ${cost.complexity} exceeds the limit of ${config.limits.maxComplexity}; ask for fewer items`, {
        complexity: cost.complexity,
        maxComplexity: config.limits.maxComplexity,
      });
    }
  };
}
