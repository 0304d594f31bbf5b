import type { Money } from './money.js';

/**
 * coupons internal operations:
 * - `evaluate(CouponEvaluationInput) -> CouponEvaluation`: the discounts the given codes give a
 *   cart, without taking a use; a code that cannot apply throws `COUPON_INVALID` with the reason.
 * - `applicable(CouponEvaluationInput without codes) -> CouponEligibility[]`: every coupon of the
 *   customer's wallet, usable ones first, best (largest discount) first, with the reason of each
 *   unusable one.
 * - `reserve(CouponEvaluationInput & { orderId }) -> CouponEvaluation`: takes one use of each code
 *   atomically (conditional decrement) for the order; idempotent by order id; `COUPON_INVALID`
 *   and nothing taken when any cannot.
 * - `consume({ orderId })`: the order is paid; its uses are spent. Idempotent.
 * - `release({ orderId, reason })`: the uses of the order go back (cancel, expiry, failed payment).
 *   Idempotent; a release before the reservation leaves a tombstone so a late reserve fails.
 */
export const CouponOps = {
  evaluate: 'evaluate',
  applicable: 'applicable',
  reserve: 'reserve',
  consume: 'consume',
  release: 'release',
} as const;

export interface CouponEvaluationInput {
  accountId: string;
  codes: string[];
  /** Sum of the lines after promotions, before coupons. */
  subtotal: Money;
  /** Per product, for coupons limited to products (amount after promotions). */
  lines: { productId: string | null; classId: string | null; amount: Money }[];
  /** Region of the delivery address (coupon region rule); null when none was given. */
  region: string | null;
  /**
   * Optional, for `evaluate`: the order being checked out. Uses this order already reserved do
   * not count against it (a repeated checkout evaluates as the first one did).
   */
  orderId?: string;
}

export interface CouponEvaluation {
  discounts: { couponId: string; code: string; amount: Money }[];
}

export interface CouponEligibility {
  couponId: string;
  code: string;
  usable: boolean;
  /** The discount it would give this cart (0 when not usable). */
  amount: Money;
  /** Why it does not apply, e.g. "minimum subtotal 50.00 USD not reached"; null when usable. */
  reason: string | null;
  /** The same reason as a code (UNKNOWN, NOT_IN_WALLET, NOT_STARTED, EXPIRED, EXHAUSTED, PER_CUSTOMER_LIMIT, REGION, MIN_SUBTOTAL); null when usable. */
  reasonCode?: string | null;
}

/** What `consume` and `release` answer: the state of the order's coupon uses after the call. */
export interface CouponOrderUses {
  orderId: string;
  /** RESERVED, CONSUMED or RELEASED; null when the order never reserved anything (consume only). */
  status: 'RESERVED' | 'CONSUMED' | 'RELEASED' | null;
  couponIds: string[];
}

export const CouponEvents = {
  /** Payload: orderId, couponIds. */
  CouponUsesConsumed: 'CouponUsesConsumed',
  /** Payload: orderId, couponIds, reason. */
  CouponUsesReleased: 'CouponUsesReleased',
} as const;
