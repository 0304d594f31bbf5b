import { pgSchema } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The cart service's own Postgres schema; no other service reads or writes it. */
export const cartSchema = pgSchema('cart');

export const { outbox, inbox } = messagingTables(cartSchema);
