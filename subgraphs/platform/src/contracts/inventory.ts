import type { Money } from './money.js';

/**
 * inventory internal operations (besides the stock booking ones, `book` / `release` / `confirm` /
 * `booking`, typed in @shop/inventory's BookingService):
 * - `quote(QuoteInput) -> SkuQuote[]`: what the cart prices a SKU with; unknown SKUs are left out.
 * - `classQuote({ classIds }) -> ClassQuote[]`: the same for classes.
 * - `holdSeat(HoldSeatInput) -> SeatHold`: phase 1 of C1–C3, one seat taken at once
 *   (`CLASS_FULL`, `BAD_USER_INPUT` on `swimmerId` for the same swimmer twice).
 * - `releaseHolds({ cartId, registrationIds?, reason }) -> { released: number }`: seats of the
 *   cart's HELD registrations (or only those listed) back to the class; idempotent.
 * - `registerHolds({ cartId, orderId }) -> { registered: number }`: phase 2 follow-up steps
 *   (HELD -> REGISTERED, reservation removed, students and swimmer classes updated); idempotent.
 * - `adoptHold({ registrationId, cartId }) -> SeatHold`: a seat offered from the waitlist (held
 *   with no cart) joins the customer's cart; idempotent for the same cart.
 */
export const InventoryOps = {
  quote: 'quote',
  classQuote: 'classQuote',
  holdSeat: 'holdSeat',
  releaseHolds: 'releaseHolds',
  registerHolds: 'registerHolds',
  adoptHold: 'adoptHold',
  book: 'book',
  release: 'release',
  confirm: 'confirm',
  booking: 'booking',
} as const;

export interface QuoteInput {
  skuIds: string[];
  /** The viewer's customer level: which shelf price applies. */
  level: string;
}

export interface SkuQuote {
  skuId: string;
  productId: string;
  productName: string;
  skuName: string;
  /** Inside its shelf window and not taken off. */
  onShelf: boolean;
  /** The level's price while on shelf, else null. */
  price: Money | null;
  originalPrice: Money | null;
  /** The product shelf's freight, charged once per product in a cart. */
  freight: Money | null;
  /** min(shelf remaining, warehouse stock not booked); 0 when off shelf (O2). */
  displayStock: number;
}

export interface ClassQuote {
  classId: string;
  title: string;
  startsAt: string;
  price: Money;
  seatsRemain: number;
}

export interface HoldSeatInput {
  cartId: string;
  accountId: string;
  classId: string;
  swimmerId: string;
  swimmerName: string;
}

export interface SeatHold {
  registrationId: string;
  classId: string;
  swimmerId: string;
  cartId: string | null;
  status: 'HELD' | 'REGISTERED' | 'CANCELED';
  price: Money;
  title: string;
  /** Seats left in the class right after a new hold took one (absent on a repeated request). */
  seatsRemain?: number;
}

/** Events inventory publishes about classes (besides StockBooked/StockNegative/StockReleased/StockAssembled). */
export const ClassEvents = {
  /** Payload {@link SeatsChangedPayload}; the gateway turns it into `classSeatsChanged`. */
  SeatsChanged: 'SeatsChanged',
  /** Payload: registrationId, accountId, classId, orderId, swimmerName, classTitle, startsAt. */
  ClassRegistered: 'ClassRegistered',
  /** Payload {@link RegistrationCanceledPayload}. */
  RegistrationCanceled: 'RegistrationCanceled',
  /** Payload {@link WaitlistOfferedPayload}. */
  WaitlistOffered: 'WaitlistOffered',
} as const;

export interface SeatsChangedPayload {
  classId: string;
  seatsTotal: number;
  seatsRemain: number;
}

export interface RegistrationCanceledPayload {
  registrationId: string;
  accountId: string;
  classId: string;
  orderId: string | null;
  /** The class price to refund through the order's payments (class not started yet), or null. */
  refund: Money | null;
  reason: string;
}

export interface WaitlistOfferedPayload {
  accountId: string;
  registrationId: string;
  classId: string;
  swimmerId: string;
  swimmerName: string;
  classTitle: string;
  holdUntil: string;
}
