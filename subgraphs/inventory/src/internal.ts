import type { HoldSeatInput, InternalHandlers, QuoteInput } from '@shop/platform';
import type { BookInput, BookingService } from './domain/booking.js';
import type { CatalogueService } from './domain/catalogue.js';
import type { ClassService } from './domain/classes.js';
import type { RegistrationService } from './domain/registrations.js';

/**
 * Operations other services call on inventory directly (contracts/inventory.ts), all idempotent:
 * the cart's quotes and seat holds, and the orders saga's stock booking by order id.
 */
export function inventoryInternal(deps: {
  bookings: BookingService;
  catalogue: CatalogueService;
  classes: ClassService;
  registrations: RegistrationService;
}): InternalHandlers {
  const { bookings, catalogue, classes, registrations } = deps;
  return {
    /** What the cart prices SKUs with for a customer level (S2, O1, O2); unknown SKUs are left out. */
    quote: (input: QuoteInput) => catalogue.quote(input),
    /** The same for classes: title, start, price and seats left (C1). */
    classQuote: ({ classIds }: { classIds: string[] }) => classes.quote(classIds),
    /** Phase 1 of class registration (C1–C3): one seat held for the cart at once; CLASS_FULL, or BAD_USER_INPUT on swimmerId. */
    holdSeat: (input: HoldSeatInput) => registrations.holdSeat(input),
    /** The cart's held seats (or those listed) back to their classes (C5, C6). */
    releaseHolds: (input: { cartId: string; registrationIds?: string[] | null; reason?: string | null }) => registrations.releaseHolds(input),
    /** Phase 2 follow-up (C3, C4): the cart's held seats become registrations of the paid order. */
    registerHolds: (input: { cartId: string; orderId: string }) => registrations.registerHolds(input),
    /** A seat offered from the waitlist joins the customer's cart. */
    adoptHold: (input: { registrationId: string; cartId: string }) => registrations.adoptHold(input),
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
