import { OrderEvents, type EventEnvelope, type InboxHandler, type OrderStatusChangedPayload } from '@shop/platform';
import type { WalletService } from '../domain/wallet.js';

/** Events payments consumes, each applied once through its inbox. */
export function paymentHandlers(wallet: WalletService): Record<string, InboxHandler> {
  return {
    /** A completed order earns its owner the rebate (seed 001), once per order. */
    [OrderEvents.OrderStatusChanged]: async (tx, event: EventEnvelope<OrderStatusChangedPayload>) => {
      if (event.payload.to !== 'COMPLETED') return;
      await wallet.rebate(tx, { orderId: event.payload.orderId, accountId: event.payload.accountId });
    },
  };
}
