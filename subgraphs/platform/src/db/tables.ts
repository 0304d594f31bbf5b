import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uuid,
  type PgSchema,
} from 'drizzle-orm/pg-core';

/**
 * The transactional outbox of one service (M1): an event row is inserted in the same
 * transaction as the aggregate change it describes, and the relay publishes it afterwards.
 */
export function outboxTable<S extends string>(schema: PgSchema<S>) {
  return schema.table(
    'outbox',
    {
      seq: bigserial('seq', { mode: 'number' }).primaryKey(),
      id: uuid('id').notNull().unique(),
      type: text('type').notNull(),
      version: integer('version').notNull(),
      aggregateId: text('aggregate_id').notNull(),
      aggregateVersion: integer('aggregate_version').notNull(),
      nodeId: text('node_id').notNull(),
      occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'string' }).notNull(),
      payload: jsonb('payload').notNull(),
      publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
    },
    (t) => [index('outbox_unpublished_idx').on(t.seq).where(sql`${t.publishedAt} is null`)],
  );
}

/**
 * The inbox of one service (M4): ids of events a consumer has applied, written in the same
 * transaction as the effect, so a redelivered event is recognised and skipped.
 */
export function inboxTable<S extends string>(schema: PgSchema<S>) {
  return schema.table(
    'inbox',
    {
      consumer: text('consumer').notNull(),
      eventId: uuid('event_id').notNull(),
      type: text('type').notNull(),
      handledAt: timestamp('handled_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
  );
}

export type OutboxTable = ReturnType<typeof outboxTable>;
export type InboxTable = ReturnType<typeof inboxTable>;
