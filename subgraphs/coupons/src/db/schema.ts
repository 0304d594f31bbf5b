import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The coupons service's own Postgres schema; no other service reads or writes it. */
export const couponsSchema = pgSchema('coupons');

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * A promo code (S3, M11). `uses_remaining` is null for a coupon without a total limit; when it is
 * set, every use is taken by a conditional decrement that the CHECK keeps from going below zero,
 * whatever the interleaving of checkouts.
 */
export const coupons = couponsSchema.table(
  'coupons',
  {
    id: uuid('id').primaryKey(),
    /** Unique, stored upper-case: codes are case-insensitive. */
    code: text('code').notNull().unique(),
    kind: text('kind').notNull(),
    /** PERCENT: 1..100; AMOUNT: minor units of `currency`. */
    value: integer('value').notNull(),
    /** The shop currency when the coupon was created: AMOUNT values and the minimum subtotal are in it. */
    currency: text('currency').notNull(),
    minSubtotal: integer('min_subtotal'),
    startsAt: at('starts_at'),
    endsAt: at('ends_at'),
    maxUses: integer('max_uses'),
    usesRemaining: integer('uses_remaining'),
    perCustomerLimit: integer('per_customer_limit'),
    /** Delivery region the coupon is limited to, matched case-insensitively; null: anywhere. */
    region: text('region'),
    createdBy: uuid('created_by').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('coupons_kind_check', sql`${t.kind} in ('PERCENT', 'AMOUNT')`),
    check('coupons_value_check', sql`${t.value} > 0 and (${t.kind} <> 'PERCENT' or ${t.value} <= 100)`),
    check('coupons_min_subtotal_check', sql`${t.minSubtotal} is null or ${t.minSubtotal} >= 0`),
    check('coupons_window_check', sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check(
      'coupons_uses_check',
      sql`(${t.maxUses} is null and ${t.usesRemaining} is null) or (${t.maxUses} >= 1 and ${t.usesRemaining} >= 0 and ${t.usesRemaining} <= ${t.maxUses})`,
    ),
    check('coupons_per_customer_check', sql`${t.perCustomerLimit} is null or ${t.perCustomerLimit} >= 1`),
  ],
);

/**
 * The customers' wallets of coupons: a coupon redeemed by an account. The row is also what
 * a reservation locks, so that one customer's concurrent checkouts check the per-customer limit
 * one after the other.
 */
export const wallet = couponsSchema.table(
  'wallet',
  {
    accountId: uuid('account_id').notNull(),
    couponId: uuid('coupon_id')
      .notNull()
      .references(() => coupons.id),
    redeemedAt: at('redeemed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.couponId] }), index('wallet_account_idx').on(t.accountId, t.redeemedAt)],
);

/**
 * The coupon uses of one order, keyed by the order id (the idempotency key of reserve). A release
 * that arrives before the reservation writes a RELEASED row with no account: a tombstone that
 * makes the late reservation fail.
 */
export const orderUses = couponsSchema.table(
  'order_uses',
  {
    orderId: text('order_id').primaryKey(),
    /** Null only for a tombstone. */
    accountId: uuid('account_id'),
    status: text('status').notNull(),
    /** The upper-cased codes the order reserved, in the order given. */
    codes: jsonb('codes').$type<string[]>().notNull().default([]),
    /** The discounts the reservation returned, replayed to a repeated reserve. */
    discounts: jsonb('discounts').$type<{ couponId: string; code: string; amount: { amount: number; currency: string } }[]>().notNull().default([]),
    reason: text('reason'),
    /** Increases with every change: the aggregateVersion of this order's coupon events. */
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [check('order_uses_status_check', sql`${t.status} in ('RESERVED', 'CONSUMED', 'RELEASED')`)],
);

/** One coupon use held by an order; RESERVED and CONSUMED rows count against the per-customer limit. */
export const reservations = couponsSchema.table(
  'reservations',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orderUses.orderId),
    couponId: uuid('coupon_id')
      .notNull()
      .references(() => coupons.id),
    accountId: uuid('account_id').notNull(),
    status: text('status').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.couponId] }),
    index('reservations_account_coupon_idx').on(t.accountId, t.couponId),
    check('reservations_status_check', sql`${t.status} in ('RESERVED', 'CONSUMED', 'RELEASED')`),
    check('reservations_amount_check', sql`${t.amount} >= 0`),
  ],
);

export const { outbox, inbox } = messagingTables(couponsSchema);

export type CouponRow = typeof coupons.$inferSelect;
export type WalletRow = typeof wallet.$inferSelect;
export type OrderUsesRow = typeof orderUses.$inferSelect;
export type ReservationRow = typeof reservations.$inferSelect;
/** An account as coupons knows it: its id (accounts owns the rest). */
export interface AccountRef {
  id: string;
}
