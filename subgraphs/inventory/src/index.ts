import { fileURLToPath } from 'node:url';

export { INVENTORY, createInventorySubgraph } from './subgraph.js';
export { InventoryEvents } from './events/types.js';
export type { BookInput, Booking, BookingStatus } from './domain/booking.js';

/** The inventory service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const INVENTORY_SCHEMA = 'inventory';
export const inventoryMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
