import { GraphQLError, responsePathAsArray, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';

/** The error codes of the client contract (API.md); `extensions.code` is always one of these. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  NOT_ON_SHELF: 'NOT_ON_SHELF',
  CLASS_FULL: 'CLASS_FULL',
  CART_NOT_EDITABLE: 'CART_NOT_EDITABLE',
  COUPON_INVALID: 'COUPON_INVALID',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  PRICE_CHANGED: 'PRICE_CHANGED',
  PAYMENT_FAILED: 'PAYMENT_FAILED',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const KNOWN = new Set<string>(Object.values(ErrorCode));

/** HTTP status that goes with a code when the error ends the whole request (context, webhooks). */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

/** Errors the GraphQL runtime raises about the request itself: the client's fault. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // @apollo/gateway's own check of the operation (e.g. an operationName the document lacks).
  'INVALID_GRAPHQL',
]);

export const INTERNAL_MESSAGE = 'Internal error';

/**
 * A failure the client is meant to see. Anything else thrown is masked as INTERNAL.
 *
 * It records no stack frames: it is an answer, not a fault, and graphql-js reads the stack of
 * every error it wraps, which with source maps on cost more than the rest of a refused request
 * (a flash sale refuses hundreds per second).
 */
export class AppError extends GraphQLError {
  constructor(
    code: Exclude<ErrorCode, 'INTERNAL'>,
    message: string,
    extra: { field?: string; [key: string]: unknown } = {},
  ) {
    const status = HTTP_STATUS[code];
    const frames = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, {
        extensions: { code, ...extra, ...(status ? { http: { status } } : {}) },
      });
    } finally {
      Error.stackTraceLimit = frames;
    }
    this.name = 'AppError';
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

/**
 * A contract error as data: what an {@link AppError} would carry, for an internal operation that
 * answers with a refusal instead of throwing it (the flash-sale gate asks for hundreds at once,
 * and each GraphQLError made and thrown costs ~20 µs).
 */
export interface Refusal {
  code: Exclude<ErrorCode, 'INTERNAL'>;
  message: string;
  /** What the error's extensions add to the code (e.g. `field`), in that order. */
  extra: { field?: string; [key: string]: unknown };
}

/** The {@link AppError} a {@link Refusal} stands for. */
export const refusalError = (refusal: Refusal) => new AppError(refusal.code, refusal.message, refusal.extra);

export const badInput = (field: string, message: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, { field });
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const unauthenticated = (message = 'Sign in first') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Not allowed') => new AppError(ErrorCode.FORBIDDEN, message);

/**
 * Maps any error bound for a client onto the contract's codes. Client mistakes that GraphQL
 * itself detects (parse, validation, bad variables) become BAD_USER_INPUT with their message;
 * known codes pass; everything else is reported to `onInternal` and replaced by a bare INTERNAL.
 */
export function toClientError(
  formatted: GraphQLFormattedError,
  onInternal: (formatted: GraphQLFormattedError) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN.has(code) && code !== ErrorCode.INTERNAL) {
    const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code },
    };
  }
  onInternal(formatted);
  return { message: INTERNAL_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.INTERNAL } };
}

/**
 * The resolvers with their root Query and Mutation fields throwing {@link AppError}s already
 * located (the field's path and locations). graphql-js otherwise wraps each in a new
 * GraphQLError whose freshly captured stack is formatted on the spot — with source maps ~30 µs
 * an error, a sizeable share of a request refused with a contract error (a flash sale answers
 * hundreds of CLASS_FULL a second). The located error is the one graphql-js would have made,
 * without the stack frames: an AppError is an expected answer, not a fault to trace. Any other
 * error is left to graphql-js and keeps its stack for the log.
 */
export function locatingErrors<R extends object>(resolvers: R): R {
  const located = { ...resolvers } as Record<string, unknown>;
  for (const type of ['Query', 'Mutation']) {
    const fields = located[type] as Record<string, unknown> | undefined;
    if (!fields) continue;
    located[type] = Object.fromEntries(
      Object.entries(fields).map(([name, resolve]) => [name, typeof resolve === 'function' ? locating(resolve as FieldResolver) : resolve]),
    );
  }
  return located as R;
}

type FieldResolver = (parent: unknown, args: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

function locating(resolve: FieldResolver): FieldResolver {
  return (parent, args, context, info) => {
    try {
      const result = resolve(parent, args, context, info);
      return isPromiseLike(result)
        ? result.then(undefined, (err: unknown) => {
            throw locate(err, info);
          })
        : result;
    } catch (err) {
      throw locate(err, info);
    }
  };
}

function locate(err: unknown, info: GraphQLResolveInfo): unknown {
  if (!(err instanceof AppError) || err.path) return err;
  const frames = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(err.message, { nodes: info.fieldNodes, path: responsePathAsArray(info.path), originalError: err });
  } finally {
    Error.stackTraceLimit = frames;
  }
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> => typeof (value as PromiseLike<unknown> | null)?.then === 'function';
