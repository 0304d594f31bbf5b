import { fileURLToPath } from 'node:url';

export { CART, createCartSubgraph, type CartSubgraph } from './subgraph.js';
export type { CartJobs } from './domain/jobs.js';

/** The cart service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const CART_SCHEMA = 'cart';
export const cartMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
