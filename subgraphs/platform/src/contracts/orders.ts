import type { DiscountSnapshot, Money, PricedLineSnapshot } from './money.js';

/**
 * orders internal operations:
 * - `summary({ orderId }) -> OrderSummary | null`: what payments needs to take a payment or a
 *   refund (owner, status, total, what is already paid and refunded).
 */
export const OrderOps = {
  summary: 'summary',
} as const;

export interface OrderSummary {
  orderId: string;
  accountId: string;
  status: string;
  total: Money;
  paid: Money;
  refunded: Money;
  paymentMethod: string;
  /** When an unpaid order is cancelled (its payment method's timeout). */
  payDeadline: string;
}

/** Events the orders service publishes; aggregate: the order. */
export const OrderEvents = {
  /** Payload {@link OrderCreatedPayload}. */
  OrderCreated: 'OrderCreated',
  /** Payload {@link OrderStatusChangedPayload}: every status change, in order of aggregateVersion. */
  OrderStatusChanged: 'OrderStatusChanged',
} as const;

export interface OrderCreatedPayload {
  orderId: string;
  accountId: string;
  cartId: string;
  lines: PricedLineSnapshot[];
  discounts: DiscountSnapshot[];
  total: Money;
  paymentMethod: string;
  payDeadline: string;
}

export interface OrderStatusChangedPayload {
  orderId: string;
  accountId: string;
  cartId: string;
  from: string | null;
  to: string;
  /** Who moved it: an account id, or `system:<step>` for the saga and jobs. */
  actor: string;
  reason: string | null;
  at: string;
  /** Captured minus refunded so far. */
  paid: Money;
  total: Money;
}
