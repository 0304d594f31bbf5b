import { sql } from 'drizzle-orm';
import { advisoryXactLock, queryRows, type Queryable, type Tx } from '@shop/platform';

/**
 * What the payments of one order add up to, in minor units of the order's currency. Computed
 * from this service's own rows, which are ahead of the orders service's view of them.
 */
export interface OrderMoney {
  /** Sum of CAPTURED payments. */
  captured: number;
  /** Sum of PENDING and AUTHORIZED payments: money that may still be captured (M7). */
  inFlight: number;
  /** Sum of SUCCEEDED refunds. */
  refunded: number;
  /** Sum of PENDING refunds: reserved, so a concurrent refund cannot take the same money. */
  refundPending: number;
  /** Captured through the provider (every kind but WALLET), and the provider part of refunds not FAILED. */
  providerCaptured: number;
  providerRefundReserved: number;
  /** Captured from the wallet, and the wallet part of refunds not FAILED. */
  walletCaptured: number;
  walletRefundReserved: number;
}

/**
 * Serializes every change of one order's payments and refunds across connections and instances
 * (a transaction-scoped advisory lock): due amounts, refundable amounts and the totals carried by
 * events are then computed on a state no concurrent writer can change underneath.
 */
export function lockOrder(tx: Tx, orderId: string): Promise<void> {
  return advisoryXactLock(tx, `payments:order:${orderId}`);
}

export async function orderMoney(db: Queryable, orderId: string): Promise<OrderMoney> {
  const [row] = await queryRows<Record<keyof OrderMoney, string | number>>(
    db,
    sql`
      select
        coalesce((select sum(amount) from payments.payments where order_id = ${orderId} and status = 'CAPTURED'), 0) as "captured",
        coalesce((select sum(amount) from payments.payments where order_id = ${orderId} and status in ('PENDING', 'AUTHORIZED')), 0) as "inFlight",
        coalesce((select sum(amount) from payments.payments where order_id = ${orderId} and status = 'CAPTURED' and kind <> 'WALLET'), 0) as "providerCaptured",
        coalesce((select sum(amount) from payments.payments where order_id = ${orderId} and status = 'CAPTURED' and kind = 'WALLET'), 0) as "walletCaptured",
        coalesce((select sum(amount) from payments.refunds where order_id = ${orderId} and status = 'SUCCEEDED'), 0) as "refunded",
        coalesce((select sum(amount) from payments.refunds where order_id = ${orderId} and status = 'PENDING'), 0) as "refundPending",
        coalesce((select sum(provider_amount) from payments.refunds where order_id = ${orderId} and status <> 'FAILED'), 0) as "providerRefundReserved",
        coalesce((select sum(wallet_amount) from payments.refunds where order_id = ${orderId} and status <> 'FAILED'), 0) as "walletRefundReserved"
    `,
  );
  // sum() of integers is a bigint, which the drivers hand over as a string.
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as OrderMoney;
}

/** What may still be refunded: captured minus refunded minus refunds in progress (S9). */
export const refundable = (m: OrderMoney) => m.captured - m.refunded - m.refundPending;
