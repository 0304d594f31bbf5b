import { pgSchema } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The inventory service's own Postgres schema; no other service reads or writes it. */
export const inventorySchema = pgSchema('inventory');

export const { outbox, inbox } = messagingTables(inventorySchema);
