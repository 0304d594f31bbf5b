import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { liveQuery, responseKeyResolver } from './live-query.js';

const schema = buildSchema(`
  type Query { notification(id: ID!): Notification }
  type Subscription { notificationAdded(afterSeq: Int): Notification! }
  type Notification { id: ID! seq: Int! title: String! deliveries: [Delivery!]! }
  type Delivery { channel: String! status: String! }
`);

/** The resolve info graphql-js hands to Subscription.notificationAdded for `source`. */
function infoFor(source: string, variables: Record<string, unknown> = {}): GraphQLResolveInfo {
  let captured: GraphQLResolveInfo | undefined;
  execute({
    schema,
    document: parse(source.replace(/^subscription/, 'query').replace('notificationAdded', 'notification(id: "x")')),
    variableValues: variables,
    fieldResolver: (_s, _a, _c, info) => {
      captured ??= info;
      return null;
    },
  });
  return captured!;
}

describe('liveQuery', () => {
  it('keeps the selection, aliases included, and passes the root argument as a variable', () => {
    const info = infoFor('subscription { notificationAdded { id heading: title } }');
    const { query, variables, rootAlias } = liveQuery(info, { field: 'notification', args: { id: { type: 'ID!', value: 'n1' } } });
    expect(query).toBe('query Live($__id: ID!) { __live: notification(id: $__id) {\n  id\n  heading: title\n} }');
    expect(variables).toEqual({ __id: 'n1' });
    expect(rootAlias).toBe('__live');
  });

  it('carries exactly the fragments and variables the selection uses', () => {
    const info = infoFor(
      `subscription S($full: Boolean!, $unused: Int) { notificationAdded { ...A } }
       fragment A on Notification { id ...B @include(if: $full) }
       fragment B on Notification { deliveries { channel } }
       fragment Unused on Notification { seq }`,
      { full: true, unused: 3 },
    );
    const { query, variables } = liveQuery(info, { field: 'notification', args: { id: { type: 'ID!', value: 'n1' } } });
    expect(query).toContain('query Live($__id: ID!, $full: Boolean!)');
    expect(query).toContain('fragment A on Notification');
    expect(query).toContain('fragment B on Notification');
    expect(query).not.toContain('Unused');
    expect(variables).toEqual({ __id: 'n1', full: true });
    // The query must be valid against the schema as it stands.
    const result = execute({ schema, document: parse(query), variableValues: variables });
    expect(result).not.toHaveProperty('errors');
  });
});

describe('responseKeyResolver', () => {
  it('reads aliased values by their response key', async () => {
    const result = await execute({
      schema,
      document: parse('{ notification(id: "x") { heading: title t2: title } }'),
      rootValue: { notification: { heading: 'A', t2: 'B' } },
      fieldResolver: (source, args, context, info) =>
        info.parentType.name === 'Query' ? (source as Record<string, unknown>).notification : responseKeyResolver(source, args, context, info),
    });
    expect(result.data).toEqual({ notification: { heading: 'A', t2: 'B' } });
  });
});
