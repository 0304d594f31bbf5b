import { forbidden, hasRole, loader, requireAccount, requireRole, type SubgraphContext } from '@shop/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { PaymentRow, RefundRow } from '../db/schema.js';
import type { PaymentService } from '../domain/payments.js';
import type { RefundService } from '../domain/refunds.js';
import type { PaymentState, RefundState } from '../domain/states.js';
import type { WalletService } from '../domain/wallet.js';

/** Staff who see every order's payments, refunds and wallets. */
const STAFF = ['OPERATOR'] as const;

const iso = (timestamp: string) => new Date(timestamp).toISOString();

/**
 * Thin resolvers: authorize, then call the payment, refund and wallet services. A customer sees
 * only their own payments, refunds and balance; OPERATOR (and ADMIN) see everyone's.
 */
export function paymentResolvers(deps: { payments: PaymentService; refunds: RefundService; wallet: WalletService }): Resolvers {
  const { payments, refunds, wallet } = deps;
  const grouped = <T extends { orderId: string }>(name: string, fetch: (ids: readonly string[]) => Promise<T[]>) => (ctx: SubgraphContext) =>
    loader<string, T[]>(ctx, name, async (ids) => {
      const rows = await fetch(ids);
      return ids.map((id) => rows.filter((r) => r.orderId === id));
    });
  const paymentsOf = grouped<PaymentRow>('paymentsOfOrder', (ids) => payments.byOrders(ids));
  const refundsOf = grouped<RefundRow>('refundsOfOrder', (ids) => refunds.byOrders(ids));

  /** The rows of one order, if the caller may see that order's money: its owner (whose account the rows carry) or staff. */
  const visible = <T extends { accountId: string }>(ctx: SubgraphContext, rows: T[]): T[] => {
    const caller = requireAccount(ctx.identity);
    if (!hasRole(caller, ...STAFF) && rows.some((r) => r.accountId !== caller.accountId)) throw forbidden('Not your order');
    return rows;
  };

  return {
    Query: {
      paymentMethods: (_, { orderId }, ctx) => payments.methodsFor(requireAccount(ctx.identity), orderId),
    },
    Mutation: {
      pay: (_, { orderId, method, amount }, ctx) => payments.pay(requireAccount(ctx.identity), { orderId, method, amount }),
      requestRefund: (_, { input }, ctx) => refunds.request(requireAccount(ctx.identity), input),
      creditWallet: (_, { accountId, amount, reason }, ctx) => {
        const operator = requireRole(ctx.identity, ...STAFF);
        return wallet.creditByOperator(operator.accountId, { accountId, amount, reason });
      },
    },
    Payment: {
      amount: (p) => ({ amount: p.amount, currency: p.currency }),
      status: (p) => p.status as PaymentState,
      createdAt: (p) => iso(p.createdAt),
    },
    Refund: {
      amount: (r) => ({ amount: r.amount, currency: r.currency }),
      status: (r) => r.status as RefundState,
      createdAt: (r) => iso(r.createdAt),
    },
    Order: {
      __resolveReference: (ref) => ({ id: ref.id }),
      payments: async (order, _, ctx) => visible(ctx, await paymentsOf(ctx).load(order.id)),
      refunds: async (order, _, ctx) => visible(ctx, await refundsOf(ctx).load(order.id)),
    },
    Account: {
      __resolveReference: (ref) => ({ id: ref.id }),
      walletBalance: (account, _, ctx) => {
        const caller = requireAccount(ctx.identity);
        if (caller.accountId !== account.id && !hasRole(caller, ...STAFF)) throw forbidden('Only the account itself or staff see its balance');
        return wallet.balance(account.id);
      },
    },
  };
}
