import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  GraphQLError,
  buildASTSchema,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { AppError, ErrorCode, toClientError, viewerClass, type Identity, type Logger, type Runtime } from '@shop/platform';
import type { GatewayContext } from '../data-sources.js';
import { API_SCHEMA_PATH } from '../gateway.js';
import type { IdentityResolver } from '../identity.js';
import { LIVE_FIELDS, type LiveDeps } from './live-fields.js';
import { liveQuery, responseKeyResolver } from './live-query.js';

export interface SubscriptionServerOptions {
  server: Server;
  apollo: ApolloServer<GatewayContext>;
  identity: IdentityResolver;
  runtime: Runtime;
  log: Logger;
}

interface ConnectionState {
  identity: Identity;
  /** Ids of the subscriptions accepted on this connection and not yet completed. */
  active: Set<string>;
}

/**
 * Subscriptions over graphql-ws (`graphql-transport-ws`) on the gateway's own port and path.
 * `@apollo/gateway` does not execute subscriptions, so this layer does: it authenticates at
 * `connection_init` (same JWT and revocation checks as HTTP; a bad token closes with 4401),
 * takes each field's events from pub/sub, and resolves what the subscriber selected through the
 * supergraph with the subscriber's identity, so any field of any subgraph can be selected.
 */
export function attachSubscriptions(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const { server, apollo, identity, runtime, log } = options;
  const { config } = runtime;
  const deps: LiveDeps = { pubsub: runtime.pubsub, internal: runtime.internal };
  const schema = liveSchema(
    readFileSync(API_SCHEMA_PATH, 'utf8'),
    deps,
    sharedInFlight(async (query, variables, context) => {
      // A live payload follows a change the cache may not have heard of yet: always read it fresh.
      const response = await apollo.executeOperation({ query, variables }, { contextValue: { ...context, fresh: true } });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult;
    }),
  );
  const states = new WeakMap<Context, ConnectionState>();
  const documents = new DocumentCache(schema, config.MAX_TOKENS);
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: config.MAX_BODY_BYTES });

  const clientErrors = (errors: readonly GraphQLError[] | readonly GraphQLFormattedError[]) =>
    errors.map((e) => toClientError('toJSON' in e ? e.toJSON() : e, () => log.error({ err: e }, 'unexpected error in a subscription')));

  const cleanup = useServer<Record<string, unknown>, { socket: import('ws').WebSocket }>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          states.set(ctx, { identity: await identity.resolve(typeof authorization === 'string' ? authorization : undefined), active: new Set() });
          return true;
        } catch (err) {
          ctx.extra.socket.close(CloseCode.Unauthorized, err instanceof GraphQLError ? err.message : 'Unauthorized');
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = states.get(ctx)!;
        if (state.identity.kind === 'account' && (await runtime.revocations.isRevoked(state.identity.jti))) {
          ctx.extra.socket.close(CloseCode.Unauthorized, 'Token revoked; sign in again');
          return [new AppError(ErrorCode.UNAUTHENTICATED, 'Token revoked; sign in again')];
        }
        const document = documents.get(payload.query);
        if (document instanceof Array) return document;
        if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
          return [new AppError(ErrorCode.BAD_USER_INPUT, 'Only subscriptions go over WebSocket; send queries and mutations to POST /graphql')];
        }
        // Counted here, after the last await, so concurrent subscribe messages cannot all slip through.
        if (state.active.size >= config.MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [new AppError(ErrorCode.RATE_LIMITED, `At most ${config.MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`)];
        }
        state.active.add(id);
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: { identity: state.identity, requestId: randomUUID() } satisfies GatewayContext,
          fieldResolver: responseKeyResolver,
        };
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: clientErrors(result.errors) } : result),
      onError: (ctx, id, _payload, errors) => {
        states.get(ctx)?.active.delete(id);
        return clientErrors(errors);
      },
      onComplete: (ctx, id) => {
        states.get(ctx)?.active.delete(id);
      },
    },
    wss,
    config.WS_KEEPALIVE_MS,
  );

  return {
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'Going away');
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const DOCUMENT_CACHE_SIZE = 500;

/**
 * Parsed and validated subscription documents by query text. Apps open the same few
 * subscriptions on thousands of sockets; sharing one document per text (parsed without source
 * locations, which would keep every token alive) keeps an idle subscriber small.
 */
class DocumentCache {
  private readonly entries = new Map<string, DocumentNode | AppError[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxTokens: number,
  ) {}

  /** The document, or the errors that make it unusable (both cached). */
  get(query: string): DocumentNode | AppError[] {
    const cached = this.entries.get(query);
    if (cached) {
      // Map order is insertion order: re-inserting makes this the most recently used.
      this.entries.delete(query);
      this.entries.set(query, cached);
      return cached;
    }
    const result = this.load(query);
    this.entries.set(query, result);
    if (this.entries.size > DOCUMENT_CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }

  private load(query: string): DocumentNode | AppError[] {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.maxTokens, noLocation: true });
    } catch (err) {
      return [new AppError(ErrorCode.BAD_USER_INPUT, (err as Error).message)];
    }
    const invalid = validate(this.schema, document, specifiedRules);
    return invalid.length > 0 ? invalid.map((e) => new AppError(ErrorCode.BAD_USER_INPUT, e.message)) : document;
  }
}

/**
 * One fetch for identical payload reads in flight at once: an event reaches every socket of an
 * account (phone, tablet, browser) in the same moment, and each would otherwise read the same
 * selection through the supergraph. Only concurrent reads are shared, never a settled answer, so
 * a later event always reads fresh data.
 */
function sharedInFlight(fetch: Fetch): Fetch {
  const inFlight = new Map<string, ReturnType<Fetch>>();
  return (query, variables, context) => {
    const { identity } = context;
    const account = identity.kind === 'account' ? identity.accountId : '';
    const key = `${account}:${viewerClass(identity)}\n${JSON.stringify(variables)}\n${query}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = fetch(query, variables, context).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  };
}

type Fetch = (query: string, variables: Record<string, unknown>, context: GatewayContext) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }>;

/**
 * The client-facing schema with a `subscribe` and `resolve` on every Subscription field: events
 * from {@link LIVE_FIELDS}, payloads fetched through the supergraph by response key.
 */
export function liveSchema(sdl: string, deps: LiveDeps, fetch: Fetch): GraphQLSchema {
  const schema = buildASTSchema(parse(sdl));
  const fields = schema.getSubscriptionType()?.getFields() ?? {};
  for (const [name, field] of Object.entries(fields)) {
    const live = LIVE_FIELDS[name];
    if (!live) throw new Error(`Subscription.${name} is in the schema but the gateway does not serve it (LIVE_FIELDS)`);
    field.subscribe = (_source, args, context: GatewayContext) => live.events(context.identity, args, deps);
    field.resolve = async (event, _args, context: GatewayContext, info) => {
      const { query, variables, rootAlias } = liveQuery(info, live.payload(event));
      const result = await fetch(query, variables, context);
      if (result.errors?.length) {
        const [first] = result.errors;
        throw new GraphQLError(first.message, { extensions: first.extensions });
      }
      const value = result.data?.[rootAlias];
      if (value == null) throw new AppError(ErrorCode.NOT_FOUND, `${name}: the updated object is no longer visible to you`);
      return value;
    };
  }
  return schema;
}
