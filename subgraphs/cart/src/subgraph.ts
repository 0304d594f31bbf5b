import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { subgraphSchema, startConsumer, startService, type Runtime, type SubgraphInstance } from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { CartService } from './domain/carts.js';
import { cartJobs, type CartJobs } from './domain/jobs.js';
import { CurrencyConverter } from './domain/money.js';
import { CartPricer } from './domain/pricer.js';
import { PromotionService } from './domain/promotions.js';
import { afterCartEvent, cartHandlers } from './events/handlers.js';
import { defineCartEvents } from './events/types.js';
import { cartInternal } from './internal.js';
import { cartResolvers } from './resolvers/index.js';

export const CART = 'cart';
export const cartTypeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/** The cart subgraph with handles tests and tools use: its jobs (`runOnce()`) and its cart service. */
export interface CartSubgraph extends SubgraphInstance {
  readonly jobs: CartJobs;
  readonly carts: CartService;
}

/**
 * The cart subgraph on a runtime (MISSION C2–C5, S2, S6, M12): migrates its schema, starts its
 * outbox relay, its consumer of order status changes and waitlist offers, and its leased expiry
 * and recovery jobs, and returns the executable schema with the internal operations checkout uses.
 */
export async function createCartSubgraph(runtime: Runtime): Promise<CartSubgraph> {
  const base = await startService(runtime, CART, migrationsFolder, { outbox, inbox });
  defineCartEvents(runtime.events);
  const { config } = runtime;
  const db = base.database.db;
  const converter = new CurrencyConverter(config.SHOP_CURRENCY, config.CURRENCY_RATES);
  const promotions = new PromotionService(db);
  const carts = new CartService({
    db,
    outbox: base.outbox,
    internal: runtime.internal,
    log: base.log,
    metrics: runtime.metrics,
    limits: { maxLines: config.MAX_CART_LINES, maxQuantity: config.MAX_LINE_QUANTITY, holdMs: config.CART_HOLD_MS, fullClassMs: config.CLASS_FULL_CACHE_MS },
  });
  const pricer = new CartPricer({ internal: runtime.internal, promotions, converter });
  const consumer = await startConsumer({
    consumer: CART,
    database: base.database,
    inbox,
    bus: runtime.bus,
    handlers: cartHandlers(carts),
    registry: runtime.events,
    outbox: base.outbox,
    log: base.log,
    metrics: runtime.metrics,
    onApplied: (event) => afterCartEvent(carts, event),
  });
  const jobs = cartJobs(runtime, carts, base.log);
  jobs.expiry.start();
  jobs.recovery.start();
  const internal = cartInternal({ carts, pricer });
  runtime.localInternal?.register(CART, internal);
  return {
    name: CART,
    schema: subgraphSchema(cartTypeDefs, cartResolvers({ carts, pricer, promotions, converter })),
    internal,
    jobs,
    carts,
    stop: async () => {
      await jobs.expiry.stop();
      await jobs.recovery.stop();
      await consumer.close();
      await base.outbox.stop();
    },
  };
}
