import { fileURLToPath } from 'node:url';

export { PAYMENTS, createPaymentsSubgraph } from './subgraph.js';

/** The payments service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const PAYMENTS_SCHEMA = 'payments';
export const paymentsMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
