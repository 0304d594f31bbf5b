import { pgSchema } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The coupons service's own Postgres schema; no other service reads or writes it. */
export const couponsSchema = pgSchema('coupons');

export const { outbox, inbox } = messagingTables(couponsSchema);
