import {
  badInput,
  byKeys,
  connection,
  decodeCursor,
  encodeCursor,
  hasRole,
  isUuid,
  loader,
  notFound,
  optionalText,
  pageSize,
  requireAccount,
  requireRole,
  type AccountIdentity,
  type SubgraphContext,
} from '@shop/platform';
import type { OrderStatus, PaymentStatus, Resolvers, StockStatus } from '../__generated__/resolvers-types.js';
import type { OrderHistoryRow, OrderRow } from '../db/schema.js';
import { hasShipment } from '../domain/aggregate.js';
import type { OrderCommands } from '../domain/commands.js';
import type { OrderStore } from '../domain/store.js';

/** Staff who may read every order (API.md: OPERATOR+, and shipping needs to see what it ships); ADMIN always may. */
const ORDER_READERS = ['OPERATOR', 'SHIPPING_OPERATOR'] as const;

const money = (amount: number, currency: string) => ({ amount, currency });
/** Database timestamps as ISO-8601 with a zone (API.md). */
const iso = (value: string) => new Date(value).toISOString();

/**
 * Thin resolvers: authorize, then read through the store or act through the commands. A
 * customer sees only their own orders; another customer's order is null (or NOT_FOUND for a
 * command), never revealed.
 */
export function orderResolvers(store: OrderStore, commands: OrderCommands): Resolvers {
  const orderById = (ctx: SubgraphContext) => loader<string, OrderRow | null>(ctx, 'order', async (ids) => byKeys(ids, await store.byIds(ids), (o) => o.id));
  const historyOf = (ctx: SubgraphContext) =>
    loader<string, OrderHistoryRow[]>(ctx, 'orderHistory', async (ids) => {
      const rows = await store.historyOf(ids);
      return ids.map((id) => rows.filter((r) => r.orderId === id));
    });
  const mayRead = (caller: AccountIdentity, order: OrderRow) => order.accountId === caller.accountId || hasRole(caller, ...ORDER_READERS);
  /** The order if the caller may read it, else null. */
  const readable = async (ctx: SubgraphContext, id: string) => {
    const caller = requireAccount(ctx.identity);
    const order = await orderById(ctx).load(id);
    return order && mayRead(caller, order) ? order : null;
  };
  const page = async (filter: { accountId?: string; status?: string | null }, first: number | null | undefined, after: string | null | undefined) => {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 1);
    if (cursor && !isUuid(String(cursor[0]))) throw badInput('after', 'after is not a cursor of this list');
    const rows = await store.list(filter, limit, cursor ? String(cursor[0]) : null);
    return connection(rows, limit, (o) => encodeCursor([o.id]));
  };

  return {
    Query: {
      order: (_, { id }, ctx) => readable(ctx, id),
      orders: (_, { status, first, after }, ctx) => page({ accountId: requireAccount(ctx.identity).accountId, status }, first, after),
      allOrders: (_, { status, first, after }, ctx) => {
        requireRole(ctx.identity, ...ORDER_READERS);
        return page({ status }, first, after);
      },
      orderStatusEvent: async (_, { orderId, version }, ctx) => {
        const caller = requireAccount(ctx.identity);
        const order = await orderById(ctx).load(orderId);
        if (!order || order.accountId !== caller.accountId) return null;
        return store.historyEntry(orderId, version);
      },
    },
    Mutation: {
      checkout: (_, { input }, ctx) => commands.checkout(requireAccount(ctx.identity), input),
      confirmPaidFromClient: (_, { orderId }, ctx) => commands.confirmPaidFromClient(requireAccount(ctx.identity), orderId),
      cancelOrder: (_, { orderId, reason }, ctx) => {
        const caller = requireAccount(ctx.identity);
        return commands.cancel(caller, orderId, optionalText('reason', reason, 500), hasRole(caller, 'OPERATOR'));
      },
      shipOrder: (_, { orderId }, ctx) => commands.ship(requireRole(ctx.identity, 'SHIPPING_OPERATOR'), orderId),
    },
    Order: {
      __resolveReference: (ref, ctx) => readable(ctx, ref.id),
      status: (o) => o.status as OrderStatus,
      stockStatus: (o) => o.stockStatus as StockStatus,
      paymentStatus: (o) => o.paymentStatus as PaymentStatus,
      items: (o) => o.lines,
      subtotal: (o) => money(o.subtotal, o.currency),
      discounts: (o) => o.discounts,
      freight: (o) => money(o.freight, o.currency),
      total: (o) => money(o.total, o.currency),
      paid: (o) => money(o.captured - o.refunded, o.currency),
      refunded: (o) => money(o.refunded, o.currency),
      walletAmount: (o) => money(o.walletAmount, o.currency),
      payDeadline: (o) => iso(o.payDeadline),
      address: (o) => (o.address ? { id: o.address.id } : null),
      shippingAddress: (o) => o.address,
      shipment: (o) => {
        if (!hasShipment(o)) return null;
        const status = o.deliveredAt ? 'DELIVERED' : o.shippedAt ? 'SHIPPED' : ['CANCELED', 'REFUNDED'].includes(o.status) ? 'CANCELED' : 'PENDING';
        return {
          status,
          trackingNo: o.trackingNo,
          shippedAt: o.shippedAt && iso(o.shippedAt),
          deliveredAt: o.deliveredAt && iso(o.deliveredAt),
        };
      },
      history: async (o, { all }, ctx) => {
        const rows = await historyOf(ctx).load(o.id);
        return all ? rows : rows.filter((r) => r.fromStatus !== r.toStatus);
      },
      createdAt: (o) => iso(o.createdAt),
      account: (o) => ({ id: o.accountId }),
    },
    OrderItem: {
      id: (line) => line.itemId,
      sku: (line) => (line.skuId ? { id: line.skuId } : null),
      warehouse: (line) => (line.warehouseId ? { id: line.warehouseId } : null),
      swimClass: (line) => (line.classId ? { id: line.classId } : null),
      swimmer: (line) => (line.swimmerId ? { id: line.swimmerId } : null),
    },
    OrderChange: {
      at: (h) => iso(h.at),
      from: (h) => h.fromStatus as OrderStatus | null,
      to: (h) => h.toStatus as OrderStatus,
      stockStatus: (h) => h.stockStatus as StockStatus,
      paymentStatus: (h) => h.paymentStatus as PaymentStatus,
    },
    OrderStatusEvent: {
      order: async (h, _, ctx) => {
        const order = await orderById(ctx).load(h.orderId);
        if (!order) throw notFound('Order');
        return order;
      },
      at: (h) => iso(h.at),
      from: (h) => h.fromStatus as OrderStatus | null,
      to: (h) => h.toStatus as OrderStatus,
    },
  };
}
