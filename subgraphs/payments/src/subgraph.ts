import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { loadPaymentMethods, subgraphSchema, startConsumer, startService, type PaymentWebhookResult, type Runtime, type SubgraphInstance } from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { PaymentService } from './domain/payments.js';
import { Ports } from './domain/ports.js';
import { SimulatedProvider } from './domain/provider.js';
import { RefundService } from './domain/refunds.js';
import { WalletService } from './domain/wallet.js';
import { WebhookService, webhookCounter } from './domain/webhooks.js';
import { paymentHandlers } from './events/handlers.js';
import { definePaymentEvents } from './events/types.js';
import { paymentsInternal } from './internal.js';
import { paymentResolvers } from './resolvers/index.js';

export const PAYMENTS = 'payments';
const typeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The payments subgraph on a runtime (S5–S7, S9, M2, M4, M7, L1, L7): migrates its schema,
 * starts its outbox relay, the simulated provider and the rebate consumer, and returns the
 * executable schema (payment methods, pay, refunds, wallet) with the internal operations
 * (walletBalance, refund, webhook).
 */
export async function createPaymentsSubgraph(runtime: Runtime): Promise<SubgraphInstance> {
  const { config } = runtime;
  const methods = loadPaymentMethods(config.PAYMENT_METHODS);
  const base = await startService(runtime, PAYMENTS, migrationsFolder, { outbox, inbox });
  definePaymentEvents(runtime.events);
  const db = base.database.db;
  const ports = new Ports(runtime.internal);
  const wallet = new WalletService({ db, currency: config.SHOP_CURRENCY, ports, rebateBasisPoints: config.REBATE_BASIS_POINTS, log: base.log });
  // The provider answers through the webhook handler, which is built on the services that use the provider.
  const provider = new SimulatedProvider({
    mode: config.PAYMENT_PROVIDER_MODE,
    delayMs: config.PAYMENT_AUTO_DELAY_MS,
    secret: config.PAYMENT_WEBHOOK_SECRET,
    deliver: (input): Promise<PaymentWebhookResult> => webhooks.handle(input),
    log: base.log.child({ component: 'simulated-provider' }),
  });
  const refunds = new RefundService({ db, outbox: base.outbox, ports, wallet, provider });
  const payments = new PaymentService({ db, outbox: base.outbox, ports, wallet, provider, methods });
  const webhooks = new WebhookService({
    outbox: base.outbox,
    refunds,
    secret: config.PAYMENT_WEBHOOK_SECRET,
    log: base.log.child({ component: 'webhooks' }),
    counter: webhookCounter(runtime.metrics.registry),
  });
  const consumer = await startConsumer({
    consumer: PAYMENTS,
    database: base.database,
    inbox,
    bus: runtime.bus,
    handlers: paymentHandlers(wallet),
    registry: runtime.events,
    log: base.log,
    metrics: runtime.metrics,
  });

  const internal = paymentsInternal({ wallet, refunds, webhooks, payments });
  runtime.localInternal?.register(PAYMENTS, internal);
  return {
    name: PAYMENTS,
    schema: subgraphSchema(typeDefs, paymentResolvers({ payments, refunds, wallet })),
    internal,
    stop: async () => {
      await provider.stop();
      await consumer.close();
      await base.outbox.stop();
    },
  };
}
