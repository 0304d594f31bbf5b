import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { messagingTables, type AccountAddress, type DiscountSnapshot, type PricedLineSnapshot } from '@shop/platform';

/** The orders service's own Postgres schema; no other service reads or writes it. */
export const ordersSchema = pgSchema('orders');

export const { outbox, inbox } = messagingTables(ordersSchema);

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/**
 * One order line as priced by the cart at checkout and kept on the order (L2): a product line
 * carries the warehouse inventory booked it in, a class line the seat hold it pays for.
 */
export interface OrderLine extends PricedLineSnapshot {
  warehouseId: string | null;
}

/** The delivery address as it was at checkout (L2): later edits of the address book change no order. */
export type AddressSnapshot = Omit<AccountAddress, 'accountId' | 'blocked'>;

/**
 * The order aggregate. Its business data (lines, discounts, address, payment method and
 * deadline) is embedded (L2); `version` is the aggregate version, bumped by every change and
 * carried by its events (M9). Amounts are minor units of `currency`.
 *
 * The migration creates it `PARTITION BY HASH (id)` in 8 partitions (L6), which drizzle-kit
 * cannot express; a partitioned table's unique keys must contain the partition key, so the
 * one-unpaid-order rule lives in {@link openOrders} instead.
 */
export const orders = ordersSchema.table(
  'orders',
  {
    /** Time-sortable, with a node part (domain/ids.ts, L3). */
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    cartId: text('cart_id').notNull(),
    status: text('status').notNull(),
    stockStatus: text('stock_status').notNull(),
    paymentStatus: text('payment_status').notNull(),
    version: integer('version').notNull(),
    currency: text('currency').notNull(),
    subtotal: integer('subtotal').notNull(),
    discountTotal: integer('discount_total').notNull(),
    freight: integer('freight').notNull(),
    total: integer('total').notNull(),
    /** The wallet part the customer chose to pay at checkout (`useWallet`), 0 when none. */
    walletAmount: integer('wallet_amount').notNull().default(0),
    /** Everything captured on the order and everything refunded, as the payment events report them. */
    captured: integer('captured').notNull().default(0),
    refunded: integer('refunded').notNull().default(0),
    lines: jsonb('lines').$type<OrderLine[]>().notNull(),
    discounts: jsonb('discounts').$type<DiscountSnapshot[]>().notNull(),
    couponCodes: text('coupon_codes').array().notNull(),
    /** NONE (no codes), RESERVED (uses taken at checkout) or RELEASED (given back on cancel). */
    couponsState: text('coupons_state').notNull(),
    address: jsonb('address').$type<AddressSnapshot | null>(),
    paymentMethod: text('payment_method').notNull(),
    payDeadline: instant('pay_deadline').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    trackingNo: text('tracking_no'),
    shippedAt: instant('shipped_at'),
    deliveredAt: instant('delivered_at'),
    clientConfirmedAt: instant('client_confirmed_at'),
    /**
     * Set while a follow-up step with another service is due (stock to confirm or release,
     * coupon uses to give back, a paid order to hand to fulfilment); the follow-up driver clears
     * it, and the reconciler picks up orders where it stayed set too long (L4).
     */
    needsFollowup: boolean('needs_followup').notNull().default(false),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('orders_account_idx').on(t.accountId, t.id),
    index('orders_status_idx').on(t.status, t.id),
    index('orders_unpaid_deadline_idx').on(t.payDeadline).where(sql`${t.status} in ('PAY_PENDING', 'PAID_PARTIAL')`),
    index('orders_shipped_idx').on(t.shippedAt).where(sql`${t.status} = 'SHIPPED'`),
    index('orders_followup_idx').on(t.updatedAt).where(sql`${t.needsFollowup}`),
    check('orders_amounts_check', sql`${t.total} >= 0 and ${t.captured} >= 0 and ${t.refunded} >= 0 and ${t.walletAmount} >= 0`),
  ],
);

/**
 * Every change of an order, one row per aggregate version (L7): the order status before and
 * after (equal when only the stock or payment status or the money changed), both other statuses
 * after it, who did it and why. `sourceEventId` names the event that caused it, if any, so the
 * live fan-out after the consumer's commit finds what that event changed.
 */
export const orderHistory = ordersSchema.table(
  'order_history',
  {
    orderId: uuid('order_id').notNull(),
    version: integer('version').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    stockStatus: text('stock_status').notNull(),
    paymentStatus: text('payment_status').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    sourceEventId: uuid('source_event_id'),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.version] }),
    index('order_history_source_idx').on(t.sourceEventId).where(sql`${t.sourceEventId} is not null`),
  ],
);

/**
 * At most one unpaid order per customer (M6), enforced by the primary key. Checkout claims the
 * row first (with the order id it is about to create), the order's payment or cancellation
 * removes it; a claim whose order never appeared is undone by the reconciler.
 */
export const openOrders = ordersSchema.table('open_orders', {
  accountId: uuid('account_id').primaryKey(),
  orderId: uuid('order_id').notNull().unique(),
  idempotencyKey: text('idempotency_key').notNull(),
  claimedAt: instant('claimed_at').notNull().defaultNow(),
  /** Set by the reconciler before it releases what a dead checkout held; that checkout can then no longer write its order. */
  abandonedAt: instant('abandoned_at'),
});

/**
 * Checkout idempotency (S4): a key of an account names one request, kept 24 h. `inputHash`
 * covers the input, `cartId` and `cartVersion` the cart it was priced from; a repeated key
 * with the same request gets the same order, another request `IDEMPOTENCY_CONFLICT`.
 */
export const checkoutRequests = ordersSchema.table(
  'checkout_requests',
  {
    accountId: uuid('account_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    inputHash: text('input_hash').notNull(),
    cartId: text('cart_id').notNull(),
    cartVersion: integer('cart_version').notNull(),
    /** Chosen when the request is claimed, so every step of the checkout is keyed by it. */
    orderId: uuid('order_id').notNull(),
    /** PENDING while the checkout runs, DONE once the order exists. */
    status: text('status').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.idempotencyKey] }), index('checkout_requests_created_idx').on(t.createdAt)],
);

/**
 * Refunds the saga decides (cancel after payment, a capture that arrived after the order ended,
 * more captured than the total, a class registration cancelled): written in the transaction
 * that decides them, asked of payments after commit, idempotent by `key`.
 */
export const refundRequests = ordersSchema.table(
  'refund_requests',
  {
    key: text('key').primaryKey(),
    orderId: uuid('order_id').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    /** When payments accepted (or refused) it; null while due. */
    requestedAt: instant('requested_at'),
    refundId: text('refund_id'),
    /** REQUESTED, or REFUSED with payments' reason (nothing left to refund). */
    outcome: text('outcome'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('refund_requests_due_idx').on(t.createdAt).where(sql`${t.requestedAt} is null`),
    index('refund_requests_order_idx').on(t.orderId),
    check('refund_requests_amount_check', sql`${t.amount} > 0`),
  ],
);

export type OrderRow = typeof orders.$inferSelect;
export type OrderHistoryRow = typeof orderHistory.$inferSelect;
export type OpenOrderRow = typeof openOrders.$inferSelect;
export type CheckoutRequestRow = typeof checkoutRequests.$inferSelect;
export type RefundRequestRow = typeof refundRequests.$inferSelect;
