import type { Database, Tx } from '../db/database.js';
import type { InboxTable } from '../db/tables.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { EventRegistry } from '../events/registry.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Outbox } from './outbox.js';
import type { BusSubscription, EventBus } from './types.js';

/**
 * Applies one event inside the consumer's transaction. Return `'stale'` when the aggregate has
 * already moved past the event (M2): it is recorded as handled and nothing else changes.
 */
export type InboxHandler = (tx: Tx, event: EventEnvelope<any>) => Promise<void | 'stale'>;

export interface ConsumerOptions {
  /** Consumer group and inbox key, e.g. `orders` or `orders.payments`. */
  consumer: string;
  database: Database;
  inbox: InboxTable;
  bus: EventBus;
  handlers: Record<string, InboxHandler>;
  registry?: EventRegistry;
  /** Poked after each applied event, for handlers that emit events of their own. */
  outbox?: Outbox;
  /** Runs after an applied event's transaction committed (e.g. live fan-out); failures are logged only. */
  onApplied?: (event: EventEnvelope<any>) => Promise<void>;
  log: Logger;
  metrics?: Metrics;
}

export type HandleOutcome = 'applied' | 'duplicate' | 'stale';

/**
 * Exactly-once effects over at-least-once delivery (M4): the event id is inserted into the
 * inbox in the same transaction as the handler's writes. A redelivered event finds its id and is
 * skipped; a handler that throws rolls back its inbox row too, so the redelivery applies it.
 */
export function inboxHandler(options: ConsumerOptions): (raw: EventEnvelope) => Promise<HandleOutcome> {
  const { consumer, database, inbox, handlers, registry, outbox, metrics, onApplied, log } = options;
  return async (raw) => {
    const event = registry ? registry.upcast(raw) : raw;
    const handler = handlers[event.type];
    if (!handler) return 'duplicate';
    try {
      const outcome = await database.db.transaction(async (tx): Promise<HandleOutcome> => {
        const fresh = await tx
          .insert(inbox)
          .values({ consumer, eventId: event.id, type: event.type })
          .onConflictDoNothing()
          .returning({ eventId: inbox.eventId });
        if (fresh.length === 0) return 'duplicate';
        return (await handler(tx, event)) === 'stale' ? 'stale' : 'applied';
      });
      metrics?.eventsHandled.inc({ consumer, type: event.type, outcome });
      if (outcome === 'applied') {
        outbox?.poke();
        await onApplied?.(event).catch((err: unknown) => log.warn({ err, consumer, eventId: event.id }, 'after-commit step failed'));
      }
      return outcome;
    } catch (err) {
      metrics?.eventsHandled.inc({ consumer, type: event.type, outcome: 'failed' });
      throw err;
    }
  };
}

/** Subscribes an inbox-backed consumer to the bus for every type it has a handler for. */
export function startConsumer(options: ConsumerOptions): Promise<BusSubscription> {
  const handle = inboxHandler(options);
  return options.bus.subscribe({
    group: options.consumer,
    types: Object.keys(options.handlers),
    handler: async (event) => {
      await handle(event);
    },
  });
}
