import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { messagingTables } from '@shop/platform';

/** The payments service's own Postgres schema; no other service reads or writes it. */
export const paymentsSchema = pgSchema('payments');

export const { outbox, inbox } = messagingTables(paymentsSchema);

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

/**
 * One attempt to pay (part of) an order with one method (L1, L7 mixed payment). `status` follows
 * the transition table of domain/payment-state.ts; `version` counts its changes and is the
 * aggregate version of its events (M9). Order ids are the orders service's (not UUIDs).
 */
export const payments = paymentsSchema.table(
  'payments',
  {
    id: uuid('id').primaryKey(),
    orderId: text('order_id').notNull(),
    accountId: uuid('account_id').notNull(),
    method: text('method').notNull(),
    /** PAY_NOW, PAY_IN_STORE or WALLET, as configured when the payment was made. */
    kind: text('kind').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    /** Why it failed (the provider's event), or null. */
    reason: text('reason'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('payments_amount_check', sql`${t.amount} > 0`),
    check('payments_status_check', sql`${t.status} in ('PENDING', 'AUTHORIZED', 'CAPTURED', 'FAILED')`),
    index('payments_order_idx').on(t.orderId, t.createdAt),
  ],
);

/**
 * A refund of (part of) what an order captured (S9). It is split once, when requested, into what
 * goes back through the provider and what goes back to the wallet; the wallet part is credited
 * when the refund succeeds, so a refund is applied all at once or not at all. The idempotency key
 * is scoped to the order's owner; `requestHash` tells a retry from a different request.
 */
export const refunds = paymentsSchema.table(
  'refunds',
  {
    id: uuid('id').primaryKey(),
    orderId: text('order_id').notNull(),
    accountId: uuid('account_id').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    providerAmount: integer('provider_amount').notNull(),
    walletAmount: integer('wallet_amount').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    /** Who asked: an account id, or `system:<step>` for refunds the saga decides. */
    requestedBy: text('requested_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('refunds_amount_check', sql`${t.amount} > 0 and ${t.providerAmount} >= 0 and ${t.walletAmount} >= 0 and ${t.providerAmount} + ${t.walletAmount} = ${t.amount}`),
    check('refunds_status_check', sql`${t.status} in ('PENDING', 'SUCCEEDED', 'FAILED')`),
    uniqueIndex('refunds_idempotency_idx').on(t.accountId, t.idempotencyKey),
    index('refunds_order_idx').on(t.orderId, t.createdAt),
  ],
);

/** A customer's wallet (L1 prepaid balance): the CHECK makes a negative balance impossible whatever the interleaving. */
export const wallets = paymentsSchema.table(
  'wallets',
  {
    accountId: uuid('account_id').primaryKey(),
    balance: integer('balance').notNull().default(0),
    currency: text('currency').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('wallets_balance_check', sql`${t.balance} >= 0`)],
);

/**
 * The wallet ledger: every change of a balance with why and what it belongs to. The balance is
 * always the sum of an account's entries. One REBATE per order, enforced by the database.
 */
export const walletEntries = paymentsSchema.table(
  'wallet_entries',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    /** Signed: credits positive, debits negative. */
    amount: integer('amount').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    currency: text('currency').notNull(),
    /** CREDIT (an operator), PAYMENT, REFUND or REBATE. */
    kind: text('kind').notNull(),
    note: text('note'),
    orderId: text('order_id'),
    paymentId: uuid('payment_id'),
    refundId: uuid('refund_id'),
    actor: text('actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('wallet_entries_kind_check', sql`${t.kind} in ('CREDIT', 'PAYMENT', 'REFUND', 'REBATE')`),
    check('wallet_entries_amount_check', sql`${t.amount} <> 0`),
    index('wallet_entries_account_idx').on(t.accountId, t.createdAt),
    uniqueIndex('wallet_entries_rebate_idx').on(t.orderId).where(sql`${t.kind} = 'REBATE'`),
  ],
);

/**
 * Every provider webhook event applied or looked at, by the provider's event id (M4): written in
 * the same transaction as its effect, so a repeated id is answered without applying it again.
 * `outcome` records what it did, including late events that were recorded but not applied (M2).
 */
export const webhookEvents = paymentsSchema.table(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    /** The payment or refund it named. */
    targetId: text('target_id').notNull(),
    outcome: text('outcome').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_target_idx').on(t.targetId, t.receivedAt)],
);

export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;
export type WalletEntryRow = typeof walletEntries.$inferSelect;

/** An order or account of another service, as federation hands it over: its id only. */
export interface EntityRef {
  id: string;
}
