import { GraphQLError } from 'graphql';
import { AppError, ErrorCode } from '../errors.js';
import { GATEWAY_SECRET_HEADER } from '../auth/identity.js';
import { HttpPoster } from '../http/client.js';

/** An operation one service offers others directly (not through GraphQL); it must be idempotent. */
export type InternalHandler = (input: any) => Promise<unknown>;
export type InternalHandlers = Record<string, InternalHandler>;

/**
 * Explicit, idempotent calls between services: in-process in the embedded mode, HTTP with the
 * internal secret in the distributed mode. A contract error (AppError) thrown by the callee is
 * thrown again, with its code, at the caller.
 */
export interface InternalClient {
  call<T = unknown>(service: string, operation: string, input: unknown): Promise<T>;
}

export class LocalInternalClient implements InternalClient {
  private readonly services = new Map<string, InternalHandlers>();

  register(service: string, handlers: InternalHandlers): void {
    this.services.set(service, handlers);
  }

  async call<T>(service: string, operation: string, input: unknown): Promise<T> {
    const handler = this.services.get(service)?.[operation];
    if (!handler) throw new Error(`no internal operation ${service}.${operation}`);
    // Through JSON both ways, as over HTTP: a callee never shares mutable objects with its
    // caller, and sees what it would see in the distributed mode (structuredClone would keep
    // Dates and undefined, and costs several times more).
    return JSON.parse(JSON.stringify((await handler(JSON.parse(JSON.stringify(input ?? null)))) ?? null)) as T;
  }
}

export class HttpInternalClient implements InternalClient {
  private readonly poster: HttpPoster;

  constructor(
    private readonly urls: Record<string, string>,
    private readonly secret: string,
    timeoutMs = 10_000,
  ) {
    this.poster = new HttpPoster(timeoutMs);
  }

  async call<T>(service: string, operation: string, input: unknown): Promise<T> {
    const base = this.urls[service];
    if (!base) throw new Error(`no URL for service ${service}`);
    const reply = await this.poster.post(
      `${base}/internal/${operation}`,
      { 'content-type': 'application/json', [GATEWAY_SECRET_HEADER]: this.secret },
      JSON.stringify(input ?? null),
    );
    let body: { result?: T; error?: { code: string; message: string; extensions?: Record<string, unknown> } };
    try {
      body = JSON.parse(reply.body.toString('utf8'));
    } catch {
      throw new Error(`internal call ${service}.${operation} answered ${reply.status} without JSON`);
    }
    if (reply.status >= 200 && reply.status < 300) return body.result as T;
    throw reviveError(body.error);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.poster.close();
  }
}

/** The wire form of a failed internal call. */
export function serializeError(err: unknown): { status: number; error: { code: string; message: string; extensions?: Record<string, unknown> } } {
  if (err instanceof GraphQLError && typeof err.extensions.code === 'string' && err.extensions.code !== ErrorCode.INTERNAL) {
    const { code, ...extensions } = err.extensions;
    return { status: 422, error: { code: code as string, message: err.message, extensions } };
  }
  return { status: 500, error: { code: ErrorCode.INTERNAL, message: 'Internal error' } };
}

function reviveError(error: { code: string; message: string; extensions?: Record<string, unknown> } | undefined): Error {
  if (error && error.code !== ErrorCode.INTERNAL && Object.values(ErrorCode).includes(error.code as ErrorCode)) {
    return new AppError(error.code as Exclude<ErrorCode, 'INTERNAL'>, error.message, error.extensions ?? {});
  }
  return new Error(`internal call failed: ${error?.message ?? 'no answer'}`);
}
