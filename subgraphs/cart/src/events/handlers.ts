import { handleWhen, isUuid, type EventEnvelope, type InboxHandler, type OrderStatusChangedPayload, type WaitlistOfferedPayload } from '@shop/platform';
import { concernsCart, type CartService } from '../domain/carts.js';
import { ConsumedEvents } from './types.js';

/**
 * One inbox handler per consumed event; each runs inside the inbox transaction and only records
 * state (APPLIED, CANCELING, a pending offer). The calls to inventory that follow run after
 * commit in {@link afterCartEvent}, and again from the recovery job if they fail.
 */
export function cartHandlers(carts: CartService): Record<string, InboxHandler> {
  return {
    [ConsumedEvents.OrderStatusChanged]: handleWhen<OrderStatusChangedPayload>(concernsCart, async (tx, event) =>
      (await carts.onOrderStatus(tx, event.payload)) === 'stale' ? 'stale' : undefined,
    ),
    [ConsumedEvents.WaitlistOffered]: async (tx, event: EventEnvelope<WaitlistOfferedPayload>) => {
      await carts.recordOffer(tx, event.payload);
    },
  };
}

/** The step after an applied event's commit: finish the cart's in-between state, or adopt the offered seat. */
export async function afterCartEvent(carts: CartService, event: EventEnvelope<any>): Promise<void> {
  if (event.type === ConsumedEvents.OrderStatusChanged && isUuid(event.payload?.cartId ?? '')) {
    await carts.advance(event.payload.cartId);
  } else if (event.type === ConsumedEvents.WaitlistOffered && typeof event.payload?.registrationId === 'string') {
    await carts.adoptOffer(event.payload.registrationId);
  }
}
