import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Depth of an operation: the longest chain of nested fields, leaves included
 * (`{ snapshot { name } }` is 2). Fragments count as the fields they contain; introspection
 * fields (`__schema`, `__type`, `__typename`) do not count.
 */
export function queryDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (operation === undefined) return 0;

  const depthOf = (selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      switch (selection.kind) {
        case Kind.FIELD: {
          if (selection.name.value.startsWith('__')) break;
          const below = selection.selectionSet === undefined ? 0 : depthOf(selection.selectionSet, visiting);
          deepest = Math.max(deepest, 1 + below);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          deepest = Math.max(deepest, depthOf(selection.selectionSet, visiting));
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          // A cycle or an unknown fragment is rejected by validation; it adds no depth here.
          if (fragment === undefined || visiting.has(name)) break;
          deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...visiting, name])));
          break;
        }
        default: {
          const unreachable: never = selection;
          return unreachable;
        }
      }
    }
    return deepest;
  };
  return depthOf(operation.selectionSet, new Set());
}
