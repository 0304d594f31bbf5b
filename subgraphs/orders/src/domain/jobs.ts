import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { CouponOps, InventoryOps, Services, type Db, type InternalClient, type JobReport, type Leases, type Logger } from '@shop/platform';
import { checkoutRequests, openOrders, orders, refundRequests } from '../db/schema.js';
import type { FollowupDriver, FollowupStep } from './followup.js';
import { cancel, deliver } from './lifecycle.js';
import { UNPAID } from './states.js';
import type { OrderUpdates } from './updates.js';

const BATCH = 100;
/** How long a checkout's idempotency key is kept (S4). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/**
 * `orders.timeouts`: unpaid orders past their payment method's deadline are cancelled, which
 * releases what they hold and refunds a partial capture (API.md); idempotency keys older than
 * 24 h are forgotten.
 */
export class TimeoutJob {
  constructor(private readonly deps: { db: Db; updates: OrderUpdates }) {}

  async run(now = new Date()): Promise<JobReport> {
    const due = await this.deps.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(inArray(orders.status, [...UNPAID]), lte(orders.payDeadline, now.toISOString())))
      .orderBy(asc(orders.payDeadline))
      .limit(BATCH);
    let canceled = 0;
    for (const { id } of due) {
      const order = await this.deps.updates.mutate(id, (draft) => {
        if (!UNPAID.includes(draft.status) || Date.parse(draft.order.payDeadline) > now.getTime()) return;
        cancel(draft, 'system:timeout', `not paid by ${draft.order.payDeadline}`);
      });
      if (order?.status === 'CANCELED') canceled++;
    }
    const forgotten = await this.deps.db
      .delete(checkoutRequests)
      .where(lt(checkoutRequests.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()))
      .returning({ key: checkoutRequests.idempotencyKey });
    return { canceled, idempotency_keys_forgotten: forgotten.length };
  }
}

/** `orders.logistics`: the simulated carrier delivers what was shipped LOGISTICS_DELAY_MS ago (S10). */
export class LogisticsJob {
  constructor(private readonly deps: { db: Db; updates: OrderUpdates; delayMs: number }) {}

  async run(now = new Date()): Promise<JobReport> {
    const due = await this.deps.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.status, 'SHIPPED'), lte(orders.shippedAt, new Date(now.getTime() - this.deps.delayMs).toISOString())))
      .orderBy(asc(orders.shippedAt))
      .limit(BATCH);
    let delivered = 0;
    for (const { id } of due) {
      const order = await this.deps.updates.mutate(id, (draft) => void deliver(draft, now));
      if (order?.status === 'COMPLETED') delivered++;
    }
    return { delivered };
  }
}

/**
 * `orders.reconciler` (L4, L5): finds orders stuck between saga steps for longer than
 * RECONCILE_AFTER_MS and pushes them forward or back, idempotently:
 * - follow-up work left undone (a paid order whose stock is not confirmed or that never reached
 *   fulfilment, an ended one still holding stock or coupon uses, a refund not yet asked) goes
 *   through the follow-up driver again;
 * - an open-order claim whose order never appeared (a checkout that died half-way) has its
 *   booking and coupon uses released and is dropped, so the customer can check out again.
 * Per-order work runs under the order's lease and its row locks; what it did is logged per order
 * and counted by the job runner.
 */
export class ReconcilerJob {
  constructor(
    private readonly deps: {
      db: Db;
      driver: FollowupDriver;
      internal: InternalClient;
      leases: Leases;
      nodeId: string;
      leaseMs: number;
      afterMs: number;
      log: Logger;
    },
  ) {}

  async run(now = new Date()): Promise<JobReport> {
    const before = new Date(now.getTime() - this.deps.afterMs).toISOString();
    const report: JobReport = {};
    const count = (kind: string) => (report[kind] = (report[kind] ?? 0) + 1);

    const stuck = await this.deps.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.needsFollowup, true), lt(orders.updatedAt, before)))
      .orderBy(asc(orders.updatedAt))
      .limit(BATCH);
    const unasked = await this.deps.db
      .selectDistinct({ id: refundRequests.orderId })
      .from(refundRequests)
      .where(and(isNull(refundRequests.requestedAt), lt(refundRequests.createdAt, before)))
      .limit(BATCH);
    for (const id of new Set([...stuck, ...unasked].map((r) => r.id))) {
      let did: FollowupStep[] | null;
      try {
        did = await this.deps.driver.advance(id);
      } catch (err) {
        this.deps.log.warn({ orderId: id, err }, 'reconciler could not move the order on');
        count('failed');
        continue;
      }
      if (did === null) continue; // a follow-up pass holds it right now
      if (did.length > 0) this.deps.log.info({ orderId: id, did }, 'reconciler moved a stuck order on');
      did.forEach(count);
    }

    const orphans = await this.deps.db
      .select({ accountId: openOrders.accountId, orderId: openOrders.orderId })
      .from(openOrders)
      .where(and(lt(openOrders.claimedAt, before), sql`not exists (select 1 from ${orders} where ${orders.id} = ${openOrders.orderId})`))
      .limit(BATCH);
    for (const claim of orphans) {
      if (await this.releaseClaim(claim.accountId, claim.orderId)) {
        this.deps.log.info({ orderId: claim.orderId, accountId: claim.accountId }, 'reconciler released a checkout that never made its order');
        count('claims_released');
      }
    }
    return report;
  }

  /**
   * Gives back what a dead checkout held and drops its claim. The claim is first marked
   * abandoned under its row lock: a checkout still writing its order holds that lock, and once
   * it commits its order is seen here and nothing is released; a checkout that comes later finds
   * the mark and gives up. A release that fails leaves the mark for the next pass.
   */
  private async releaseClaim(accountId: string, orderId: string): Promise<boolean> {
    const lease = `orders.order:${orderId}`;
    const holder = `${this.deps.nodeId}:${randomUUID()}`;
    if (!(await this.deps.leases.acquire(lease, holder, this.deps.leaseMs))) return false;
    try {
      const orphan = await this.deps.db.transaction(async (tx) => {
        const [claim] = await tx.select().from(openOrders).where(eq(openOrders.orderId, orderId)).for('update');
        if (!claim) return false;
        const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
        if (order) return false;
        if (!claim.abandonedAt) await tx.update(openOrders).set({ abandonedAt: new Date().toISOString() }).where(eq(openOrders.orderId, orderId));
        return true;
      });
      if (!orphan) return false;
      const reason = 'checkout never completed';
      await this.deps.internal.call(Services.inventory, InventoryOps.release, { orderId, reason });
      await this.deps.internal.call(Services.coupons, CouponOps.release, { orderId, reason });
      await this.deps.db.transaction(async (tx) => {
        await tx.delete(openOrders).where(and(eq(openOrders.accountId, accountId), eq(openOrders.orderId, orderId)));
        await tx.delete(checkoutRequests).where(and(eq(checkoutRequests.accountId, accountId), eq(checkoutRequests.orderId, orderId), eq(checkoutRequests.status, 'PENDING')));
      });
      return true;
    } finally {
      await this.deps.leases.release(lease, holder).catch(() => undefined);
    }
  }
}
