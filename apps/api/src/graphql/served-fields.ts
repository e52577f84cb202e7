/**
 * Serialised answers for the serving queries (issue 14 §4: relatedItems ≥ 0.8× the `{ __typename }`
 * baseline). With every answer already held in the answer cache, what a relatedItems or
 * recommendations request still cost over the baseline was GraphQL executing ten nested items
 * (Nest's root resolver, graphql-jit, the result's JSON): ~0.1 ms (bench:api profile,
 * docs/benchmarks.md). Here the JSON of an answer under one document's selection is built once per
 * held answer object and sent as is while that object is held.
 *
 * Correct by construction, with no invalidation of its own: the JSON hangs off the answer object
 * (a WeakMap), and every request still asks the same service call the resolver makes (the answer
 * cache, the session blend with its `validUntil`, the change feed — all as before). A new run, an
 * event, a session closing give a new answer object, hence new JSON; a dropped answer takes its JSON
 * with it.
 *
 * Entered only from the preExecution hook after every limit passed (size, key, shape, depth, cost,
 * roles, rate limit, availability: admission-hooks.ts), for a document that is one query with one
 * registered root field whose selection is plain data: fields without resolvers of their own, no
 * arguments below the root, no directives or fragments, built-in scalars only, no repeated keys.
 * Anything else — and any answer this cannot write exactly as graphql-js would (a null where the
 * schema says non-null, a value of another type), a refused argument, a failed read — goes the
 * ordinary way (the resolver runs and answers, or refuses, as it always did).
 */
import {
  DocumentNode,
  FieldNode,
  getArgumentValues,
  getVariableValues,
  GraphQLField,
  GraphQLOutputType,
  GraphQLSchema,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { selectOperation } from './cost';

/** A root field whose answer is a held object: what the resolver asks, and how it maps it to the GraphQL type. */
export interface ServedField<C = unknown, A extends object = object> {
  /**
   * The field's coerced arguments checked as the resolver checks them; throws what the resolver
   * would. A pure function of the arguments: its result is held per document and variable values.
   */
  check(args: Record<string, unknown>): C;
  /** The answer for checked arguments (the same call the resolver makes). */
  answer(checked: C): Promise<A>;
  /** The GraphQL object of an answer (the resolver's return value for it; null for a nullable field's null). */
  toResult(answer: A): object | null;
  /**
   * Every answer is new (a served decision): its body is written for this request and not held,
   * since no other request will be given the same answer object. An answer made here that cannot
   * be written is handed to the ordinary path of the same request (`handedOff`), whose resolver
   * answers with it instead of making another: a decision is logged once and shown once.
   */
  fresh?: boolean;
}

type Scalar = 'ID' | 'String' | 'Int' | 'Float' | 'Boolean';
type Shape =
  | { kind: 'scalar'; scalar: Scalar; nonNull: boolean }
  | { kind: 'list'; of: Shape; nonNull: boolean }
  | { kind: 'object'; typeName: string; fields: ShapeField[]; nonNull: boolean };
/** One selected field: its response key, and how its value is read (the schema's own plain resolver, or the property). */
type ShapeField = { key: string; name: string; read?: (source: unknown) => unknown; shape: Shape | 'typename'; /** `"key":` */ prefix: string };

/**
 * The name of the resolver Nest gives a plain `@Field` property (root[property], or the field's
 * default when undefined): a field with any other resolver (a `@ResolveField`, middleware) is not
 * plain data. If Nest renames it, nothing is plain and every request goes the ordinary way.
 */
const PLAIN_RESOLVER = 'rootFieldResolver';

interface Plan {
  served: ServedField;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  operation: OperationDefinitionNode;
  shape: Shape;
  /** `{"data":{"<response key>":` */
  prefix: string;
  /** What mercurius executes instead: `query <same name> { __typename }` (its result is replaced by the body). */
  placeholder: DocumentNode;
  /** Set when the variables' coercion may be the identity (see `coerce`). */
  identityVariables: [string, Scalar][] | null;
  /** Checked arguments by variable values (identity plans only): the same values always check the same. */
  checked: Map<string, unknown>;
}

const SCALARS = new Set<string>(['ID', 'String', 'Int', 'Float', 'Boolean']);
/** Bodies held per answer object: one per document asking for it (a client has a few). */
const MAX_BODIES_PER_ANSWER = 8;
/** Checked argument sets held per document (one per user or product asked for); cleared when full. */
const MAX_CHECKED_PER_PLAN = 50_000;
const INT_MAX = 2 ** 31 - 1;

/** Thrown inside `write` when a value is not exactly what graphql-js would serialise: the request goes the ordinary way. */
const NOT_PLAIN = Symbol('not plain');

export interface ServedFieldsStats {
  /** Requests answered with a held body. */
  hits: number;
  /** Requests whose body was written now (a new answer object, or a new document for it). */
  written: number;
  /** Requests of a plain document that went the ordinary way (refused argument, failed read, a value not plain). */
  fallbacks: number;
}

export class ServedFields {
  private readonly fields = new Map<string, ServedField>();
  /** Per parsed document and operation name: its plan, or null when it is not plain (mercurius hands the same DocumentNode to every request of one text). */
  private readonly plans = new WeakMap<DocumentNode, Map<string, Plan | null>>();
  private readonly bodies = new WeakMap<object, Map<Plan, string>>();
  private readonly counters: ServedFieldsStats = { hits: 0, written: 0, fallbacks: 0 };
  /** A fresh field's answer made for a request but not written here, by request, for its resolver (`handedOff`). */
  private readonly handed = new WeakMap<object, { name: string; answer: object }>();

  constructor(readonly enabled = true) {}

  /** Called by a resolver's owner at start-up: `name` is a Query field. */
  register<C, A extends object>(name: string, field: ServedField<C, A>): void {
    this.fields.set(name, field as unknown as ServedField);
  }

  stats(): ServedFieldsStats {
    return { ...this.counters };
  }

  /**
   * The whole response body for this request, or undefined to execute it the ordinary way. Call
   * only after admission (every limit) passed.
   */
  async body(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
    request?: object,
  ): Promise<{ body: string; placeholder: DocumentNode } | undefined> {
    if (!this.enabled || this.fields.size === 0) return undefined;
    const plan = this.plan(schema, document, operationName);
    if (!plan) return undefined;
    let answer: object | undefined;
    try {
      answer = await plan.served.answer(checkedArgs(schema, plan, variables ?? {}));
      let held = this.bodies.get(answer);
      const body = held?.get(plan);
      if (body !== undefined) {
        this.counters.hits++;
        return { body, placeholder: plan.placeholder };
      }
      const written = `${plan.prefix}${write(plan.served.toResult(answer), plan.shape)}}}`;
      this.counters.written++;
      if (plan.served.fresh) return { body: written, placeholder: plan.placeholder };
      if (!held) this.bodies.set(answer, (held = new Map()));
      if (held.size >= MAX_BODIES_PER_ANSWER) held.clear();
      held.set(plan, written);
      return { body: written, placeholder: plan.placeholder };
    } catch {
      // The ordinary path answers it, with the same refusal the resolver gives (or the same data).
      // A fresh answer already made (a decision, logged with its propensity) goes with it: the
      // resolver answers with that one rather than drawing a second that would stay logged, unseen.
      this.counters.fallbacks++;
      if (answer !== undefined && plan.served.fresh && request) this.handed.set(request, { name: plan.node.name.value, answer });
      return undefined;
    }
  }

  /**
   * The answer `body` made for this request's `name` field and could not write (a fresh field's),
   * taken once; undefined when there is none (the resolver then answers as always).
   */
  handedOff<A extends object>(request: object, name: string): A | undefined {
    const held = this.handed.get(request);
    if (!held || held.name !== name) return undefined;
    this.handed.delete(request);
    return held.answer as A;
  }

  private plan(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Plan | null {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let plan = byName.get(key);
    if (plan === undefined) byName.set(key, (plan = this.build(schema, document, operationName)));
    return plan;
  }

  private build(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Plan | null {
    const operation = selectOperation(document, operationName);
    const query = schema.getQueryType();
    if (!operation || operation.operation !== 'query' || !query || operation.directives?.length) return null;
    const [node, ...rest] = operation.selectionSet.selections;
    if (!node || rest.length || node.kind !== Kind.FIELD || node.directives?.length) return null;
    const served = this.fields.get(node.name.value);
    const field = query.getFields()[node.name.value];
    if (!served || !field) return null;
    const shape = compile(field.type, node.selectionSet);
    if (!shape) return null;
    const placeholder: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.OPERATION_DEFINITION,
          operation: operation.operation,
          name: operation.name,
          variableDefinitions: [],
          directives: [],
          selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] },
        },
      ],
    };
    return { served, field, node, operation, shape, prefix: `{"data":{${JSON.stringify(node.alias?.value ?? node.name.value)}:`, placeholder, identityVariables: identityVariables(operation), checked: new Map() };
  }
}

/**
 * The root field's checked arguments. When the variables are used as sent (see `coerce`), the
 * arguments are a function of their values alone: held per plan by those values, so a repeated
 * question skips argument coercion and the check (a refused one is not held: it goes the ordinary way).
 */
function checkedArgs(schema: GraphQLSchema, plan: Plan, variables: Record<string, unknown>): unknown {
  const vars = coerce(schema, plan, variables);
  if (vars !== variables || !plan.identityVariables) return plan.served.check(getArgumentValues(plan.field, plan.node, vars));
  let key = '';
  for (const [name] of plan.identityVariables) key += `${Object.prototype.hasOwnProperty.call(variables, name) ? JSON.stringify(variables[name]) : '-'},`;
  const held = plan.checked.get(key);
  if (held !== undefined) return held;
  const checked = plan.served.check(getArgumentValues(plan.field, plan.node, vars));
  if (plan.checked.size >= MAX_CHECKED_PER_PLAN) plan.checked.clear();
  plan.checked.set(key, checked);
  return checked;
}

/**
 * The variables as graphql-js coerces them. Mercurius has already coerced them once (and refused
 * the request if they did not coerce) but keeps no result; when every variable is a built-in
 * scalar whose value already has its coerced type (an ID sent as a string, an Int as an integer…)
 * and no default is in play, coercion is the identity and the values are used as sent.
 */
function coerce(schema: GraphQLSchema, plan: Plan, variables: Record<string, unknown>): Record<string, unknown> {
  if (plan.identityVariables && plan.identityVariables.every(([name, scalar]) => variables[name] === null || variables[name] === undefined || isCoerced(variables[name], scalar))) {
    return variables;
  }
  const coerced = getVariableValues(schema, plan.operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw NOT_PLAIN;
  return coerced.coerced;
}

function isCoerced(value: unknown, scalar: Scalar): boolean {
  switch (scalar) {
    case 'ID':
    case 'String':
      return typeof value === 'string';
    case 'Int':
      return Number.isInteger(value) && Math.abs(value as number) <= INT_MAX;
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Boolean':
      return typeof value === 'boolean';
  }
}

/** [name, scalar] of each variable when all are built-in scalars without defaults (then coercion may be the identity), else null. */
function identityVariables(operation: OperationDefinitionNode): [string, Scalar][] | null {
  const out: [string, Scalar][] = [];
  for (const d of operation.variableDefinitions ?? []) {
    const named = d.type.kind === Kind.NON_NULL_TYPE ? d.type.type : d.type;
    if (d.defaultValue || named.kind !== Kind.NAMED_TYPE || !SCALARS.has(named.name.value)) return null;
    out.push([d.variable.name.value, named.name.value as Scalar]);
  }
  return out;
}

/** The selection as a shape to write, or null when it is not plain data (see the file comment). */
export function compile(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined): Shape | null {
  const nonNull = isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const of = compile(inner.ofType, selectionSet);
    return of && { kind: 'list', of, nonNull };
  }
  if (isScalarType(inner)) return !selectionSet && SCALARS.has(inner.name) ? { kind: 'scalar', scalar: inner.name as Scalar, nonNull } : null;
  if (!isObjectType(inner) || !selectionSet) return null;
  const fields: ShapeField[] = [];
  const keys = new Set<string>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length || selection.arguments?.length) return null;
    const key = selection.alias?.value ?? selection.name.value;
    // graphql-js merges repeated keys; written twice here they would not be.
    if (keys.has(key)) return null;
    keys.add(key);
    if (selection.name.value === '__typename') {
      fields.push({ key, name: '__typename', shape: 'typename', prefix: `${JSON.stringify(key)}:` });
      continue;
    }
    const field = inner.getFields()[selection.name.value];
    // A field with a resolver of its own (Product.price, Product.relatedItems) is not plain data.
    if (!field || field.args.length || (field.resolve && field.resolve.name !== PLAIN_RESOLVER)) return null;
    const shape = compile(field.type, selection.selectionSet);
    if (!shape) return null;
    // Nest's plain resolver reads the property behind the field (its name may differ) and applies its default.
    const read = field.resolve as ((source: unknown) => unknown) | undefined;
    fields.push({ key, name: field.name, shape, prefix: `${JSON.stringify(key)}:`, ...(read ? { read } : {}) });
  }
  return { kind: 'object', typeName: inner.name, fields, nonNull };
}

/** `value` as graphql-js serialises it under `shape`; throws NOT_PLAIN where it would do anything else (coerce, or report an error). */
export function write(value: unknown, shape: Shape): string {
  if (value === null || value === undefined) {
    if (shape.nonNull) throw NOT_PLAIN;
    return 'null';
  }
  switch (shape.kind) {
    case 'scalar':
      return scalar(value, shape.scalar);
    case 'list': {
      if (!Array.isArray(value)) throw NOT_PLAIN;
      let out = '[';
      for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + write(value[i], shape.of);
      return `${out}]`;
    }
    case 'object': {
      if (typeof value !== 'object') throw NOT_PLAIN;
      const record = value as Record<string, unknown>;
      let out = '{';
      for (let i = 0; i < shape.fields.length; i++) {
        const f = shape.fields[i];
        out += (i ? ',' : '') + f.prefix + (f.shape === 'typename' ? JSON.stringify(shape.typeName) : write(f.read ? f.read(record) : record[f.name], f.shape));
      }
      return `${out}}`;
    }
  }
}

function scalar(value: unknown, type: Scalar): string {
  switch (type) {
    case 'ID':
    case 'String':
      if (typeof value !== 'string') throw NOT_PLAIN;
      return JSON.stringify(value);
    case 'Int':
      if (!Number.isInteger(value) || Math.abs(value as number) > INT_MAX) throw NOT_PLAIN;
      return JSON.stringify(value);
    case 'Float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw NOT_PLAIN;
      return JSON.stringify(value);
    case 'Boolean':
      if (typeof value !== 'boolean') throw NOT_PLAIN;
      return value ? 'true' : 'false';
  }
}

/**
 * Sends `body` for this reply in place of the placeholder's result: the route still returns what
 * mercurius executed, and only a successful placeholder result is replaced (an error raised after
 * this point is sent as itself).
 */
export function sendBodyInstead(reply: { serializer(fn: (payload: unknown) => string): unknown }, body: string): void {
  reply.serializer((payload) => {
    const result = payload as { data?: { __typename?: unknown } | null; errors?: unknown } | null;
    return result && !result.errors && result.data && typeof result.data.__typename === 'string' ? body : JSON.stringify(payload);
  });
}
