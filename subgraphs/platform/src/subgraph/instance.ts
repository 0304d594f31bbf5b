import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { locatingErrors, toClientError } from '../errors.js';
import type { InternalHandlers } from '../internal/index.js';
import type { Logger } from '../observability/logger.js';
import type { Runtime } from '../runtime.js';

/**
 * A subgraph built by its factory: the executable schema and the internal operations it offers,
 * independent of whatever hosts it (the embedded gateway, or its own HTTP server).
 */
export interface SubgraphInstance {
  readonly name: string;
  readonly schema: GraphQLSchema;
  readonly internal: InternalHandlers;
  stop(): Promise<void>;
}

/**
 * A subgraph's executable schema from its SDL and resolvers, the contract errors of its root
 * fields thrown already located ({@link locatingErrors}).
 */
export function subgraphSchema(typeDefs: DocumentNode, resolvers: object): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs, resolvers: locatingErrors(resolvers) as GraphQLResolverMap<unknown> });
}

/** Builds a subgraph on a runtime: migrations, consumers, relays, then the schema. */
export type SubgraphFactory = (runtime: Runtime) => Promise<SubgraphInstance>;

/**
 * The masking rule of every subgraph: contract errors pass, anything else is logged with its
 * detail and leaves as INTERNAL.
 */
export function maskSubgraphError(log: Logger, formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  return toClientError(formatted, () => log.error({ err: unwrap(error), path: formatted.path }, 'unexpected error in resolver'));
}

function unwrap(error: unknown): unknown {
  const original = (error as { originalError?: unknown } | null)?.originalError;
  return original ?? error;
}
