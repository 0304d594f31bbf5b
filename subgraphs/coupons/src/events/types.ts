import { CouponEvents, type EventRegistry } from '@shop/platform';

export { CouponEvents };

/** Payload of CouponUsesConsumed and CouponUsesReleased; aggregate: the order's coupon uses. */
export interface CouponUsesPayload {
  orderId: string;
  accountId: string;
  couponIds: string[];
  codes: string[];
  /** Why the uses went back (cancel, expiry, failed payment); null when consumed. */
  reason: string | null;
}

export function defineCouponEvents(registry: EventRegistry): void {
  for (const type of Object.values(CouponEvents)) registry.define(type, 1);
}
