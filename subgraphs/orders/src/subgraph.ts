import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { loadPaymentMethods, subgraphSchema, startConsumer, startService, startServiceJob, type JobReport, type LeasedJob, type Runtime, type SubgraphInstance } from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { CheckoutService } from './domain/checkout.js';
import { OrderCommands } from './domain/commands.js';
import { FollowupDriver } from './domain/followup.js';
import { LogisticsJob, ReconcilerJob, TimeoutJob } from './domain/jobs.js';
import { OrderMetrics } from './domain/metrics.js';
import { OrderStore } from './domain/store.js';
import { OrderUpdates } from './domain/updates.js';
import { orderHandlers } from './events/handlers.js';
import { defineOrderEvents } from './events/types.js';
import { ordersInternal } from './internal.js';
import { orderResolvers } from './resolvers/index.js';

export const ORDERS = 'orders';

/** The orders subgraph, with its background jobs (tests run a pass on demand with `runOnce`). */
export interface OrdersSubgraph extends SubgraphInstance {
  readonly jobs: { timeouts: LeasedJob; logistics: LeasedJob; reconciler: LeasedJob };
}
const typeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The orders subgraph on a runtime: migrates its schema, starts its outbox relay, the saga's
 * consumer (payments, stock, cart and class events), the follow-up driver and the leased jobs
 * (timeouts, logistics, reconciler), and returns the executable schema with the `summary`
 * operation payments relies on.
 */
export async function createOrdersSubgraph(runtime: Runtime): Promise<OrdersSubgraph> {
  const base = await startService(runtime, ORDERS, migrationsFolder, { outbox, inbox });
  defineOrderEvents(runtime.events);
  const { config } = runtime;
  const db = base.database.db;
  const metrics = new OrderMetrics(runtime.metrics.registry);
  const store = new OrderStore(db, base.outbox);
  const updates = new OrderUpdates({ store, outbox: base.outbox, pubsub: runtime.pubsub, metrics, log: base.log });
  const lease = { leases: runtime.leases, nodeId: runtime.nodeId, leaseMs: config.JOB_LEASE_MS };
  const driver = new FollowupDriver({ db, store, updates, internal: runtime.internal, log: base.log, ...lease });
  updates.onFollowup = (orderId) => driver.kick(orderId);
  driver.start();

  const consumer = await startConsumer({
    consumer: ORDERS,
    database: base.database,
    inbox,
    bus: runtime.bus,
    handlers: orderHandlers(store),
    registry: runtime.events,
    outbox: base.outbox,
    log: base.log,
    metrics: runtime.metrics,
    onApplied: async (event) => {
      await updates.announce(await store.statusChangesBy(event.id));
      const orderId = (event.payload as { orderId?: string | null }).orderId;
      const order = orderId ? await store.byId(orderId) : null;
      if (order?.needsFollowup) driver.kick(order.id);
    },
  });

  const checkout = new CheckoutService({
    db,
    store,
    updates,
    internal: runtime.internal,
    methods: loadPaymentMethods(config.PAYMENT_METHODS),
    nodeId: runtime.nodeId,
    metrics,
    log: base.log,
  });
  const commands = new OrderCommands({ store, updates, checkout, internal: runtime.internal });

  const job = (name: string, run: () => Promise<JobReport>) => startServiceJob(runtime, base.log, name, run);
  const timeouts = new TimeoutJob({ db, updates });
  const logistics = new LogisticsJob({ db, updates, delayMs: config.LOGISTICS_DELAY_MS });
  const reconciler = new ReconcilerJob({ db, driver, internal: runtime.internal, afterMs: config.RECONCILE_AFTER_MS, log: base.log, ...lease });
  const jobs = {
    timeouts: job('orders.timeouts', () => timeouts.run()),
    logistics: job('orders.logistics', () => logistics.run()),
    reconciler: job('orders.reconciler', () => reconciler.run()),
  };

  const internal = ordersInternal(store);
  runtime.localInternal?.register(ORDERS, internal);
  return {
    name: ORDERS,
    schema: subgraphSchema(typeDefs, orderResolvers(store, commands)),
    internal,
    jobs,
    stop: async () => {
      await Promise.all(Object.values(jobs).map((j) => j.stop()));
      await consumer.close();
      await driver.stop();
      await base.outbox.stop();
    },
  };
}
