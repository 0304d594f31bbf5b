import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { startService, type Runtime, type SubgraphInstance } from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { BookingService } from './domain/booking.js';
import { CatalogueService } from './domain/catalogue.js';
import { ClassService } from './domain/classes.js';
import { defineInventoryEvents } from './events/types.js';
import { inventoryInternal } from './internal.js';
import { inventoryResolvers } from './resolvers/index.js';

export const INVENTORY = 'inventory';
export const inventoryTypeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The inventory subgraph on a runtime: migrates its schema, starts its outbox relay, and returns
 * the executable schema (catalogue, shelf, stock, classes) with the booking operations.
 */
export async function createInventorySubgraph(runtime: Runtime): Promise<SubgraphInstance> {
  const base = await startService(runtime, INVENTORY, migrationsFolder, { outbox, inbox });
  defineInventoryEvents(runtime.events);
  const db = base.database.db;
  const catalogue = new CatalogueService(db);
  const classes = new ClassService(db);
  const schema = buildSubgraphSchema({
    typeDefs: inventoryTypeDefs,
    resolvers: inventoryResolvers(catalogue, classes) as GraphQLResolverMap<unknown>,
  });
  const internal = inventoryInternal({ bookings: new BookingService({ db, outbox: base.outbox, log: base.log }), catalogue, classes });
  runtime.localInternal?.register(INVENTORY, internal);
  return {
    name: INVENTORY,
    schema,
    internal,
    stop: () => base.outbox.stop(),
  };
}
