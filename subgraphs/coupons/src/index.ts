import { fileURLToPath } from 'node:url';

/** The coupons service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const COUPONS_SCHEMA = 'coupons';
export const couponsMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
