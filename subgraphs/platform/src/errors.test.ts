import { buildSchema, execute, GraphQLError, parse, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { AppError, ErrorCode, badInput, locatingErrors, toClientError } from './errors.js';

describe('toClientError', () => {
  it('passes contract errors with their code and field, without transport details', () => {
    const error = badInput('email', 'email is not a valid address');
    const onInternal = vi.fn();
    const formatted = toClientError({ message: error.message, extensions: error.extensions }, onInternal);
    expect(formatted).toEqual({ message: 'email is not a valid address', extensions: { code: 'BAD_USER_INPUT', field: 'email' } });
    expect(onInternal).not.toHaveBeenCalled();
  });

  it('drops the http hint of UNAUTHENTICATED but keeps the code', () => {
    const error = new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in first');
    expect(error.extensions.http).toEqual({ status: 401 });
    expect(toClientError({ message: error.message, extensions: error.extensions }, () => {}).extensions).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('turns GraphQL request errors into BAD_USER_INPUT with the original as reason', () => {
    const formatted = toClientError({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, () => {});
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
    expect(formatted.message).toBe('Cannot query field "x"');
  });

  it("treats the gateway's INVALID_GRAPHQL (an operation name the document lacks) as the client's fault", () => {
    const formatted = toClientError({ message: 'Unknown operation named "Me".', extensions: { code: 'INVALID_GRAPHQL' } }, () => {});
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_GRAPHQL' });
  });

  it('masks anything else as INTERNAL and reports it', () => {
    const onInternal = vi.fn();
    const leaked = new GraphQLError('relation "accounts.accounts" does not exist', { path: ['me'] });
    const formatted = toClientError({ message: leaked.message, path: leaked.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, onInternal);
    expect(formatted).toEqual({ message: 'Internal error', path: ['me'], extensions: { code: 'INTERNAL' } });
    expect(onInternal).toHaveBeenCalledOnce();
  });

  it('masks an INTERNAL code someone set by hand, and errors without a code', () => {
    expect(toClientError({ message: 'secret detail', extensions: { code: 'INTERNAL' } }, () => {}).message).toBe('Internal error');
    expect(toClientError({ message: 'secret detail' }, () => {}).message).toBe('Internal error');
  });
});

describe('locatingErrors', () => {
  const schema = buildSchema('type Query { refused: String, broken: String, fine: String } type Mutation { hold(id: ID!): String }');
  const resolvers = locatingErrors({
    Query: {
      refused: async () => {
        throw new AppError(ErrorCode.CLASS_FULL, 'No seat is left in this class', { classId: 'c1' });
      },
      broken: () => {
        throw new TypeError('cannot read x of undefined');
      },
      fine: () => 'ok',
    },
    Mutation: {
      hold: (_: unknown, { id }: { id: string }) => {
        throw badInput('id', `no class ${id}`);
      },
    },
  });
  const run = (source: string, rootValue: unknown) => execute({ schema, document: parse(source), rootValue, fieldResolver: (root, args, ctx, info) => (root as Record<string, Function>)[info.fieldName](root, args, ctx, info) });

  it('answers an AppError exactly as graphql-js locates it, without stack frames', async () => {
    const query = '{\n  a: refused\n  fine\n}';
    const located = await run(query, resolvers.Query);
    const plain = await run(query, { ...resolvers.Query, refused: () => Promise.reject(new AppError(ErrorCode.CLASS_FULL, 'No seat is left in this class', { classId: 'c1' })) });
    expect(located.errors!.map((e) => e.toJSON())).toEqual(plain.errors!.map((e) => e.toJSON()));
    expect(located.errors![0].toJSON()).toEqual({
      message: 'No seat is left in this class',
      locations: [{ line: 2, column: 3 }],
      path: ['a'],
      extensions: { code: 'CLASS_FULL', classId: 'c1' },
    });
    expect(located.errors![0].originalError).toBeInstanceOf(AppError);
    expect(located.errors![0].stack).toBe('AppError: No seat is left in this class');
    expect(located.data).toEqual({ a: null, fine: 'ok' });
  });

  it('throws the AppError already located, so graphql-js does not wrap it again', async () => {
    let info: GraphQLResolveInfo | undefined;
    await run('{ x: fine }', { fine: (_: unknown, __: unknown, ___: unknown, seen: GraphQLResolveInfo) => ((info = seen), 'ok') });
    const thrown = await (resolvers.Query.refused as (...args: unknown[]) => Promise<unknown>)(undefined, {}, {}, info).catch((err: unknown) => err);
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect(thrown).toMatchObject({ path: ['x'], locations: [{ line: 1, column: 3 }], extensions: { code: 'CLASS_FULL' } });
    expect((thrown as GraphQLError).originalError).toBeInstanceOf(AppError);
  });

  it('locates errors a mutation throws synchronously', async () => {
    const result = await run('mutation { hold(id: "x") }', resolvers.Mutation);
    expect(result.errors![0].toJSON()).toMatchObject({ path: ['hold'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
  });

  it('leaves any other error to graphql-js, with its stack for the log', async () => {
    const result = await run('{ broken }', resolvers.Query);
    expect(result.errors![0].path).toEqual(['broken']);
    expect(result.errors![0].originalError).toBeInstanceOf(TypeError);
    expect(result.errors![0].stack).toContain('\n    at ');
  });
});
