import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  AppError,
  CouponOps,
  ErrorCode,
  InventoryOps,
  PaymentOps,
  Pump,
  Services,
  type Db,
  type InternalClient,
  type Leases,
  type Logger,
} from '@shop/platform';
import { refundRequests, type OrderRow } from '../db/schema.js';
import { hasShipment } from './aggregate.js';
import { ENDED, PAID_OR_LATER, type OrderStatus } from './states.js';
import type { OrderStore } from './store.js';
import type { OrderUpdates } from './updates.js';

/** What one follow-up pass did to an order (the reconciler counts these). */
export type FollowupStep = 'stock_confirmed' | 'stock_released' | 'stock_error' | 'coupons_released' | 'fulfilment' | 'refund_requested' | 'refund_refused';

const FULFILMENT_ACTOR = 'system:fulfilment';
const CONCURRENCY = 4;
/** How soon an order another pass was holding is tried again. */
const BUSY_RETRY_MS = 200;

/**
 * Drives orders forward (or back) through the steps that need another service, after the
 * transaction that made them due has committed (L4 "forward": lock, load, act, unlock): a paid
 * order's stock is confirmed (assembled) and the order handed to fulfilment (S8); an order that
 * ended unpaid gets its stock and coupon uses released (M8); refunds the saga decided are asked
 * of payments. Remote calls never run inside a database transaction: each step calls the
 * (idempotent) operation, then records its outcome under the order's row lock, re-checking the
 * state there. One instance at a time works on an order, under a lease with expiry (L5); a step
 * that fails is left for the next kick or the reconciler.
 */
export class FollowupDriver {
  private readonly due = new Set<string>();
  private readonly pump: Pump;
  private stopped = false;

  constructor(
    private readonly deps: {
      db: Db;
      store: OrderStore;
      updates: OrderUpdates;
      internal: InternalClient;
      leases: Leases;
      nodeId: string;
      leaseMs: number;
      log: Logger;
    },
  ) {
    this.pump = new Pump(() => this.pass(), 1000, (err) => deps.log.warn({ err }, 'order follow-up pass failed'));
  }

  start(): void {
    this.stopped = false;
    this.pump.start();
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.pump.stop();
  }

  /** Schedules a follow-up pass for the order (coalesced with one already scheduled). */
  kick(orderId: string): void {
    this.due.add(orderId);
    this.pump.poke();
  }

  private async pass(): Promise<boolean> {
    const batch = [...this.due].slice(0, CONCURRENCY * 8);
    for (const id of batch) this.due.delete(id);
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const orderId = batch[next++];
        const did = await this.advance(orderId).catch((err: unknown) => {
          this.deps.log.warn({ err, orderId }, 'order follow-up failed; the reconciler retries it');
          return [];
        });
        // Someone else is working on the order: what this kick was for may come after their pass.
        if (did === null && !this.stopped) setTimeout(() => this.kick(orderId), BUSY_RETRY_MS).unref();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return this.due.size > 0;
  }

  /** Does every follow-up step the order has due, in order; returns what it did, or null when another pass holds the order. */
  async advance(orderId: string): Promise<FollowupStep[] | null> {
    const lease = `orders.order:${orderId}`;
    const holder = `${this.deps.nodeId}:${randomUUID()}`;
    if (!(await this.deps.leases.acquire(lease, holder, this.deps.leaseMs))) return null;
    const did: FollowupStep[] = [];
    try {
      let order = await this.deps.store.byId(orderId);
      if (!order) return did;
      const status = order.status as OrderStatus;
      if (order.stockStatus === 'BOOKED' && PAID_OR_LATER.includes(status)) did.push(await this.confirmStock(order));
      else if (order.stockStatus === 'BOOKED' && ENDED.includes(status)) did.push(await this.releaseStock(order));
      // Cancelled after payment, before shipping (cancelOrder allows nothing later): restock.
      else if (order.stockStatus === 'ASSEMBLED' && status === 'CANCELED') did.push(await this.releaseStock(order));

      order = (await this.deps.store.byId(orderId))!;
      if (order.status === 'CANCELED' && order.couponsState === 'RESERVED') {
        await this.deps.internal.call(Services.coupons, CouponOps.release, { orderId, reason: 'order canceled' });
        await this.deps.updates.mutate(orderId, (draft) => {
          if (draft.order.couponsState === 'RESERVED') draft.apply({ patch: { couponsState: 'RELEASED' }, actor: FULFILMENT_ACTOR, reason: 'coupon uses released' });
        });
        did.push('coupons_released');
      }

      order = (await this.deps.store.byId(orderId))!;
      if (order.status === 'PAID' && (order.stockStatus === 'ASSEMBLED' || order.stockStatus === 'NONE')) {
        await this.deps.updates.mutate(orderId, (draft) => {
          if (draft.status !== 'PAID' || !['ASSEMBLED', 'NONE'].includes(draft.stockStatus)) return;
          if (hasShipment(draft.order)) draft.apply({ status: 'SHIPPING_PENDING', actor: FULFILMENT_ACTOR, reason: 'purchased: fulfilment started' });
          else draft.apply({ status: 'COMPLETED', actor: FULFILMENT_ACTOR, reason: 'nothing to ship' });
        });
        did.push('fulfilment');
      }

      did.push(...(await this.requestRefunds(order)));
      await this.deps.store.settleFollowup(orderId);
      return did;
    } finally {
      await this.deps.leases.release(lease, holder).catch(() => undefined);
    }
  }

  /** Paid: the booked units leave their warehouses (inventory `confirm`, O5). */
  private async confirmStock(order: OrderRow): Promise<FollowupStep> {
    try {
      await this.deps.internal.call(Services.inventory, InventoryOps.confirm, { orderId: order.id });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Inventory refuses (the stock was released meanwhile): a person has to look at this order.
      this.deps.log.error({ orderId: order.id, err: err.message }, 'stock of a paid order could not be confirmed');
      await this.deps.updates.mutate(order.id, (draft) => {
        if (draft.stockStatus === 'BOOKED') draft.apply({ stockStatus: 'ERROR', actor: FULFILMENT_ACTOR, reason: `stock not confirmed: ${err.message}` });
      });
      return 'stock_error';
    }
    await this.deps.updates.mutate(order.id, (draft) => {
      if (draft.stockStatus === 'BOOKED') draft.apply({ stockStatus: 'ASSEMBLED', actor: FULFILMENT_ACTOR, reason: 'stock confirmed' });
    });
    return 'stock_confirmed';
  }

  /** Ended unpaid (or refunded before fulfilment), or cancelled after payment: the units go back (inventory `release`, M8, O4). */
  private async releaseStock(order: OrderRow): Promise<FollowupStep> {
    try {
      await this.deps.internal.call(Services.inventory, InventoryOps.release, { orderId: order.id, reason: `order ${order.status.toLowerCase()}` });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== ErrorCode.INVALID_STATE) throw err;
      // Confirmed by a step that raced this one: the units already left the warehouse.
      await this.deps.updates.mutate(order.id, (draft) => {
        if (draft.stockStatus === 'BOOKED') draft.apply({ stockStatus: 'ASSEMBLED', actor: FULFILMENT_ACTOR, reason: `stock not released: ${err.message}` });
      });
      return 'stock_error';
    }
    await this.deps.updates.mutate(order.id, (draft) => {
      if (draft.stockStatus === 'BOOKED' || draft.stockStatus === 'ASSEMBLED') draft.apply({ stockStatus: 'RELEASED', actor: FULFILMENT_ACTOR, reason: 'stock released' });
    });
    return 'stock_released';
  }

  /** Asks payments for every refund the saga decided for the order and payments has not answered yet. */
  private async requestRefunds(order: OrderRow): Promise<FollowupStep[]> {
    const due = await this.deps.db
      .select()
      .from(refundRequests)
      .where(and(eq(refundRequests.orderId, order.id), isNull(refundRequests.requestedAt)))
      .orderBy(asc(refundRequests.createdAt));
    const did: FollowupStep[] = [];
    for (const request of due) {
      let outcome: { refundId: string | null; outcome: string };
      try {
        const refund = await this.deps.internal.call<{ refundId: string }>(Services.payments, PaymentOps.refund, {
          orderId: order.id,
          amount: { amount: request.amount, currency: request.currency },
          reason: request.reason,
          idempotencyKey: request.key,
        });
        outcome = { refundId: refund.refundId, outcome: 'REQUESTED' };
        did.push('refund_requested');
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // Nothing (more) to refund, e.g. the customer's own refund took it: recorded, not retried.
        this.deps.log.warn({ orderId: order.id, key: request.key, err: err.message }, 'refund refused by payments');
        outcome = { refundId: null, outcome: `REFUSED: ${err.code} ${err.message}` };
        did.push('refund_refused');
      }
      await this.deps.db
        .update(refundRequests)
        .set({ requestedAt: new Date().toISOString(), ...outcome })
        .where(and(eq(refundRequests.key, request.key), isNull(refundRequests.requestedAt)));
    }
    return did;
  }
}
