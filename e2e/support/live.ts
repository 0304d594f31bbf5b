import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveConnection {
  client: Client;
  /** Close event of the socket, once it closed. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** A graphql-ws connection to the gateway, as the app opens it (token in connectionParams). */
export function connectLive(baseUrl: string, token?: string): LiveConnection {
  let onClosed!: (event: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
    onNonLazyError: () => {},
  });
  return { client, closed, dispose: () => client.dispose() as Promise<void> };
}

export interface LiveSubscription<T> {
  /** Everything received so far. */
  values: T[];
  errors: unknown[];
  /** Resolves once `count` values arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

export function subscribe<T = Record<string, unknown>>(connection: LiveConnection, query: string, variables?: Record<string, unknown>): LiveSubscription<T> {
  const values: T[] = [];
  const errors: unknown[] = [];
  const stop = connection.client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) values.push(result.data as T);
      },
      error: (err) => errors.push(err),
      complete: () => {},
    },
  );
  return {
    values,
    errors,
    stop,
    waitFor: async (count, timeoutMs = 8000) => {
      const deadline = Date.now() + timeoutMs;
      while (values.length < count) {
        if (errors.length > 0) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        if (Date.now() > deadline) throw new Error(`got ${values.length} of ${count} values in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return values.slice(0, count);
    },
  };
}
