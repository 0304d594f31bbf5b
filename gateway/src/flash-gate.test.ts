import { readFileSync } from 'node:fs';
import { buildSchema, specifiedRules, type ValidationRule } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@shop/platform';
import { holdShape } from './flash-gate.js';
import { API_SCHEMA_PATH, securityLimits } from './gateway.js';

const schema = buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8'));
const rules = [...specifiedRules, ...(securityLimits(loadConfig({})).validationRules as ValidationRule[])];
const shape = (query: string, operationName?: string) => holdShape(query, operationName, schema, rules, 1000);

describe('the flash-sale gate recognises a hold (C7)', () => {
  it('takes the ids from ID variables or string literals, and the alias as the path', () => {
    expect(shape('mutation H($c: ID!, $s: ID!) { addClassToCart(classId: $c, swimmerId: $s) { id items { id } } }')).toEqual({
      responseKey: 'addClassToCart',
      classId: { variable: 'c' },
      swimmerId: { variable: 's' },
    });
    expect(shape('mutation { seat: addClassToCart(classId: "a", swimmerId: "b") { id } }')).toEqual({
      responseKey: 'seat',
      classId: { literal: 'a' },
      swimmerId: { literal: 'b' },
    });
    expect(shape('fragment C on Cart { id state } mutation H($c: ID!) { addClassToCart(classId: $c, swimmerId: "b") { ...C } }')).toMatchObject({
      classId: { variable: 'c' },
    });
  });

  it('picks the operation by name', () => {
    const doc = 'query Q { me { id } } mutation H { addClassToCart(classId: "a", swimmerId: "b") { id } }';
    expect(shape(doc, 'H')).toMatchObject({ responseKey: 'addClassToCart' });
    expect(shape(doc, 'Q')).toBeNull();
    expect(shape(doc)).toBeNull();
    expect(shape(doc, 'Missing')).toBeNull();
  });

  it('accepts what the security limits allow', () => {
    expect(shape(`mutation { addClassToCart(classId: "a", swimmerId: "b") { ${Array.from({ length: 20 }, (_, i) => `a${i}: id`).join(' ')} } }`)).not.toBeNull();
  });

  it('leaves everything else to the pipeline', () => {
    for (const query of [
      'mutation { cancelCart { id } }',
      'query { cart { id } }',
      // Another field beside it, even one that cannot fail.
      'mutation { __typename addClassToCart(classId: "a", swimmerId: "b") { id } }',
      'mutation { a: addClassToCart(classId: "a", swimmerId: "b") { id } b: addClassToCart(classId: "a", swimmerId: "c") { id } }',
      // Directives may skip the field.
      'mutation($skip: Boolean!) { addClassToCart(classId: "a", swimmerId: "b") @skip(if: $skip) { id } }',
      // A variable with a default, or not an ID.
      'mutation($c: ID! = "a") { addClassToCart(classId: $c, swimmerId: "b") { id } }',
      'mutation($c: String!) { addClassToCart(classId: $c, swimmerId: "b") { id } }',
      // An int literal is an ID to GraphQL, but not a string the gate can pass on.
      'mutation { addClassToCart(classId: 7, swimmerId: "b") { id } }',
      // Invalid: unknown field, missing argument, unused variable, syntax.
      'mutation { addClassToCart(classId: "a", swimmerId: "b") { nope } }',
      'mutation { addClassToCart(classId: "a") { id } }',
      'mutation($x: ID!) { addClassToCart(classId: "a", swimmerId: "b") { id } }',
      'mutation { addClassToCart(classId: "a", swimmerId: "b") { id }',
      // Beyond the security limits (aliases), valid to graphql itself.
      `mutation { addClassToCart(classId: "a", swimmerId: "b") { ${Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(' ')} } }`,
    ]) {
      expect(shape(query), query).toBeNull();
    }
  });
});
