import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/database.js';
import { Statement } from '../db/statement.js';
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
 *
 * `concerns`, when set, says which events of the type the handler acts on at all (e.g. only an
 * order status change to CANCELED); the others are acknowledged at once, with no transaction
 * and no inbox row: they change nothing, so there is nothing to apply once. See {@link handleWhen}.
 */
export type InboxHandler = ((tx: Tx, event: EventEnvelope<any>) => Promise<void | 'stale'>) & {
  concerns?: (event: EventEnvelope<any>) => boolean;
};

/**
 * A handler for the events of its type whose payload `concerns` accepts. A busy type such as
 * OrderStatusChanged reaches every consumer on every move of every order; most consumers act on
 * one or two statuses, and skipping the rest saves each of them a transaction per event.
 */
export function handleWhen<P>(
  concerns: (payload: P) => boolean,
  apply: (tx: Tx, event: EventEnvelope<P>) => Promise<void | 'stale'>,
): InboxHandler {
  return Object.assign((tx: Tx, event: EventEnvelope<any>) => apply(tx, event), {
    concerns: (event: EventEnvelope<any>) => concerns(event.payload as P),
  });
}

export interface ConsumerOptions {
  /** Consumer group and inbox key, e.g. `orders` or `orders.payments`. */
  consumer: string;
  database: Database;
  inbox: InboxTable;
  bus: EventBus;
  handlers: Record<string, InboxHandler>;
  registry?: EventRegistry;
  /**
   * The consumer's own outbox (on the same database), for handlers that emit events: the inbox
   * transaction is then the outbox's, which publishes what it added right after commit.
   */
  outbox?: Outbox;
  /** Runs after an applied event's transaction committed (e.g. live fan-out); failures are logged only. */
  onApplied?: (event: EventEnvelope<any>) => Promise<void>;
  log: Logger;
  metrics?: Metrics;
}

/** `ignored`: the event's type is not handled, or its handler is not concerned with this one. */
export type HandleOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored';

/**
 * Exactly-once effects over at-least-once delivery (M4): the event id is inserted into the
 * inbox in the same transaction as the handler's writes. A redelivered event finds its id and is
 * skipped; a handler that throws rolls back its inbox row too, so the redelivery applies it.
 */
export function inboxHandler(options: ConsumerOptions): (raw: EventEnvelope) => Promise<HandleOutcome> {
  const { consumer, database, inbox, handlers, registry, outbox, metrics, onApplied, log } = options;
  const inTransaction = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => (outbox ? outbox.transaction(fn) : database.db.transaction(fn));
  // Every event a consumer handles writes its inbox row first: the SQL is built once.
  const claim = new Statement((db) =>
    db
      .insert(inbox)
      .values({ consumer, eventId: sql`${sql.placeholder('eventId')}`, type: sql`${sql.placeholder('type')}` })
      .onConflictDoNothing()
      .returning({ eventId: inbox.eventId }),
  );
  return async (raw) => {
    const event = registry ? registry.upcast(raw) : raw;
    const handler = handlers[event.type];
    if (!handler || (handler.concerns && !handler.concerns(event))) {
      metrics?.eventsHandled.inc({ consumer, type: event.type, outcome: 'ignored' });
      return 'ignored';
    }
    try {
      const outcome = await inTransaction(async (tx): Promise<HandleOutcome> => {
        const fresh = await claim.run(tx, { eventId: event.id, type: event.type });
        if (fresh.length === 0) return 'duplicate';
        return (await handler(tx, event)) === 'stale' ? 'stale' : 'applied';
      });
      metrics?.eventsHandled.inc({ consumer, type: event.type, outcome });
      if (outcome === 'applied') {
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
