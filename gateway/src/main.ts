import { ConfigError, loadConfig } from '@shop/platform';
import { startGateway } from './system.js';

process.env.APOLLO_TELEMETRY_DISABLED ??= '1';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

let gateway;
try {
  gateway = await startGateway({ config });
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
if (config.insecureDefaults.length > 0) {
  gateway.runtime.log.warn({ variables: config.insecureDefaults }, 'running with development defaults for secrets; set them before exposing this server');
}
console.log(`Shop gateway ready at ${gateway.url}/graphql (${config.embedded ? `embedded, data in ${config.DATABASE_URL ? 'Postgres' : config.DATA_DIR}` : 'distributed'})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    gateway.runtime.log.info({ signal }, 'stopping');
    await gateway.close();
    process.exit(0);
  });
}
