/**
 * Static depth and cost of an operation, measured before it runs. Cost: 1 per field, and a
 * field that takes a page size (`k`, `first`, `limit`) multiplies what is selected under it by
 * that size (the argument's value, or its schema default), so `relatedItems(k: 100)` under 50
 * products costs what it will make the database do.
 *
 * Introspection is measured like any other field (it once was skipped, and 20,000 aliases of
 * `__schema` answered 290 MB): its lists multiply what is under them by their size in this
 * schema, so `types { fields { type { fields … } } }` grows with its nesting as its answer does.
 * An introspection field costs a tenth of a field that reads the database (it is answered from
 * the schema in memory), so the standard introspection query (about 2,300 here) fits the default
 * limit while nesting `fields` a few levels deep does not; at most one `__schema`/`__type` per
 * document is the other half of it (checked in graphql/admission-hooks.ts).
 * `ofType` is left out of the depth: it only unwraps list/non-null wrappers (at most a few deep),
 * never fans out, and the standard introspection query nests it 8 times.
 */
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLField,
  GraphQLSchema,
  isAbstractType,
  isObjectType,
  isInterfaceType,
  isInputObjectType,
  isEnumType,
  GraphQLObjectType,
  GraphQLInterfaceType,
  Kind,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  valueFromASTUntyped,
  visit,
} from 'graphql';

export interface QueryCost {
  depth: number;
  complexity: number;
  /** Selections at the root of the operation, aliases and fragments expanded: one unit of work each. */
  rootFields: number;
  /** Root `__schema` / `__type` selections. */
  introspection: number;
}

const PAGE_ARGUMENTS = ['k', 'first', 'limit'];
const INTROSPECTION_FIELD_COST = 0.1;

type Composite = GraphQLObjectType | GraphQLInterfaceType;

export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** How many items each introspection list of this schema holds (the mean, rounded up, where it varies). */
const introspectionSizes = new WeakMap<GraphQLSchema, Map<string, number>>();

function listSizes(schema: GraphQLSchema): Map<string, number> {
  let sizes = introspectionSizes.get(schema);
  if (sizes) return sizes;
  const types = Object.values(schema.getTypeMap());
  const mean = (counts: number[]) => Math.max(1, Math.ceil(counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)));
  const composite = types.filter((t) => isObjectType(t) || isInterfaceType(t)) as Composite[];
  const fields = composite.flatMap((t) => Object.values(t.getFields()));
  const directives = schema.getDirectives();
  sizes = new Map([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', mean(composite.map((t) => Object.keys(t.getFields()).length))],
    ['__Type.inputFields', mean(types.filter(isInputObjectType).map((t) => Object.keys(t.getFields()).length))],
    ['__Type.enumValues', mean(types.filter(isEnumType).map((t) => t.getValues().length))],
    ['__Type.interfaces', mean(composite.map((t) => t.getInterfaces().length))],
    ['__Type.possibleTypes', mean(types.filter(isAbstractType).map((t) => schema.getPossibleTypes(t).length))],
    ['__Field.args', mean(fields.map((f) => f.args.length))],
    ['__Directive.args', mean(directives.map((d) => d.args.length))],
  ]);
  introspectionSizes.set(schema, sizes);
  return sizes;
}

/**
 * Costs already measured, per schema and parsed document (mercurius' query cache hands the same
 * DocumentNode to every request of the same text): a document's cost depends on the variables
 * only through its page arguments, so the key is the operation and the values of the variables
 * those arguments name (none for `recommendations(userId: $id, k: 10)`: one entry for every user).
 * A variable of another argument that fails coercion made the walk count that field's page size
 * as 1; the request fails its variable coercion before any resolver runs either way.
 */
const measured = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, { pageVariables: string[]; costs: Map<string, QueryCost> }>>();
/** Distinct keys held per document; past it the document's entries start again (a page size per request is no hot path). */
const MAX_COSTS_PER_DOCUMENT = 64;

/** Names of the variables used as page arguments (`k: $k`) anywhere in the document. */
function pageVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (PAGE_ARGUMENTS.includes(node.name.value) && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

export function measureQuery(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): QueryCost {
  let bySchema = measured.get(schema);
  if (!bySchema) measured.set(schema, (bySchema = new WeakMap()));
  let entry = bySchema.get(document);
  if (!entry) bySchema.set(document, (entry = { pageVariables: pageVariablesOf(document), costs: new Map() }));
  const key = `${operationName ?? ''}\u0000${entry.pageVariables.length ? JSON.stringify(entry.pageVariables.map((name) => variables[name] ?? null)) : ''}`;
  const held = entry.costs.get(key);
  if (held) return { ...held };
  const cost = walkCost(schema, document, variables, operationName);
  if (entry.costs.size >= MAX_COSTS_PER_DOCUMENT) entry.costs.clear();
  entry.costs.set(key, cost);
  return { ...cost };
}

function walkCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string | null): QueryCost {
  const none: QueryCost = { depth: 0, complexity: 0, rootFields: 0, introspection: 0 };
  const operation = selectOperation(document, operationName);
  if (!operation) return none;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return none;
  const sizes = listSizes(schema);

  // Operation-level variable defaults (`$k: Int = 20`): a request that omits the variable gets them.
  const variableDefaults = new Map<string, unknown>();
  for (const d of operation.variableDefinitions ?? []) if (d.defaultValue) variableDefaults.set(d.variable.name.value, valueFromASTUntyped(d.defaultValue));

  /**
   * The page size a field asks for, read from its page argument alone: coercing every argument
   * (getArgumentValues) threw when another argument's variable was absent — as it is when the
   * document is measured before its variables arrive — and the field then counted as one item,
   * a figure the per-document memo kept for the request that followed.
   */
  const pageSize = (type: Composite, field: GraphQLField<unknown, unknown>, node: FieldNode): number => {
    const listSize = sizes.get(`${type.name}.${field.name}`);
    if (listSize !== undefined) return listSize;
    for (const name of PAGE_ARGUMENTS) {
      const arg = field.args.find((a) => a.name === name);
      if (!arg) continue;
      const given = node.arguments?.find((a) => a.name.value === name)?.value;
      let value: unknown = arg.defaultValue;
      if (given?.kind === Kind.VARIABLE) {
        const variable = given.name.value;
        value = variable in variables ? variables[variable] : variableDefaults.has(variable) ? variableDefaults.get(variable) : arg.defaultValue;
      } else if (given) value = valueFromASTUntyped(given);
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    }
    return 1;
  };

  const fieldOf = (type: Composite, name: string, atRoot: boolean): GraphQLField<unknown, unknown> | undefined => {
    if (atRoot && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (atRoot && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    return type.getFields()[name];
  };

  let rootFields = 0;
  let introspection = 0;
  // `seen` guards against fragment cycles (validation rejects them, but this runs on any document).
  const walk = (set: SelectionSetNode, type: Composite, level: number, seen: Set<string>): { depth: number; complexity: number } => {
    let depth = level;
    let complexity = 0;
    const atRoot = level === 1;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (atRoot) {
          rootFields++;
          if (name === SchemaMetaFieldDef.name || name === TypeMetaFieldDef.name) introspection++;
        }
        // __typename is answered from the type itself: no work, one short string.
        if (name === '__typename') continue;
        const field = fieldOf(type, name, atRoot);
        if (!field) continue;
        const nextLevel = name === 'ofType' ? level : level + 1;
        let inner = { depth: level, complexity: 0 };
        const named = getNamedType(field.type);
        if (selection.selectionSet && (isObjectType(named) || isInterfaceType(named))) {
          inner = walk(selection.selectionSet, named, nextLevel, seen);
        } else if (selection.selectionSet && isAbstractType(named)) {
          inner = { depth: nextLevel, complexity: selection.selectionSet.selections.length };
        }
        depth = Math.max(depth, inner.depth);
        const own = type.name.startsWith('__') || field === SchemaMetaFieldDef || field === TypeMetaFieldDef ? INTROSPECTION_FIELD_COST : 1;
        complexity += own + pageSize(type, field, selection) * inner.complexity;
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const key = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : '';
        if (key && seen.has(key)) continue;
        const conditionName = fragment.typeCondition?.name.value;
        const conditionType = conditionName ? schema.getType(conditionName) : type;
        const target = conditionType && (isObjectType(conditionType) || isInterfaceType(conditionType)) ? conditionType : type;
        const inner = walk(fragment.selectionSet, target, level, key ? new Set([...seen, key]) : seen);
        depth = Math.max(depth, inner.depth);
        complexity += inner.complexity;
      }
    }
    return { depth, complexity };
  };
  const { depth, complexity } = walk(operation.selectionSet, root, 1, new Set());
  // Tenths add up with rounding error (0.1 * 3 = 0.30000000000000004): round before rounding up.
  return { depth, complexity: Math.max(0, Math.ceil(Math.round(complexity * 1000) / 1000)), rootFields, introspection };
}
