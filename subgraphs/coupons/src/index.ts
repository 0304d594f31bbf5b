import { fileURLToPath } from 'node:url';

export { COUPONS, createCouponsSubgraph } from './subgraph.js';
export { CouponEvents, type CouponUsesPayload } from './events/types.js';
export { CouponInvalidReason } from './domain/evaluation.js';

/** The coupons service's Postgres schema and its drizzle-kit migrations, applied by the platform's migrate(). */
export const COUPONS_SCHEMA = 'coupons';
export const couponsMigrations = fileURLToPath(new URL('./db/migrations', import.meta.url));
