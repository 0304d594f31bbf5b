import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { startGateway, type GatewayProcess } from '@shop/gateway';
import { createTestEnvironment, testConfig, type TestEnvironment } from '@shop/platform/testing';

export const ADMIN = { email: 'admin@shop.test', password: 'admin-password-for-tests' };

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

/** A running system under test: an embedded gateway on a free port over a fresh database. */
export interface TestSystem {
  gateway: GatewayProcess;
  url: string;
  env: Record<string, string>;
  /** Sends a typed operation as the app does: POST JSON to /graphql, optional bearer token. */
  gql<T, V>(document: TypedDocumentNode<T, V>, variables?: V, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * Starts the whole system the way `npm start` does (every subgraph in one process), on PGlite +
 * in-process bus, or on Postgres + Redis when SHOP_TEST_MODE=distributed.
 */
export async function startTestSystem(overrides: Record<string, string> = {}): Promise<TestSystem & { environment: TestEnvironment }> {
  const environment = await createTestEnvironment({
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...overrides,
  });
  const gateway = await startGateway({ config: testConfig(environment.env) });
  return {
    environment,
    gateway,
    url: gateway.url,
    env: environment.env,
    gql: (document, variables, token) => request(gateway.url, document, variables, token),
    close: async () => {
      await gateway.close();
      await environment.dispose();
    },
  };
}

export async function request<T, V>(baseUrl: string, document: TypedDocumentNode<T, V>, variables?: V, token?: string): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<GraphQLResponse<T>, 'status'>) };
}

/** The data of a response that must have succeeded. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`expected success, got ${JSON.stringify(response.errors ?? response)}`);
  }
  return response.data;
}

/** The first error's code and field. */
export function failure(response: GraphQLResponse<unknown>): { code?: string; field?: string; message: string } {
  const error = response.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
  return { code: error.extensions?.code, field: error.extensions?.field, message: error.message };
}

let counter = 0;
/** An email nobody else in this run uses. */
export const uniqueEmail = (prefix = 'user') => `${prefix}.${Date.now().toString(36)}.${counter++}@example.com`;
