import { fileURLToPath } from 'node:url';

export { ORDERS, createOrdersSubgraph } from './subgraph.js';
export { newOrderId, nodePartOf } from './domain/ids.js';

/** The orders service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const ORDERS_SCHEMA = 'orders';
export const ordersMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
