/**
 * Static depth and cost of an operation, measured before it runs. Cost: 1 per field, and a
 * field that takes a page size (`k`, `first`, `limit`) multiplies what is selected under it by
 * that size (the argument's value, or its schema default), so `relatedItems(k: 100)` under 50
 * products costs what it will make the database do.
 */
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  GraphQLField,
  GraphQLSchema,
  isAbstractType,
  isObjectType,
  isInterfaceType,
  GraphQLObjectType,
  GraphQLInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';

export interface QueryCost {
  depth: number;
  complexity: number;
}

const PAGE_ARGUMENTS = ['k', 'first', 'limit'];

type Composite = GraphQLObjectType | GraphQLInterfaceType;

export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

export function measureQuery(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): QueryCost {
  const operation = selectOperation(document, operationName);
  if (!operation) return { depth: 0, complexity: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return { depth: 0, complexity: 0 };

  const pageSize = (field: GraphQLField<unknown, unknown>, node: FieldNode): number => {
    if (!field.args.some((a) => PAGE_ARGUMENTS.includes(a.name))) return 1;
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, variables);
    } catch {
      return 1; // bad variables are reported by validation; cost is not the place
    }
    for (const name of PAGE_ARGUMENTS) {
      const v = values[name];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
    }
    return 1;
  };

  // `seen` guards against fragment cycles (validation rejects them, but this runs on any document).
  const walk = (set: SelectionSetNode, type: Composite, level: number, seen: Set<string>): QueryCost => {
    let depth = level;
    let complexity = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const field = type.getFields()[name];
        if (!field) continue;
        let inner: QueryCost = { depth: level, complexity: 0 };
        const named = getNamedType(field.type);
        if (selection.selectionSet && (isObjectType(named) || isInterfaceType(named))) {
          inner = walk(selection.selectionSet, named, level + 1, seen);
        } else if (selection.selectionSet && isAbstractType(named)) {
          inner = { depth: level + 1, complexity: selection.selectionSet.selections.length };
        }
        depth = Math.max(depth, inner.depth);
        complexity += 1 + pageSize(field, selection) * inner.complexity;
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
  return walk(operation.selectionSet, root, 1, new Set());
}
