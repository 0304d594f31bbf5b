import { CartEvents, ClassEvents, OrderEvents, type EventRegistry } from '@shop/platform';

/** Events the cart consumes (ARCHITECTURE.md event catalogue); payloads are typed in the platform's contracts. */
export const ConsumedEvents = {
  OrderStatusChanged: OrderEvents.OrderStatusChanged,
  WaitlistOffered: ClassEvents.WaitlistOffered,
} as const;

/** Declares the cart's own events (payload CartEventPayload, version 1). */
export function defineCartEvents(registry: EventRegistry): void {
  for (const type of Object.values(CartEvents)) registry.define(type, 1);
}
