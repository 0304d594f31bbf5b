import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { HttpPoster, toClientError, type Config, type Logger, type Metrics, type SubgraphInstance } from '@shop/platform';
import { AuthenticatedRemoteDataSource, InProcessDataSource, type GatewayContext } from './data-sources.js';

export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
/** The client view of the supergraph (composed with it): what subscriptions and the playground validate against. */
export const API_SCHEMA_PATH = fileURLToPath(new URL('../../schema/api.graphql', import.meta.url));

/** How long the gateway waits for a subgraph's answer. */
const SUBGRAPH_TIMEOUT_MS = 30_000;

export interface GatewayOptions {
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** Embedded mode: the subgraphs this process hosts, by name. */
  local?: Map<string, SubgraphInstance>;
  /** Distributed mode: base URL of each subgraph (`/graphql` is appended). */
  remote?: Record<string, string>;
  /** More Apollo Server plugins (e.g. the catalogue cache). */
  plugins?: ApolloServerPlugin<GatewayContext>[];
}

/**
 * The Apollo gateway over the committed supergraph (no network at start), served by Apollo
 * Server with the security baseline: depth, alias, token, directive and cost limits
 * (graphql-armor), CSRF prevention, no batching, masked errors, introspection only when
 * configured.
 */
export async function createGatewayServer(options: GatewayOptions): Promise<ApolloServer<GatewayContext>> {
  const { config, log, metrics } = options;
  const supergraphSdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
  // One pool of kept-alive connections to the subgraphs, closed when the server stops.
  const poster = new HttpPoster(SUBGRAPH_TIMEOUT_MS);
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: log.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) => {
      const local = options.local?.get(name);
      if (local) return new InProcessDataSource(local.schema, log.child({ service: name }));
      const base = options.remote?.[name];
      if (base) return new AuthenticatedRemoteDataSource(`${base}/graphql`, config.INTERNAL_SECRET, poster);
      throw new Error(`subgraph ${name} (${url}) is neither hosted here nor given in SUBGRAPH_URLS`);
    },
  });

  const armor = securityLimits(config);

  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.INTROSPECTION,
    csrfPrevention: true,
    parseOptions: { maxTokens: config.MAX_TOKENS },
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    validationRules: armor.validationRules,
    // graphql-armor is typed against the CommonJS build of @apollo/server; the plugins are the same at run time.
    plugins: [
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
      ApolloServerPluginLandingPageDisabled(),
      // The catalogue cache (response-cache.ts) is the gateway's own; HTTP cache hints are not sent.
      ApolloServerPluginCacheControlDisabled(),
      operationMetrics(metrics),
      { serverWillStart: async () => ({ serverWillStop: async () => poster.close() }) },
      ...(options.plugins ?? []),
    ],
    formatError: (formatted, error) =>
      toClientError(formatted, () => log.error({ err: (error as { originalError?: unknown }).originalError ?? error, path: formatted.path }, 'unexpected error at the gateway')),
  });
  await server.start();
  return server;
}

/**
 * The security baseline's validation rules and plugins (graphql-armor): depth, alias, directive
 * and cost limits. Whatever answers an operation in the pipeline's place validates it with these.
 */
export function securityLimits(config: Config): ReturnType<ApolloArmor['protect']> {
  return new ApolloArmor({
    maxDepth: { n: config.MAX_DEPTH, ignoreIntrospection: true },
    maxAliases: { n: config.MAX_ALIASES },
    // Tokens are limited by graphql's own parser (parseOptions below): armor's variant throws from
    // a plugin hook, which Apollo answers with 500 instead of 400.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    costLimit: { maxCost: config.MAX_COST, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: !config.INTROSPECTION },
  }).protect();
}

/** Counts operations by type and outcome, with their duration. */
function operationMetrics(metrics: Metrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const end = metrics.graphqlOperations.startTimer();
      let type = 'unknown';
      return {
        async didResolveOperation({ operation }) {
          type = operation?.operation ?? 'unknown';
        },
        async willSendResponse({ response }) {
          const failed = response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
          end({ type, outcome: failed ? 'error' : 'ok' });
        },
      };
    },
  };
}
