import { createAccountsSubgraph } from '@shop/accounts';
import { createCartSubgraph } from '@shop/cart';
import { createCouponsSubgraph } from '@shop/coupons';
import { createNotificationsSubgraph } from '@shop/notifications';
import { createInventorySubgraph } from '@shop/inventory';
import { createOrdersSubgraph } from '@shop/orders';
import { createPaymentsSubgraph } from '@shop/payments';
import type { SubgraphFactory } from '@shop/platform';

/**
 * Every subgraph the embedded gateway can host, by the name it has in the supergraph. A subgraph
 * joins here when it joins the composed schema.
 */
export const SUBGRAPH_FACTORIES: Record<string, SubgraphFactory> = {
  accounts: createAccountsSubgraph,
  notifications: createNotificationsSubgraph,
  inventory: createInventorySubgraph,
  cart: createCartSubgraph,
  payments: createPaymentsSubgraph,
  coupons: createCouponsSubgraph,
  orders: createOrdersSubgraph,
};
