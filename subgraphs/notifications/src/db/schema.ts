import { pgSchema } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The notifications service's own Postgres schema; no other service reads or writes it. */
export const notificationsSchema = pgSchema('notifications');

export const { outbox, inbox } = messagingTables(notificationsSchema);
