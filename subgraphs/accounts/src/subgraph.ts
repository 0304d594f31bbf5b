import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { subgraphSchema, startService, type Runtime, type SubgraphInstance } from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { AccountService } from './domain/accounts.js';
import { defineAccountEvents } from './events/types.js';
import { accountResolvers } from './resolvers/index.js';
import { accountsInternal } from './internal.js';

export const ACCOUNTS = 'accounts';
export const accountsTypeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The accounts subgraph on a runtime: migrates its schema, starts its outbox relay, makes sure
 * the bootstrap admin exists, and returns the executable schema with its internal operations.
 */
export async function createAccountsSubgraph(runtime: Runtime): Promise<SubgraphInstance> {
  const base = await startService(runtime, ACCOUNTS, migrationsFolder, { outbox, inbox });
  defineAccountEvents(runtime.events);
  const service = new AccountService({
    db: base.database.db,
    outbox: base.outbox,
    tokens: runtime.tokens,
    revocations: runtime.revocations,
    rateLimiter: runtime.rateLimiter,
    pubsub: runtime.pubsub,
    log: base.log,
    blacklist: {
      regions: runtime.config.ADDRESS_BLACKLIST_REGIONS,
      postalCodes: runtime.config.ADDRESS_BLACKLIST_POSTAL_CODES,
    },
  });
  await service.ensureAdmin(runtime.config.ADMIN_EMAIL, runtime.config.ADMIN_PASSWORD);
  const schema = subgraphSchema(accountsTypeDefs, accountResolvers(service));
  const internal = accountsInternal(service);
  runtime.localInternal?.register(ACCOUNTS, internal);
  return {
    name: ACCOUNTS,
    schema,
    internal,
    stop: () => base.outbox.stop(),
  };
}
