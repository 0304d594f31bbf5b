/**
 * The three state machines of an order (M10, ARCHITECTURE.md) as transition tables. Every
 * change goes through {@link canMove}; an event asking for a move the table does not allow (a
 * late or repeated one, M2) changes nothing.
 */

export const ORDER_STATUSES = [
  'NEW',
  'BOOKING_PENDING',
  'BOOKED',
  'PAY_PENDING',
  'PAID_PARTIAL',
  'PAID',
  'SHIPPING_PENDING',
  'SHIPPED',
  'COMPLETED',
  'CANCELED',
  'REFUNDED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Order status. Checkout walks NEW..PAY_PENDING inside one call. An order with nothing to ship
 * (classes only) goes from PAID straight to COMPLETED. Cancelling is possible until it ships;
 * a full refund ends a paid order as REFUNDED.
 */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  NEW: ['BOOKING_PENDING', 'CANCELED'],
  BOOKING_PENDING: ['BOOKED', 'CANCELED'],
  BOOKED: ['PAY_PENDING', 'CANCELED'],
  PAY_PENDING: ['PAID_PARTIAL', 'PAID', 'CANCELED'],
  PAID_PARTIAL: ['PAID', 'CANCELED'],
  PAID: ['SHIPPING_PENDING', 'COMPLETED', 'CANCELED', 'REFUNDED'],
  SHIPPING_PENDING: ['SHIPPED', 'CANCELED', 'REFUNDED'],
  SHIPPED: ['COMPLETED', 'REFUNDED'],
  COMPLETED: ['REFUNDED'],
  CANCELED: [],
  REFUNDED: [],
};

export const STOCK_STATUSES = ['NONE', 'PENDING', 'BOOKED', 'ERROR', 'ASSEMBLED', 'RELEASED'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/**
 * Stock status of the order's product lines. NONE: nothing to stock (classes only). BOOKED at
 * checkout; ASSEMBLED once paid (inventory `confirm`); RELEASED when cancelled (before shipping:
 * assembled units go back into their warehouse);
 * ERROR when inventory refused a step the saga needed.
 */
export const STOCK_TRANSITIONS: Record<StockStatus, readonly StockStatus[]> = {
  NONE: [],
  PENDING: ['BOOKED', 'ERROR'],
  BOOKED: ['ASSEMBLED', 'RELEASED', 'ERROR'],
  ERROR: [],
  ASSEMBLED: ['RELEASED'],
  RELEASED: [],
};

export const PAYMENT_STATUSES = ['NEW', 'PENDING', 'PAID_PARTIAL', 'PAID', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Payment status: PENDING once a payment is authorized, PAID_PARTIAL with part of the total
 * captured, PAID with all of it, REFUNDED when everything captured went back. A capture may
 * arrive before its authorization, so NEW may skip PENDING.
 */
export const PAYMENT_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  NEW: ['PENDING', 'PAID_PARTIAL', 'PAID', 'REFUNDED'],
  PENDING: ['PAID_PARTIAL', 'PAID', 'REFUNDED'],
  PAID_PARTIAL: ['PAID', 'REFUNDED'],
  PAID: ['REFUNDED'],
  REFUNDED: [],
};

export function canMove<S extends string>(table: Record<S, readonly S[]>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** Not paid yet: the payment deadline applies, and the customer's one open order is this. */
export const UNPAID: readonly OrderStatus[] = ['PAY_PENDING', 'PAID_PARTIAL'];
/** Fully paid and not ended: what a capture or a refund may still act on. */
export const PAID_OR_LATER: readonly OrderStatus[] = ['PAID', 'SHIPPING_PENDING', 'SHIPPED', 'COMPLETED'];
/** The order is over; only money may still move (refunds). */
export const ENDED: readonly OrderStatus[] = ['CANCELED', 'REFUNDED'];

/** Whether the customer or an operator may still cancel: before it ships (API.md). */
export const isCancelable = (status: OrderStatus) => canMove(ORDER_TRANSITIONS, status, 'CANCELED');

/**
 * The payment status the amounts call for. Refunds never lower an order below what it reached
 * (a partly refunded order stays PAID); everything captured and refunded is REFUNDED.
 */
export function paymentStatusFor(amounts: { total: number; captured: number; refunded: number }, current: PaymentStatus): PaymentStatus {
  const { total, captured, refunded } = amounts;
  if (captured > 0 && refunded >= captured) return 'REFUNDED';
  if (captured - refunded >= total && captured > 0) return 'PAID';
  if (captured > 0) return current === 'PAID' ? 'PAID' : 'PAID_PARTIAL';
  return current;
}
