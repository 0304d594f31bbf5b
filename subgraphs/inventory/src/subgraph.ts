import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import {
  AccountOps,
  CATALOGUE_CHANGED_CHANNEL,
  CartOps,
  subgraphSchema,
  startServiceJob,
  Services,
  startConsumer,
  startService,
  type EventEnvelope,
  type OrderStatusChangedPayload,
  type Runtime,
  type SubgraphInstance,
  type SwimmerRef,
} from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { BookingService } from './domain/booking.js';
import { CatalogueService } from './domain/catalogue.js';
import { ClassService } from './domain/classes.js';
import { RegistrationService } from './domain/registrations.js';
import { SeatLedger } from './domain/seats.js';
import { WaitlistService } from './domain/waitlist.js';
import { inventoryHandlers } from './events/handlers.js';
import { ConsumedEvents, defineInventoryEvents } from './events/types.js';
import { inventoryInternal } from './internal.js';
import { inventoryResolvers } from './resolvers/index.js';

export const INVENTORY = 'inventory';
export const inventoryTypeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The inventory subgraph on a runtime: migrates its schema, starts its outbox relay, its inbox
 * consumer (orders cancelled after payment) and its jobs (lapsed waitlist offers, orphaned holds),
 * and returns the executable schema (catalogue, shelf, stock, classes, registrations, waitlist)
 * with the internal operations of contracts/inventory.ts.
 */
export async function createInventorySubgraph(runtime: Runtime): Promise<SubgraphInstance> {
  const base = await startService(runtime, INVENTORY, migrationsFolder, { outbox, inbox });
  defineInventoryEvents(runtime.events);
  const { config } = runtime;
  const db = base.database.db;
  const catalogue = new CatalogueService(db);
  const classes = new ClassService(db);
  const seats = new SeatLedger({ outbox: base.outbox, pubsub: runtime.pubsub, log: base.log, waitlistHoldMs: config.WAITLIST_HOLD_MS });
  const registrations = new RegistrationService({
    db,
    outbox: base.outbox,
    seats,
    cartStates: (cartIds) => runtime.internal.call(Services.cart, CartOps.states, { cartIds }),
    reconcileAfterMs: config.RECONCILE_AFTER_MS,
  });
  const waitlist = new WaitlistService({ db, seats });
  const schema = subgraphSchema(
    inventoryTypeDefs,
    inventoryResolvers({
      catalogue,
      classes,
      registrations,
      waitlist,
      swimmerOf: (accountId, swimmerId) => runtime.internal.call<SwimmerRef | null>(Services.accounts, AccountOps.swimmer, { accountId, swimmerId }),
    }),
  );

  const consumer = await startConsumer({
    consumer: INVENTORY,
    database: base.database,
    inbox,
    bus: runtime.bus,
    handlers: inventoryHandlers(registrations),
    registry: runtime.events,
    outbox: base.outbox,
    log: base.log,
    metrics: runtime.metrics,
    onApplied: async (event: EventEnvelope<OrderStatusChangedPayload>) => {
      if (event.type !== ConsumedEvents.OrderStatusChanged || event.payload.to !== 'CANCELED') return;
      await seats.announce(await seats.current(db, await registrations.classIdsOfOrder(event.payload.orderId)));
    },
  });
  // Bookings, releases and seat changes reach the catalogue; webhooks and jobs cause them with no
  // gateway mutation to drop the gateways' cached catalogue reads, so inventory tells them itself.
  base.outbox.onPublished(() => {
    runtime.pubsub.publish(CATALOGUE_CHANGED_CHANNEL, '1').catch((err: unknown) => base.log.warn({ err }, 'catalogue change not announced'));
  });
  const jobs = [
    startServiceJob(runtime, base.log, 'inventory.waitlist', () => registrations.lapseOffers()),
    startServiceJob(runtime, base.log, 'inventory.orphans', () => registrations.releaseOrphans()),
  ];

  const internal = inventoryInternal({ bookings: new BookingService({ db, outbox: base.outbox, log: base.log }), catalogue, classes, registrations });
  runtime.localInternal?.register(INVENTORY, internal);
  return {
    name: INVENTORY,
    schema,
    internal,
    stop: async () => {
      await Promise.all(jobs.map((j) => j.stop()));
      await consumer.close();
      await base.outbox.stop();
    },
  };
}
