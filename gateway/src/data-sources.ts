import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import {
  ANONYMOUS,
  GATEWAY_SECRET_HEADER,
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  createSubgraphContext,
  encodeIdentity,
  maskSubgraphError,
  posterFetch,
  type HttpPoster,
  type Identity,
  type Logger,
} from '@shop/platform';

/** The gateway's per-request context. */
export interface GatewayContext {
  identity: Identity;
  requestId: string;
  /** Must not be answered from the catalogue cache (payloads of live subscriptions). */
  fresh?: boolean;
}

const DOCUMENT_CACHE_SIZE = 1000;

/**
 * Runs a subgraph's schema in this process (embedded mode): no HTTP hop, the caller's identity
 * handed over directly. The gateway sends the same few fetch documents again and again, so each
 * is parsed and validated once and kept.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly log: Logger,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = 'context' in options ? (options.context as Partial<GatewayContext>) : {};
    const document = this.document(request.query!);
    const result = await execute({
      schema: this.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: createSubgraphContext(context.identity ?? ANONYMOUS, context.requestId ?? 'internal', this.log),
    });
    return {
      data: result.data as GatewayGraphQLResponse['data'],
      errors: result.errors?.map((e) => maskSubgraphError(this.log, e.toJSON(), e)),
    };
  }

  private document(query: string): DocumentNode {
    let document = this.documents.get(query);
    if (!document) {
      document = parse(query);
      const errors = validate(this.schema, document);
      if (errors.length > 0) throw errors[0];
      if (this.documents.size >= DOCUMENT_CACHE_SIZE) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, document);
    }
    return document;
  }
}

/**
 * Calls a subgraph over HTTP (distributed mode) with the internal secret and the verified
 * identity in headers, over kept-alive node:http connections (a fraction of fetch's CPU).
 */
export class AuthenticatedRemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly secret: string, poster: HttpPoster) {
    super({ url, fetcher: posterFetch(poster) as never });
  }

  override willSendRequest(options: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): void {
    const http = options.request.http!;
    http.headers.set(GATEWAY_SECRET_HEADER, this.secret);
    if ('context' in options && options.context) {
      const context = options.context as Partial<GatewayContext>;
      http.headers.set(IDENTITY_HEADER, encodeIdentity(context.identity ?? ANONYMOUS));
      if (context.requestId) http.headers.set(REQUEST_ID_HEADER, context.requestId);
    }
  }
}
