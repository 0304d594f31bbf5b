import { AppError, ErrorCode, formatMoney, type CouponEligibility, type CouponEvaluation, type Money } from '@shop/platform';
import type { CouponRow } from '../db/schema.js';

/** Why a coupon does not apply (`extensions.reason` of COUPON_INVALID, `reasonCode` of an eligibility). */
export const CouponInvalidReason = {
  UNKNOWN: 'UNKNOWN',
  NOT_IN_WALLET: 'NOT_IN_WALLET',
  NOT_STARTED: 'NOT_STARTED',
  EXPIRED: 'EXPIRED',
  EXHAUSTED: 'EXHAUSTED',
  PER_CUSTOMER_LIMIT: 'PER_CUSTOMER_LIMIT',
  REGION: 'REGION',
  MIN_SUBTOTAL: 'MIN_SUBTOTAL',
} as const;
export type CouponInvalidReason = (typeof CouponInvalidReason)[keyof typeof CouponInvalidReason];

/** The terms of a coupon the rules read. */
export type CouponTerms = Pick<
  CouponRow,
  'id' | 'code' | 'kind' | 'value' | 'currency' | 'minSubtotal' | 'startsAt' | 'endsAt' | 'usesRemaining' | 'perCustomerLimit' | 'region'
>;

/** What the customer already has of a coupon. */
export interface CustomerHolding {
  inWallet: boolean;
  /** Uses of the coupon held by the customer's other orders (RESERVED or CONSUMED). */
  usedByCustomer: number;
  /** The order being evaluated already holds a use of it (a repeated checkout), so its own use is not missing. */
  heldByThisOrder: boolean;
}

/** The cart a coupon is evaluated against. */
export interface CartTerms {
  /** After promotions, before coupons; in the coupons' currency. */
  subtotal: Money;
  /** Region of the delivery address; null when none was given. */
  region: string | null;
  now: number;
}

export interface Ineligibility {
  reason: CouponInvalidReason;
  message: string;
}

/**
 * Why `coupon` cannot apply to the cart, or null when it can. Checked in a fixed order, so a
 * coupon that fails several rules always gives the same reason: ownership, window, uses,
 * region, then the minimum subtotal.
 */
export function ineligibility(coupon: CouponTerms, holding: CustomerHolding, cart: CartTerms): Ineligibility | null {
  if (!holding.inWallet) return { reason: 'NOT_IN_WALLET', message: 'not in your wallet of coupons: redeem it first' };
  if (coupon.startsAt && cart.now < Date.parse(coupon.startsAt)) {
    return { reason: 'NOT_STARTED', message: `valid from ${new Date(coupon.startsAt).toISOString()}` };
  }
  if (coupon.endsAt && cart.now >= Date.parse(coupon.endsAt)) {
    return { reason: 'EXPIRED', message: `expired at ${new Date(coupon.endsAt).toISOString()}` };
  }
  if (!holding.heldByThisOrder && coupon.usesRemaining !== null && coupon.usesRemaining <= 0) {
    return { reason: 'EXHAUSTED', message: 'no uses left' };
  }
  if (coupon.perCustomerLimit !== null && holding.usedByCustomer >= coupon.perCustomerLimit) {
    return { reason: 'PER_CUSTOMER_LIMIT', message: `already used ${coupon.perCustomerLimit} time(s), the limit per customer` };
  }
  if (coupon.region !== null) {
    if (cart.region === null) return { reason: 'REGION', message: `only for delivery to ${coupon.region}: choose a delivery address` };
    if (!sameRegion(coupon.region, cart.region)) return { reason: 'REGION', message: `only for delivery to ${coupon.region}` };
  }
  if (coupon.minSubtotal !== null && cart.subtotal.amount < coupon.minSubtotal) {
    return { reason: 'MIN_SUBTOTAL', message: `minimum subtotal ${formatMoney({ amount: coupon.minSubtotal, currency: coupon.currency })} not reached` };
  }
  return null;
}

/** Regions are free text on addresses: compared trimmed and case-insensitively. */
export function sameRegion(a: string, b: string): boolean {
  return a.trim().toLocaleUpperCase('en') === b.trim().toLocaleUpperCase('en');
}

/**
 * The discount a coupon gives a subtotal on its own: PERCENT rounds down to the minor unit (the
 * shop never gives away a fraction of a cent); AMOUNT is its value. Either is capped by the
 * subtotal, so it never makes the cart negative.
 */
export function couponAmount(coupon: Pick<CouponTerms, 'kind' | 'value'>, subtotal: number): number {
  const raw = coupon.kind === 'PERCENT' ? Math.floor((subtotal * coupon.value) / 100) : coupon.value;
  return Math.max(0, Math.min(raw, subtotal));
}

/** A coupon a customer asked for, with what the customer holds of it; `coupon` null: no such code. */
export interface RequestedCoupon {
  code: string;
  coupon: CouponTerms | null;
  holding: CustomerHolding;
}

/**
 * The discounts of the requested coupons, in the order given: each is computed on the subtotal
 * and capped by what earlier coupons left of it, so together they never exceed the subtotal.
 * The first code that cannot apply throws COUPON_INVALID with its reason.
 */
export function evaluateCoupons(requested: RequestedCoupon[], cart: CartTerms): CouponEvaluation {
  let left = cart.subtotal.amount;
  const discounts: CouponEvaluation['discounts'] = [];
  for (const { code, coupon, holding } of requested) {
    if (!coupon) throw couponInvalid(code, { reason: 'UNKNOWN', message: 'no coupon has this code' });
    const why = ineligibility(coupon, holding, cart);
    if (why) throw couponInvalid(coupon.code, why);
    const amount = Math.min(couponAmount(coupon, cart.subtotal.amount), left);
    left -= amount;
    discounts.push({ couponId: coupon.id, code: coupon.code, amount: { amount, currency: cart.subtotal.currency } });
  }
  return { discounts };
}

/**
 * Every coupon of a wallet against the cart, each on its own: usable ones first, the largest
 * discount first (then by code, so ties keep a stable order), then the others by code with the
 * reason each does not apply.
 */
export function eligibilities(wallet: { coupon: CouponTerms; holding: CustomerHolding }[], cart: CartTerms): CouponEligibility[] {
  const rows = wallet.map(({ coupon, holding }) => {
    const why = ineligibility(coupon, holding, cart);
    return {
      couponId: coupon.id,
      code: coupon.code,
      usable: why === null,
      amount: { amount: why ? 0 : couponAmount(coupon, cart.subtotal.amount), currency: cart.subtotal.currency },
      reason: why ? why.message : null,
      reasonCode: why ? why.reason : null,
    };
  });
  return rows.sort((a, b) => Number(b.usable) - Number(a.usable) || b.amount.amount - a.amount.amount || a.code.localeCompare(b.code));
}

/** COUPON_INVALID naming the code and the reason, in the message and in `extensions.reason`. */
export function couponInvalid(code: string, why: Ineligibility): AppError {
  return new AppError(ErrorCode.COUPON_INVALID, `Coupon ${code}: ${why.message}`, { reason: why.reason, couponCode: code });
}
