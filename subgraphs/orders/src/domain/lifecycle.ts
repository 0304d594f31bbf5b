import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode, type Money } from '@shop/platform';
import type { OrderDraft } from './aggregate.js';
import { ENDED, PAID_OR_LATER, UNPAID, isCancelable, paymentStatusFor, type OrderStatus, type PaymentStatus } from './states.js';

/**
 * What happens to an order, as changes of a locked draft: the saga's reactions to payment and
 * cart events, and the customer's and operators' commands. Each returns 'stale' when the event
 * is older than what the order already knows (M2) and changes nothing then.
 */

export const PAYMENTS_ACTOR = 'system:payments';

/** The money part of the payment and refund events (contracts/payments.ts). */
export interface MoneyEvent {
  paymentId?: string;
  refundId?: string;
  amount: Money;
  capturedTotal: Money;
  refundedTotal: Money;
  reason: string | null;
}

/**
 * Cancels the order (before it ships): what it captured and kept goes back through payments
 * (idempotency key `cancel:<orderId>`); the follow-up driver releases its stock and coupon uses,
 * and cart and inventory give its seats back on the OrderStatusChanged event.
 */
export function cancel(draft: OrderDraft, actor: string, reason: string): void {
  if (!isCancelable(draft.status)) {
    throw new AppError(ErrorCode.INVALID_STATE, `Order ${draft.order.id} is ${draft.status} and can no longer be canceled`, {
      orderId: draft.order.id,
      status: draft.status,
    });
  }
  draft.apply({ status: 'CANCELED', actor, reason });
  draft.refund(`cancel:${draft.order.id}`, draft.order.captured - draft.order.refunded, reason);
}

/** The totals after a payment event: both only grow, so the larger of known and reported wins whatever the arrival order (M2). */
function totalsAfter(draft: OrderDraft, event: MoneyEvent) {
  return {
    captured: Math.max(draft.order.captured, event.capturedTotal.amount),
    refunded: Math.max(draft.order.refunded, event.refundedTotal.amount),
  };
}

/** The payment status the amounts call for, if the table allows moving there. */
function nextPaymentStatus(draft: OrderDraft, amounts: { captured: number; refunded: number }): PaymentStatus | undefined {
  const next = paymentStatusFor({ total: draft.order.total, ...amounts }, draft.paymentStatus);
  return draft.allows({ paymentStatus: next }) ? next : undefined;
}

/**
 * A capture (S7, M7): paid = captured − refunded; PAID_PARTIAL until it reaches the total,
 * then PAID. Money that arrives after the order ended, or beyond its total, is refunded.
 */
export function paymentCaptured(draft: OrderDraft, event: MoneyEvent): 'stale' | void {
  const before = draft.order;
  const amounts = totalsAfter(draft, event);
  if (amounts.captured === before.captured && amounts.refunded === before.refunded) return 'stale';
  const reason = `payment ${event.paymentId} captured ${event.amount.amount} ${event.amount.currency}`;
  const fresh = amounts.captured - before.captured;
  if (ENDED.includes(draft.status)) {
    draft.apply({ patch: amounts, actor: PAYMENTS_ACTOR, reason: `${reason} after the order ended` });
    draft.refund(`late:${event.paymentId}`, fresh, `payment captured after the order was ${draft.status.toLowerCase()}`);
    return;
  }
  const paid = amounts.captured - amounts.refunded;
  let status: OrderStatus | undefined;
  if (UNPAID.includes(draft.status)) status = paid >= before.total ? 'PAID' : 'PAID_PARTIAL';
  draft.apply({ status, paymentStatus: nextPaymentStatus(draft, amounts), patch: amounts, actor: PAYMENTS_ACTOR, reason });
  if (PAID_OR_LATER.includes(draft.status) && paid > before.total) {
    draft.refund(`excess:${event.paymentId}`, Math.min(paid - before.total, fresh), 'paid more than the order total');
  }
}

/** An authorization: the payment is on its way (payment status PENDING); a late one changes nothing. */
export function paymentAuthorized(draft: OrderDraft, event: MoneyEvent): 'stale' | void {
  if (draft.paymentStatus !== 'NEW' || ENDED.includes(draft.status)) return 'stale';
  draft.apply({ paymentStatus: 'PENDING', actor: PAYMENTS_ACTOR, reason: `payment ${event.paymentId} authorized` });
}

/** A failed payment with nothing captured rolls the saga back (M8); with something captured the order waits for the rest. */
export function paymentFailed(draft: OrderDraft, event: MoneyEvent): 'stale' | void {
  const { captured } = totalsAfter(draft, event);
  if (draft.status !== 'PAY_PENDING' || captured > 0) return 'stale';
  cancel(draft, PAYMENTS_ACTOR, `payment ${event.paymentId} failed${event.reason ? `: ${event.reason}` : ''}`);
}

/** A refund went through (S9): refunded grows; everything captured refunded makes a paid order REFUNDED. */
export function refundSucceeded(draft: OrderDraft, event: MoneyEvent): 'stale' | void {
  const before = draft.order;
  const amounts = totalsAfter(draft, event);
  if (amounts.captured === before.captured && amounts.refunded === before.refunded) return 'stale';
  const fully = amounts.captured > 0 && amounts.refunded >= amounts.captured;
  draft.apply({
    status: fully && PAID_OR_LATER.includes(draft.status) ? 'REFUNDED' : undefined,
    paymentStatus: nextPaymentStatus(draft, amounts),
    patch: amounts,
    actor: PAYMENTS_ACTOR,
    reason: `refund ${event.refundId} of ${event.amount.amount} ${event.amount.currency}${event.reason ? `: ${event.reason}` : ''}`,
  });
}

/** The cart of an unpaid order expired or was cancelled: so is the order. */
export function cartEnded(draft: OrderDraft, how: 'expired' | 'canceled', reason: string | null): 'stale' | void {
  if (!UNPAID.includes(draft.status)) return 'stale';
  cancel(draft, 'system:cart', `cart ${how}${reason ? `: ${reason}` : ''}`);
}

/** SHIPPING_PENDING -> SHIPPED with a tracking number (S10). */
export function ship(draft: OrderDraft, actor: string, now = new Date()): void {
  if (draft.status !== 'SHIPPING_PENDING') {
    throw new AppError(ErrorCode.INVALID_STATE, `Order ${draft.order.id} is ${draft.status}; only SHIPPING_PENDING orders can be shipped`, {
      orderId: draft.order.id,
      status: draft.status,
    });
  }
  const trackingNo = `TRK${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(5).toString('hex').toUpperCase()}`;
  draft.apply({ status: 'SHIPPED', patch: { trackingNo, shippedAt: now.toISOString() }, actor, reason: `handed to the carrier, tracking ${trackingNo}` });
}

/** The simulated carrier delivered it: SHIPPED -> COMPLETED (S10). */
export function deliver(draft: OrderDraft, now = new Date()): 'stale' | void {
  if (draft.status !== 'SHIPPED') return 'stale';
  draft.apply({ status: 'COMPLETED', patch: { deliveredAt: now.toISOString() }, actor: 'system:logistics', reason: 'delivered' });
}

/** The app says it paid (S6): recorded once; the order itself waits for the provider's webhook. */
export function clientConfirmedPaid(draft: OrderDraft, actor: string, now = new Date()): void {
  if (ENDED.includes(draft.status)) {
    throw new AppError(ErrorCode.INVALID_STATE, `Order ${draft.order.id} is ${draft.status}`, { orderId: draft.order.id, status: draft.status });
  }
  if (draft.order.clientConfirmedAt) return;
  draft.apply({ patch: { clientConfirmedAt: now.toISOString() }, actor, reason: 'the app reports the order paid' });
}
