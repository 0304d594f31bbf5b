import type { EventRegistry } from '@shop/platform';

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

export function defineInventoryEvents(registry: EventRegistry): void {
  for (const type of Object.values(InventoryEvents)) registry.define(type, 1);
}
