import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { AppError, ErrorCode, badInput, toClientError } from './errors.js';

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
