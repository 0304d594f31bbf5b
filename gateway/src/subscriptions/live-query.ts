import { print, visit, type GraphQLFieldResolver, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

const ROOT_ALIAS = '__live';

/**
 * Turns the selection a subscriber made under a field into a query of one root field of the
 * supergraph, e.g. `notificationAdded { id title }` into
 * `query Live($__id: ID!) { __live: notification(id: $__id) { id title } }`, carrying along exactly
 * the fragments and variables that selection uses (GraphQL refuses unused ones).
 */
export function liveQuery(
  info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'operation' | 'variableValues'>,
  root: { field: string; args: Record<string, { type: string; value: unknown }> },
): { query: string; variables: Record<string, unknown>; rootAlias: string } {
  const field = info.fieldNodes[0];
  const usedFragments = new Set<string>();
  const usedVariables = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined) => {
    if (!selectionSet) return;
    visit(selectionSet, {
      FragmentSpread(spread) {
        if (usedFragments.has(spread.name.value)) return;
        usedFragments.add(spread.name.value);
        collect(info.fragments[spread.name.value]?.selectionSet);
      },
      Variable(variable) {
        usedVariables.add(variable.name.value);
      },
    });
  };
  collect(field.selectionSet);

  const variableDefinitions = (info.operation.variableDefinitions ?? []).filter((v) => usedVariables.has(v.variable.name.value));
  const header = [
    ...Object.entries(root.args).map(([name, { type }]) => `$__${name}: ${type}`),
    ...variableDefinitions.map(print),
  ];
  const args = Object.keys(root.args).map((name) => `${name}: $__${name}`).join(', ');
  const query = [
    `query Live${header.length ? `(${header.join(', ')})` : ''} { ${ROOT_ALIAS}: ${root.field}${args ? `(${args})` : ''} ${field.selectionSet ? print(field.selectionSet) : ''} }`,
    ...[...usedFragments].map((name) => info.fragments[name]).filter(Boolean).map((f) => print(f)),
  ].join('\n');
  const variables: Record<string, unknown> = {};
  for (const v of variableDefinitions) variables[v.variable.name.value] = info.variableValues[v.variable.name.value];
  for (const [name, { value }] of Object.entries(root.args)) variables[`__${name}`] = value;
  return { query, variables, rootAlias: ROOT_ALIAS };
}

/**
 * Resolves fields by response key (alias or name). Values fetched through the gateway for a
 * live event are keyed the way the subscriber's selection asked for them.
 */
export const responseKeyResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) =>
  source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[info.path.key as string] : undefined;
