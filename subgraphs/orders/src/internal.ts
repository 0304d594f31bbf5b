import type { InternalHandlers, OrderSummary } from '@shop/platform';
import type { OrderStore } from './domain/store.js';

/** Operations other services call on orders directly (contracts/orders.ts); read-only. */
export function ordersInternal(store: OrderStore): InternalHandlers {
  return {
    /** What payments needs to take a payment or a refund; null when there is no such order. */
    summary: async ({ orderId }: { orderId: string }): Promise<OrderSummary | null> => {
      const order = typeof orderId === 'string' ? await store.byId(orderId) : null;
      if (!order) return null;
      const money = (amount: number) => ({ amount, currency: order.currency });
      return {
        orderId: order.id,
        accountId: order.accountId,
        status: order.status,
        total: money(order.total),
        paid: money(order.captured - order.refunded),
        refunded: money(order.refunded),
        paymentMethod: order.paymentMethod,
        payDeadline: new Date(order.payDeadline).toISOString(),
      };
    },
  };
}
