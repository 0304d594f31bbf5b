import { fileURLToPath } from 'node:url';

export { PAYMENTS, createPaymentsSubgraph } from './subgraph.js';
export { signWebhook, verifyWebhookSignature } from './domain/signature.js';
export { SIMULATED_DECLINE_AMOUNT } from './domain/provider.js';

/** The payments service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const PAYMENTS_SCHEMA = 'payments';
export const paymentsMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
