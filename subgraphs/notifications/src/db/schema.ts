import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The notifications service's own Postgres schema; no other service reads or writes it. */
export const notificationsSchema = pgSchema('notifications');

/**
 * What this service knows of each account, kept from AccountRegistered/AccountUpdated events
 * (no reads of the accounts service): where and in which language to write. `version` is the
 * account's aggregate version, so an older event arriving late changes nothing (M2).
 */
export const recipients = notificationsSchema.table('recipients', {
  accountId: uuid('account_id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  phone: text('phone'),
  channels: text('channels').array().notNull(),
  locale: text('locale').notNull(),
  version: integer('version').notNull(),
  /** Last seq handed out to this account's notifications. */
  lastSeq: integer('last_seq').notNull().default(0),
});

export const notifications = notificationsSchema.table(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    orderId: text('order_id'),
    /** The event this notification came from: one notification per event and kind. */
    sourceEventId: uuid('source_event_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    unique('notifications_account_seq_unique').on(t.accountId, t.seq),
    unique('notifications_source_unique').on(t.sourceEventId, t.kind),
    index('notifications_unread_idx').on(t.accountId, t.seq).where(sql`${t.readAt} is null`),
  ],
);

export const deliveries = notificationsSchema.table(
  'deliveries',
  {
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    /** Email address or phone number at the time of writing. */
    address: text('address').notNull(),
    status: text('status').notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.channel] }),
    check('deliveries_status_check', sql`${t.status} in ('PENDING', 'SENT', 'FAILED')`),
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`),
  ],
);

export const { outbox, inbox } = messagingTables(notificationsSchema);

export type NotificationRow = typeof notifications.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type RecipientRow = typeof recipients.$inferSelect;
