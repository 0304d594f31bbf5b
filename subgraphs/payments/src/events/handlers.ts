import { OrderEvents, handleWhen, type InboxHandler, type OrderStatusChangedPayload } from '@shop/platform';
import type { WalletService } from '../domain/wallet.js';

/** Events payments consumes, each applied once through its inbox. */
export function paymentHandlers(wallet: WalletService): Record<string, InboxHandler> {
  return {
    /** A completed order earns its owner the rebate (seed 001), once per order. */
    [OrderEvents.OrderStatusChanged]: handleWhen<OrderStatusChangedPayload>(
      ({ to }) => to === 'COMPLETED',
      async (tx, event) => {
        await wallet.rebate(tx, { orderId: event.payload.orderId, accountId: event.payload.accountId });
      },
    ),
  };
}
