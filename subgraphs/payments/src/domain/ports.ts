import { AccountOps, OrderOps, Services, type InternalClient, type OrderSummary } from '@shop/platform';

/**
 * What payments asks other services, through their internal operations only
 * (contracts/orders.ts, contracts/accounts.ts).
 */
export class Ports {
  constructor(private readonly internal: InternalClient) {}

  /** The order's owner, status, total and payment state; null when there is no such order. */
  orderSummary(orderId: string): Promise<OrderSummary | null> {
    return this.internal.call<OrderSummary | null>(Services.orders, OrderOps.summary, { orderId });
  }

  async accountExists(accountId: string): Promise<boolean> {
    return (await this.internal.call<unknown>(Services.accounts, AccountOps.identity, { accountId })) !== null;
  }
}
