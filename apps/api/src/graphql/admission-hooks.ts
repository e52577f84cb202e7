/**
 * GraphQL's side of admission (mercurius hooks), cheapest check first, each before the work it protects:
 *
 * - preParsing (every request, cached documents too): the document's size, then the key
 *   (auth/admission.ts), so a request without a key is refused before the parser and never sees a
 *   validation message. The parser itself stops at `maxTokens` (parserOptions in app.module.ts).
 * - preValidation (documents not in the query cache): root fields and introspection counted on
 *   the parsed document, so 2,400 aliases are refused before graphql-js validates them.
 * - preExecution (every request): depth and cost with the variables, then the shared admission
 *   (role on every field, one rate-limit token per root field, availability).
 *
 * Nothing here reads the database: a refused request costs no Cypher. After admission, a document
 * of one plain serving field is answered with its held JSON (served-fields.ts) when there is one:
 * mercurius then executes a `{ __typename }` placeholder whose result the body replaces.
 */
import { DocumentNode, GraphQLSchema, isObjectType, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { ApiConfig } from '../config/config';
import { Admission } from '../auth/admission';
import { Principal } from '../auth/keys';
import { allowed } from '../auth/permissions';
import { ApiError } from '../common/errors';
import { ApiContext } from './context';
import { measureQuery, QueryCost, selectOperation } from './cost';
import { sendBodyInstead, ServedFields } from './served-fields';

/**
 * Per parsed document (mercurius' query cache hands the same DocumentNode to every request of the
 * same text) and role: the walk depends on nothing else, and it was a tenth of a cached
 * recommendation request's CPU. Weak, so documents the query cache drops go with their entries.
 */
const deniedByDocument = new WeakMap<DocumentNode, Map<string, readonly string[]>>();

/** Fields the principal may not read, as `Type.field`, in document order without repeats. */
export function deniedFields(schema: GraphQLSchema, document: DocumentNode, principal: Principal): string[] {
  let byRole = deniedByDocument.get(document);
  if (!byRole) deniedByDocument.set(document, (byRole = new Map()));
  let denied = byRole.get(principal.role);
  if (!denied) byRole.set(principal.role, (denied = walkDenied(schema, document, principal)));
  return [...denied];
}

function walkDenied(schema: GraphQLSchema, document: DocumentNode, principal: Principal): string[] {
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

/**
 * The executed operation's name as found in a document that passed validation and key checks,
 * for metrics. A request that never got that far has no name here: a client without a key
 * cannot make up label values (they once filled the label cap with junk names).
 */
const operations = new WeakMap<object, string>();
export const UNVALIDATED_OPERATION = 'unvalidated';
export const operationOf = (req: object): string => operations.get(req) ?? UNVALIDATED_OPERATION;

/** Most `__schema`/`__type` selections in one document: the schema does not change between them. */
export const MAX_INTROSPECTION_FIELDS = 1;

function checkShape(cost: QueryCost, config: ApiConfig): void {
  const { maxRootFields } = config.limits;
  if (cost.rootFields > maxRootFields) {
    throw new ApiError('QUERY_TOO_COMPLEX', `the document selects ${cost.rootFields} root fields (aliases included); the limit is ${maxRootFields}`, {
      rootFields: cost.rootFields,
      maxRootFields,
    });
  }
  if (cost.introspection > MAX_INTROSPECTION_FIELDS) {
    throw new ApiError('QUERY_TOO_COMPLEX', `at most ${MAX_INTROSPECTION_FIELDS} __schema/__type field per document, got ${cost.introspection}`, {
      introspection: cost.introspection,
      maxIntrospection: MAX_INTROSPECTION_FIELDS,
    });
  }
}

export function createAdmissionHooks(config: ApiConfig, admission: Admission, served?: ServedFields) {
  const preParsing = async (_schema: GraphQLSchema, source: string, context: ApiContext): Promise<void> => {
    const bytes = Buffer.byteLength(source, 'utf8');
    if (bytes > config.limits.maxDocumentBytes) {
      throw new ApiError('QUERY_TOO_LARGE', `the document is ${bytes} bytes; the limit is ${config.limits.maxDocumentBytes}`, { bytes, maxBytes: config.limits.maxDocumentBytes });
    }
    context.principal = admission.principal(context.req);
  };

  const preValidation = async (schema: GraphQLSchema, document: DocumentNode, context: ApiContext): Promise<void> => {
    checkShape(measureQuery(schema, document, {}, operationNameOf(context.req)), config);
  };

  const preExecution = async (schema: GraphQLSchema, document: DocumentNode, context: ApiContext, variables?: Record<string, unknown>): Promise<{ document: DocumentNode } | void> => {
    const operation = selectOperation(document, operationNameOf(context.req));
    operations.set(context.req, operation?.name?.value ?? 'anonymous');
    const cost = measureQuery(schema, document, variables ?? {}, operationNameOf(context.req));
    checkShape(cost, config);
    if (cost.depth > config.limits.maxDepth) {
      throw new ApiError('QUERY_TOO_DEEP', `query depth ${cost.depth} exceeds the limit of ${config.limits.maxDepth}`, { depth: cost.depth, maxDepth: config.limits.maxDepth });
    }
    if (cost.complexity > config.limits.maxComplexity) {
      throw new ApiError('QUERY_TOO_COMPLEX', `query cost ${cost.complexity} exceeds the limit of ${config.limits.maxComplexity}; ask for fewer items`, {
        complexity: cost.complexity,
        maxComplexity: config.limits.maxComplexity,
      });
    }
    context.principal = await admission.admit(context.req, context.reply, { tokens: cost.rootFields, denied: (principal) => deniedFields(schema, document, principal) });
    // Every limit passed: a plain serving document may be answered with its held JSON (one
    // operation per HTTP request only: a batch's answers are serialised together).
    const held = Array.isArray(context.req.body) ? undefined : await served?.body(schema, document, variables, operationNameOf(context.req), context.req);
    if (!held) return;
    sendBodyInstead(context.reply, held.body);
    return { document: held.placeholder };
  };

  return { preParsing, preValidation, preExecution };
}
