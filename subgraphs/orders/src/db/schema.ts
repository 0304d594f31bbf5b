import { pgSchema } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The orders service's own Postgres schema; no other service reads or writes it. */
export const ordersSchema = pgSchema('orders');

export const { outbox, inbox } = messagingTables(ordersSchema);
