import { ClassEvents, type EventRegistry } from '@shop/platform';

/** Events the inventory service publishes (ARCHITECTURE.md event catalogue); aggregate: the order's booking. */
export const InventoryEvents = {
  /** Stock held for an order. Payload: orderId, lines [{ skuId, quantity, warehouseId }]. */
  StockBooked: 'StockBooked',
  /** An order's stock could not be booked; nothing was held. Payload: orderId, code, reason. */
  StockNegative: 'StockNegative',
  /** Held stock given back (order cancelled, payment failed). Payload: orderId, reason, lines. */
  StockReleased: 'StockReleased',
  /** Paid: held stock left its warehouses (booked -> assembled). Payload: orderId, lines. */
  StockAssembled: 'StockAssembled',
} as const;

/** Events inventory consumes, from the orders service (contracts/orders.ts). */
export const ConsumedEvents = {
  /** An order cancelled after payment gives its classes' seats back. */
  OrderStatusChanged: 'OrderStatusChanged',
} as const;

/** Stock events (aggregate: the order's booking) and class events (contracts/inventory.ts `ClassEvents`). */
export function defineInventoryEvents(registry: EventRegistry): void {
  for (const type of [...Object.values(InventoryEvents), ...Object.values(ClassEvents)]) registry.define(type, 1);
}
