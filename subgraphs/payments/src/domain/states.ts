/** Where a payment stands (API.md `PaymentState`). */
export type PaymentState = 'PENDING' | 'AUTHORIZED' | 'CAPTURED' | 'FAILED';
/** What the provider says about a payment: the `type` of its webhook without the `payment.` prefix. */
export type PaymentSignal = 'authorized' | 'captured' | 'failed';

/**
 * The payment state machine (S7, M2) as a transition table: a signal missing from a state's row
 * is late or repeated and is recorded without being applied. The table is built so that any set
 * of signals, in any order and with any duplicates, ends in the same state:
 * - captured wins over everything: it reports money that moved, so it applies even from FAILED
 *   (a late authorized or failed after it changes nothing);
 * - captured arriving before authorized captures directly;
 * - failed ends PENDING and AUTHORIZED; a late authorized after it changes nothing.
 */
export const PAYMENT_TRANSITIONS: Record<PaymentState, Partial<Record<PaymentSignal, PaymentState>>> = {
  PENDING: { authorized: 'AUTHORIZED', captured: 'CAPTURED', failed: 'FAILED' },
  AUTHORIZED: { captured: 'CAPTURED', failed: 'FAILED' },
  FAILED: { captured: 'CAPTURED' },
  CAPTURED: {},
};

/** The state a signal moves a payment to, or null when it is not applied. */
export function nextPaymentState(from: PaymentState, signal: PaymentSignal): PaymentState | null {
  return PAYMENT_TRANSITIONS[from][signal] ?? null;
}

/** Where a refund stands (API.md `RefundState`). */
export type RefundState = 'PENDING' | 'SUCCEEDED' | 'FAILED';
export type RefundSignal = 'succeeded' | 'failed';

/**
 * The refund state machine (S9): both results end a refund. A result arriving after the other is
 * recorded, not applied: a failed refund frees its amount for another refund at once, so letting
 * a late success revive it could refund more than was captured.
 */
export const REFUND_TRANSITIONS: Record<RefundState, Partial<Record<RefundSignal, RefundState>>> = {
  PENDING: { succeeded: 'SUCCEEDED', failed: 'FAILED' },
  SUCCEEDED: {},
  FAILED: {},
};

export function nextRefundState(from: RefundState, signal: RefundSignal): RefundState | null {
  return REFUND_TRANSITIONS[from][signal] ?? null;
}
