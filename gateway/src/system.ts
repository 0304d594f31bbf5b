import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, type ValidationRule } from 'graphql';
import { LISTEN_BACKLOG, createRuntime, requireSharedServices, type Config, type Logger, type Runtime, type SubgraphInstance } from '@shop/platform';
import { FlashSaleGate } from './flash-gate.js';
import { API_SCHEMA_PATH, createGatewayServer, securityLimits } from './gateway.js';
import { createGatewayHttpServer } from './http/server.js';
import { IdentityResolver } from './identity.js';
import { CatalogueCache } from './response-cache.js';
import { attachSubscriptions } from './subscriptions/server.js';
import { SUBGRAPH_FACTORIES } from './subgraphs.js';

export interface GatewayProcess {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
  readonly runtime: Runtime;
  readonly server: Server;
  /** The subgraphs hosted in this process (embedded mode). */
  readonly subgraphs: Map<string, SubgraphInstance>;
  close(): Promise<void>;
}

export interface StartGatewayOptions {
  config: Config;
  logger?: Logger;
  /**
   * Share an existing runtime (its database, bus and revocation list) instead of creating one;
   * the caller keeps ownership of it.
   */
  runtime?: Runtime;
  /** Host subgraphs in this process (default: when the config names no SUBGRAPH_URLS). */
  hostSubgraphs?: boolean;
}

/**
 * Starts a gateway: embedded (every subgraph in this process, one PGlite or Postgres pool, one
 * bus) or distributed (subgraphs at SUBGRAPH_URLS over HTTP). Listens on config.PORT (0: any).
 */
export async function startGateway(options: StartGatewayOptions): Promise<GatewayProcess> {
  const { config } = options;
  const remote = config.SUBGRAPH_URLS;
  const host = options.hostSubgraphs ?? config.embedded;
  if (!host && !options.runtime) requireSharedServices(config, 'a gateway calling subgraphs over HTTP');
  const runtime =
    options.runtime ??
    (await createRuntime(config, { database: host, serviceUrls: host ? undefined : remote, logger: options.logger }));
  const log = runtime.log.child({ component: 'gateway' });

  const subgraphs = new Map<string, SubgraphInstance>();
  if (host) {
    for (const [name, factory] of Object.entries(SUBGRAPH_FACTORIES)) {
      subgraphs.set(name, await factory(runtime));
    }
  }

  const identity = new IdentityResolver(runtime.tokens, runtime.revocations, runtime.internal, runtime.pubsub, config.IDENTITY_CACHE_MS);
  await identity.start();
  const catalogueCache = new CatalogueCache({ ttlMs: config.CATALOGUE_CACHE_MS, pubsub: runtime.pubsub, metrics: runtime.metrics });
  await catalogueCache.start();
  // The flash-sale gate asks the cart's full-class marks: none without them (CLASS_FULL_CACHE_MS=0).
  const gate =
    config.CLASS_FULL_CACHE_MS > 0
      ? new FlashSaleGate({
          schema: buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8')),
          validationRules: securityLimits(config).validationRules as ValidationRule[],
          maxTokens: config.MAX_TOKENS,
          internal: runtime.internal,
          ttlMs: config.CLASS_FULL_CACHE_MS,
          metrics: runtime.metrics,
          log,
        })
      : undefined;
  const plugins = [catalogueCache.plugin(), ...(gate ? [gate.plugin()] : [])];
  const apollo = await createGatewayServer({ config, log, metrics: runtime.metrics, local: subgraphs, remote, plugins });
  const server = createGatewayHttpServer({
    runtime,
    apollo,
    identity,
    gate,
    log,
    readiness: async () => {
      if (host || !remote) return;
      await Promise.all(
        Object.entries(remote).map(async ([name, base]) => {
          const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
          if (!res.ok) throw new Error(`subgraph ${name} not ready`);
        }),
      );
    },
  });
  const subscriptions = attachSubscriptions({ server, apollo, identity, runtime, log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.PORT, host: config.HOST, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  log.info({ url, mode: host ? 'embedded' : 'distributed', subgraphs: host ? [...subgraphs.keys()] : Object.keys(remote ?? {}) }, 'gateway listening');

  return {
    url,
    runtime,
    server,
    subgraphs,
    close: async () => {
      await subscriptions.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await catalogueCache.stop();
      await identity.stop();
      for (const instance of subgraphs.values()) await instance.stop();
      if (!options.runtime) await runtime.close();
    },
  };
}
