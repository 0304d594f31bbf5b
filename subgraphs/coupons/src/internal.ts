import type { CouponEvaluationInput, CouponOps, InternalHandler } from '@shop/platform';
import type { CouponUseService } from './domain/uses.js';

/**
 * Operations other services call on coupons directly (contracts/coupons.ts): the cart's price
 * summary and applicable coupons, and the checkout saga's reserve / consume / release, each
 * idempotent by order id.
 */
export function couponsInternal(uses: CouponUseService) {
  return {
    /** The discounts of the given codes for a cart, without taking a use; COUPON_INVALID with the reason when one cannot apply. */
    evaluate: (input: CouponEvaluationInput) => uses.evaluate(input),
    /** Every coupon of the customer's wallet with its discount for the cart, or why it does not apply; best first. */
    applicable: (input: Omit<CouponEvaluationInput, 'codes'>) => uses.applicable(input),
    /** Takes one use of each code for the order, all or none (S3, S4). */
    reserve: (input: CouponEvaluationInput & { orderId: string }) => uses.reserve(input),
    /** The order is paid: its uses are spent. */
    consume: ({ orderId }: { orderId: string }) => uses.consume(orderId),
    /** The order was cancelled, expired or its payment failed: its uses go back. */
    release: ({ orderId, reason }: { orderId: string; reason?: string | null }) => uses.release(orderId, reason ?? null),
  } satisfies Record<keyof typeof CouponOps, InternalHandler>;
}
