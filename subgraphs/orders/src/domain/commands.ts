import { CartOps, Services, notFound, type AccountIdentity, type InternalClient } from '@shop/platform';
import type { OrderRow } from '../db/schema.js';
import type { CheckoutInput, CheckoutService } from './checkout.js';
import { cancel, clientConfirmedPaid, ship } from './lifecycle.js';
import type { OrderStore } from './store.js';
import type { OrderUpdates } from './updates.js';

/** What customers and operators do to orders (the mutations), after the resolvers authorized them. */
export class OrderCommands {
  constructor(private readonly deps: { store: OrderStore; updates: OrderUpdates; checkout: CheckoutService; internal: InternalClient }) {}

  checkout(caller: AccountIdentity, input: CheckoutInput): Promise<OrderRow> {
    return this.deps.checkout.checkout(caller, input);
  }

  /**
   * S6: the app says it paid. The order's cart stops being the customer's cart (its items leave
   * the app's cart view); the order records the claim and keeps waiting for the provider.
   */
  async confirmPaidFromClient(caller: AccountIdentity, orderId: string): Promise<OrderRow> {
    const order = await this.deps.store.byId(orderId);
    if (!order || order.accountId !== caller.accountId) throw notFound('Order');
    // Refused before the cart is touched when the order is over.
    const checked = await this.deps.updates.mutate(orderId, (draft) => clientConfirmedPaid(draft, caller.accountId));
    await this.deps.internal.call(Services.cart, CartOps.detach, { orderId });
    return checked!;
  }

  /** Cancels an order of the caller's, or any order for an operator (`staff`); others' orders are not found. */
  async cancel(caller: AccountIdentity, orderId: string, reason: string | null, staff: boolean): Promise<OrderRow> {
    const order = await this.deps.store.byId(orderId);
    const own = order?.accountId === caller.accountId;
    if (!order || (!own && !staff)) throw notFound('Order');
    const why = reason ?? (own ? 'canceled by the customer' : 'canceled by an operator');
    return (await this.deps.updates.mutate(orderId, (draft) => cancel(draft, caller.accountId, why)))!;
  }

  /** SHIPPING_OPERATOR hands the order to the carrier (S10). */
  async ship(caller: AccountIdentity, orderId: string): Promise<OrderRow> {
    const order = await this.deps.updates.mutate(orderId, (draft) => ship(draft, caller.accountId));
    if (!order) throw notFound('Order');
    return order;
  }
}
