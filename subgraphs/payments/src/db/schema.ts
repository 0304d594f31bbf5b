import { pgSchema } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The payments service's own Postgres schema; no other service reads or writes it. */
export const paymentsSchema = pgSchema('payments');

export const { outbox, inbox } = messagingTables(paymentsSchema);
