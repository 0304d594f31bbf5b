import type { InternalHandlers, QuoteInput } from '@shop/platform';
import type { BookInput, BookingService } from './domain/booking.js';
import type { CatalogueService } from './domain/catalogue.js';
import type { ClassService } from './domain/classes.js';

/**
 * Operations other services call on inventory directly (contracts/inventory.ts): the cart's
 * quotes, and the orders saga's stock booking, idempotent by order id.
 */
export function inventoryInternal(deps: { bookings: BookingService; catalogue: CatalogueService; classes: ClassService }): InternalHandlers {
  const { bookings, catalogue, classes } = deps;
  return {
    /** What the cart prices SKUs with for a customer level (S2, O1, O2); unknown SKUs are left out. */
    quote: (input: QuoteInput) => catalogue.quote(input),
    /** The same for classes: title, start, price and seats left (C1). */
    classQuote: ({ classIds }: { classIds: string[] }) => classes.quote(classIds),
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
