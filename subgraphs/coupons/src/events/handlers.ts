import { OrderEvents, handleWhen, type InboxHandler, type OrderStatusChangedPayload } from '@shop/platform';
import type { CouponUseService } from '../domain/uses.js';

/**
 * What the coupons service does with the orders' status changes, inside the inbox transaction:
 * a paid order spends its reserved uses, a cancelled one (cancel, pay timeout, failed payment)
 * gives them back. The orders service may also call consume/release directly; both are
 * idempotent, so whichever comes second changes nothing.
 */
export function couponHandlers(uses: CouponUseService): Record<string, InboxHandler> {
  return {
    [OrderEvents.OrderStatusChanged]: handleWhen<OrderStatusChangedPayload>(
      ({ to }) => to === 'PAID' || to === 'CANCELED',
      async (tx, event) => {
        const { orderId, to, reason } = event.payload;
        if (to === 'PAID') await uses.consumeIn(tx, orderId);
        else await uses.releaseIn(tx, orderId, reason ?? 'order canceled');
      },
    ),
  };
}
