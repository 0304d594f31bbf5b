import { PaymentEvents, type EventRegistry, type Money, type PaymentEventPayload, type RefundEventPayload } from '@shop/platform';
import type { PaymentRow, RefundRow } from '../db/schema.js';
import type { OrderMoney } from '../domain/order-money.js';

/** Declares the events payments publishes (contracts/payments.ts), all at schema version 1. */
export function definePaymentEvents(registry: EventRegistry): void {
  for (const type of Object.values(PaymentEvents)) registry.define(type, 1);
}

const money = (amount: number, currency: string): Money => ({ amount, currency });

/** The payload of PaymentAuthorized / PaymentCaptured / PaymentFailed, with the order's totals after the change. */
export function paymentPayload(payment: PaymentRow, totals: OrderMoney): PaymentEventPayload {
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    accountId: payment.accountId,
    method: payment.method,
    amount: money(payment.amount, payment.currency),
    capturedTotal: money(totals.captured, payment.currency),
    refundedTotal: money(totals.refunded, payment.currency),
    reason: payment.reason,
  };
}

/** The payload of RefundSucceeded / RefundFailed, with the order's totals after the change. */
export function refundPayload(refund: RefundRow, totals: OrderMoney): RefundEventPayload {
  return {
    refundId: refund.id,
    orderId: refund.orderId,
    accountId: refund.accountId,
    amount: money(refund.amount, refund.currency),
    capturedTotal: money(totals.captured, refund.currency),
    refundedTotal: money(totals.refunded, refund.currency),
    reason: refund.reason,
  };
}
