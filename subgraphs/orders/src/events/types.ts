import { CartEvents, ClassEvents, OrderEvents, PaymentEvents, type EventRegistry } from '@shop/platform';

/** Inventory's stock events the saga follows (their constants live in the inventory service). Payload: orderId, lines. */
export const StockEvents = {
  StockAssembled: 'StockAssembled',
  StockReleased: 'StockReleased',
} as const;

/** Every event the orders service consumes (ARCHITECTURE.md event catalogue). */
export const ConsumedEvents = {
  ...StockEvents,
  PaymentAuthorized: PaymentEvents.PaymentAuthorized,
  PaymentCaptured: PaymentEvents.PaymentCaptured,
  PaymentFailed: PaymentEvents.PaymentFailed,
  RefundSucceeded: PaymentEvents.RefundSucceeded,
  CartExpired: CartEvents.CartExpired,
  CartCanceled: CartEvents.CartCanceled,
  RegistrationCanceled: ClassEvents.RegistrationCanceled,
} as const;

export interface StockEventPayload {
  orderId: string;
  reason?: string | null;
}

/** The events the orders service publishes, at their current schema version (M9). */
export function defineOrderEvents(registry: EventRegistry): void {
  for (const type of Object.values(OrderEvents)) registry.define(type, 1);
}
