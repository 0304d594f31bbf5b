import type { InternalHandlers } from '@shop/platform';
import type { BookInput, BookingService } from './domain/booking.js';

/** Operations other services (orders' checkout saga) call on inventory directly; idempotent by order id. */
export function inventoryInternal(bookings: BookingService): InternalHandlers {
  return {
    /** Books stock for an order's lines (O4); OUT_OF_STOCK / NOT_ON_SHELF / NOT_FOUND and nothing held when it cannot. */
    book: (input: BookInput) => bookings.book(input),
    /** Gives an order's held stock back (cancel, failed payment: M8). */
    release: ({ orderId, reason }: { orderId: string; reason?: string | null }) => bookings.release(orderId, reason),
    /** The order is paid: booked stock becomes assembled (O5). */
    confirm: ({ orderId }: { orderId: string }) => bookings.confirm(orderId),
    /** The booking of an order with the warehouse of each line, or null. */
    booking: ({ orderId }: { orderId: string }) => bookings.get(orderId),
  };
}
