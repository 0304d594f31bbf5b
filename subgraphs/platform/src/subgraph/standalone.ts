import { ConfigError, loadConfig, requireSharedServices } from '../config.js';
import { createRuntime } from '../runtime.js';
import type { SubgraphFactory } from './instance.js';
import { serveSubgraph } from './server.js';

/**
 * Entry point of a subgraph running as its own process (distributed mode): config, runtime,
 * the subgraph, an HTTP server on PORT (or `defaultPort`), and a clean stop on SIGTERM/SIGINT.
 * Internal calls to other services go to SUBGRAPH_URLS.
 */
export async function runStandalone(factory: SubgraphFactory, defaultPort: number): Promise<void> {
  let config;
  try {
    config = loadConfig({ ...process.env, PORT: process.env.PORT ?? String(defaultPort) });
    requireSharedServices(config, 'a subgraph running on its own');
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const runtime = await createRuntime(config, { serviceUrls: config.SUBGRAPH_URLS });
  const instance = await factory(runtime);
  const server = await serveSubgraph(instance, runtime, config.PORT);
  const stop = async (signal: string) => {
    runtime.log.info({ signal }, 'stopping');
    await server.close();
    await instance.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
