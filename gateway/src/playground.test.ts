import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../playground/src/documents.js';
import { servedDocuments } from './playground.js';

const schema = buildSchema(`
  type Query { me: Account }
  type Mutation { logIn(email: String!, password: String!): Account! }
  type Account { id: ID! email: String! }
`);

describe('playground documents', () => {
  it('keeps what the schema serves and leaves out the rest, subscriptions without a Subscription type included', () => {
    const served = servedDocuments(schema, [
      { title: 'me', query: 'query Me { me { id email } }' },
      { title: 'log in', query: 'mutation LogIn { logIn(email: "a", password: "b") { id } }' },
      { title: 'unknown field', query: 'query Shelf { shelfHistory(productId: "1") { at } }' },
      { title: 'unknown argument', query: 'query Me { me(id: 1) { id } }' },
      { title: 'subscription', query: 'subscription Watch { orderStatusChanged { to } }' },
    ]);
    expect(served.map((doc) => doc.title)).toEqual(['me', 'log in']);
  });

  it('is given documents that parse, one named operation each, names and titles unique', () => {
    const names = DOCUMENTS.map((doc) => {
      const definitions = parse(doc.query).definitions as OperationDefinitionNode[];
      expect(definitions.map((def) => def.kind)).toEqual(['OperationDefinition']);
      return definitions[0].name?.value;
    });
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(DOCUMENTS.length);
    expect(new Set(DOCUMENTS.map((doc) => doc.title)).size).toBe(DOCUMENTS.length);
  });
});
