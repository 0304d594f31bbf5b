import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { subgraphSchema, startConsumer, startService, type Runtime, type SubgraphInstance } from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { CouponService } from './domain/coupons.js';
import { CouponUseService } from './domain/uses.js';
import { couponHandlers } from './events/handlers.js';
import { defineCouponEvents } from './events/types.js';
import { couponsInternal } from './internal.js';
import { couponResolvers } from './resolvers/index.js';

export const COUPONS = 'coupons';
export const couponsTypeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The coupons subgraph on a runtime (S3, M11): migrates its schema, starts its outbox relay and
 * its consumer of order status changes, and returns the executable schema (coupons, wallets)
 * with the evaluate / applicable / reserve / consume / release operations.
 */
export async function createCouponsSubgraph(runtime: Runtime): Promise<SubgraphInstance> {
  const base = await startService(runtime, COUPONS, migrationsFolder, { outbox, inbox });
  defineCouponEvents(runtime.events);
  const db = base.database.db;
  const shopCurrency = runtime.config.SHOP_CURRENCY;
  const coupons = new CouponService({ db, shopCurrency });
  const uses = new CouponUseService({ db, outbox: base.outbox, log: base.log, shopCurrency });
  const consumer = await startConsumer({
    consumer: COUPONS,
    database: base.database,
    inbox,
    bus: runtime.bus,
    handlers: couponHandlers(uses),
    registry: runtime.events,
    outbox: base.outbox,
    log: base.log,
    metrics: runtime.metrics,
  });
  const internal = couponsInternal(uses);
  runtime.localInternal?.register(COUPONS, internal);
  return {
    name: COUPONS,
    schema: subgraphSchema(couponsTypeDefs, couponResolvers(coupons)),
    internal,
    stop: async () => {
      await consumer.close();
      await base.outbox.stop();
    },
  };
}
