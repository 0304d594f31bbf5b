import { handleWhen, type InboxHandler, type OrderStatusChangedPayload } from '@shop/platform';
import type { RegistrationService } from '../domain/registrations.js';
import { SeatChanges } from '../domain/seats.js';
import { ConsumedEvents } from './types.js';

/**
 * Inbox handlers of inventory's consumer, each inside the inbox transaction. An order cancelled
 * after payment gives back the seats of the classes it registered; cancelling is terminal and
 * cancels only REGISTERED rows, so a late or repeated event changes nothing (M2).
 */
export function inventoryHandlers(registrations: RegistrationService): Record<string, InboxHandler> {
  return {
    [ConsumedEvents.OrderStatusChanged]: handleWhen<OrderStatusChangedPayload>(
      ({ to }) => to === 'CANCELED',
      async (tx, event) => {
        const { orderId, reason } = event.payload;
        // The seat counts are announced after commit by the consumer's onApplied, from the rows.
        await registrations.cancelForOrder(tx, new SeatChanges(), orderId, reason ? `order canceled: ${reason}` : 'order canceled');
      },
    ),
  };
}
