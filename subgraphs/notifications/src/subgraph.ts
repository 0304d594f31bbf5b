import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { LiveChannels, subgraphSchema, startConsumer, startService, type Runtime, type SubgraphInstance } from '@shop/platform';
import { inbox, outbox } from './db/schema.js';
import { DeliveryWorker } from './domain/delivery.js';
import { NotificationService } from './domain/notifications.js';
import { SimulatedMailSender, SimulatedSmsSender } from './domain/senders.js';
import { notificationHandlers } from './events/handlers.js';
import { notificationsInternal } from './internal.js';
import { notificationResolvers } from './resolvers/index.js';

export const NOTIFICATIONS = 'notifications';
const typeDefs = parse(readFileSync(fileURLToPath(new URL('./schema.graphql', import.meta.url)), 'utf8'));
const migrationsFolder = fileURLToPath(new URL('./db/migrations', import.meta.url));

/**
 * The notifications subgraph on a runtime (S11, M11): consumes account, order, refund and class
 * events through its inbox, writes one notification per event with the account's next seq,
 * delivers it on the account's channels, and announces it on pub/sub for live subscribers.
 */
export async function createNotificationsSubgraph(runtime: Runtime): Promise<SubgraphInstance> {
  const base = await startService(runtime, NOTIFICATIONS, migrationsFolder, { outbox, inbox });
  const service = new NotificationService(base.database.db);
  const worker = new DeliveryWorker({
    database: base.database,
    senders: [new SimulatedMailSender(), new SimulatedSmsSender()],
    log: base.log,
    retryBaseMs: runtime.config.NOTIFY_RETRY_BASE_MS,
    maxAttempts: runtime.config.NOTIFY_MAX_ATTEMPTS,
    pollMs: runtime.config.NOTIFY_POLL_MS,
  });
  worker.start();
  const consumer = await startConsumer({
    consumer: NOTIFICATIONS,
    database: base.database,
    inbox,
    bus: runtime.bus,
    handlers: notificationHandlers(service),
    registry: runtime.events,
    log: base.log,
    metrics: runtime.metrics,
    onApplied: async (event) => {
      const created = await service.bySourceEvent(event.id);
      if (created.length > 0) worker.poke();
      for (const n of created) {
        await runtime.pubsub.publish(LiveChannels.notifications(n.accountId), JSON.stringify({ id: n.id, seq: n.seq }));
      }
    },
  });
  const internal = notificationsInternal(service);
  runtime.localInternal?.register(NOTIFICATIONS, internal);
  return {
    name: NOTIFICATIONS,
    schema: subgraphSchema(typeDefs, notificationResolvers(service)),
    internal,
    stop: async () => {
      await consumer.close();
      await worker.stop();
      await base.outbox.stop();
    },
  };
}
