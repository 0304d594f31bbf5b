import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import {
  OrderEvents,
  insertJsonRecords,
  isUuid,
  SqlStatement,
  type Db,
  type NewEvent,
  type OrderStatusChangedPayload,
  type Outbox,
  type Queryable,
  type Tx,
} from '@shop/platform';
import { checkoutRequests, orderHistory, orders, openOrders, refundRequests, type OrderHistoryRow, type OrderRow } from '../db/schema.js';
import { OrderDraft, needsFollowup, type PendingHistory } from './aggregate.js';
import { UNPAID, type OrderStatus } from './states.js';

/** History entries, any number of them in one statement: the rows as one JSON array. */
const insertHistory = new SqlStatement(() => insertJsonRecords(orderHistory, sql.placeholder('entries')));

/** The checkout whose order is being written still holds its claim on the customer's open-order slot. */
const CLAIM_HELD = sql`where exists (select 1 from done)`;

/** One status change that committed: what the live fan-out and the metrics need. */
export interface CommittedStatusChange {
  orderId: string;
  accountId: string;
  version: number;
  from: string | null;
  to: string;
}

/**
 * Reads and writes of the order aggregate. Writes happen on a locked row inside the caller's
 * transaction, with their history and outbox events (M1); nothing here calls another service.
 */
export class OrderStore {
  constructor(
    readonly db: Db,
    private readonly outbox: Outbox,
  ) {}

  /** The order, locked for the rest of `tx`, as a draft to change; null when there is none. */
  async lock(tx: Tx, orderId: string, sourceEventId: string | null = null): Promise<OrderDraft | null> {
    if (!isUuid(orderId)) return null;
    const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    return row ? new OrderDraft(row, sourceEventId) : null;
  }

  async byId(orderId: string, db: Queryable = this.db): Promise<OrderRow | null> {
    if (!isUuid(orderId)) return null;
    const [row] = await db.select().from(orders).where(eq(orders.id, orderId));
    return row ?? null;
  }

  async byIds(ids: readonly string[]): Promise<OrderRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.db.select().from(orders).where(inArray(orders.id, valid)) : [];
  }

  /** Newest first (ids sort by time), `limit + 1` rows after the cursor id. */
  list(filter: { accountId?: string; status?: string | null }, limit: number, beforeId: string | null): Promise<OrderRow[]> {
    const where: (SQL | undefined)[] = [
      filter.accountId ? eq(orders.accountId, filter.accountId) : undefined,
      filter.status ? eq(orders.status, filter.status) : undefined,
      beforeId ? lt(orders.id, beforeId) : undefined,
    ];
    return this.db
      .select()
      .from(orders)
      .where(and(...where))
      .orderBy(desc(orders.id))
      .limit(limit + 1);
  }

  /** History of several orders, oldest first per order. */
  historyOf(orderIds: readonly string[]): Promise<OrderHistoryRow[]> {
    const valid = orderIds.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return this.db.select().from(orderHistory).where(inArray(orderHistory.orderId, valid)).orderBy(asc(orderHistory.orderId), asc(orderHistory.version));
  }

  async historyEntry(orderId: string, version: number): Promise<OrderHistoryRow | null> {
    if (!isUuid(orderId)) return null;
    const [row] = await this.db
      .select()
      .from(orderHistory)
      .where(and(eq(orderHistory.orderId, orderId), eq(orderHistory.version, version)));
    return row ?? null;
  }

  /** Status changes an event caused, once its consumer committed (for the live fan-out). */
  async statusChangesBy(eventId: string): Promise<CommittedStatusChange[]> {
    const rows = await this.db
      .select({ history: orderHistory, accountId: orders.accountId })
      .from(orderHistory)
      .innerJoin(orders, eq(orders.id, orderHistory.orderId))
      .where(and(eq(orderHistory.sourceEventId, eventId), isNotNull(orderHistory.sourceEventId)))
      .orderBy(asc(orderHistory.version));
    return rows
      .filter((r) => r.history.fromStatus !== r.history.toStatus)
      .map((r) => ({ orderId: r.history.orderId, accountId: r.accountId, version: r.history.version, from: r.history.fromStatus, to: r.history.toStatus }));
  }

  /**
   * Inserts a new order with the history of the steps that made it, and `created` (its
   * OrderCreated event), if the checkout that made it still holds its claim (`open_orders`, not
   * abandoned by the reconciler); the checkout request is marked DONE with it. One statement:
   * nothing is written without the claim, and no transaction of its own is needed. Checkout walks
   * several statuses inside one call: only the last one is announced (OrderStatusChanged and the
   * live pointer), the others are in the history. Returns null when the claim was gone.
   */
  async insertClaimed(draft: OrderDraft, created: NewEvent, claim: { accountId: string; idempotencyKey: string }): Promise<CommittedStatusChange[] | null> {
    const order = draft.order;
    const statusChanges = statusChangesOf(draft).slice(-1);
    const [{ done }] = await this.insertClaimedOrder.run(this.db, {
      orderId: order.id,
      accountId: claim.accountId,
      idempotencyKey: claim.idempotencyKey,
      order: JSON.stringify([{ ...order, needsFollowup: needsFollowup(order) }]),
      history: JSON.stringify(historyRecords(draft)),
      events: this.outbox.records(created, ...statusEvents(order, statusChanges)).json,
      // Paid at once (nothing to pay): the customer may check out again (M6).
      frees: !UNPAID.includes(order.status as OrderStatus),
    });
    if (done === 0) return null;
    this.outbox.poke();
    return committed(order, statusChanges);
  }

  private readonly insertClaimedOrder = new SqlStatement<{ done: number }>(
    () => sql`with claim as (
        select order_id from ${openOrders} where order_id = ${sql.placeholder('orderId')} and abandoned_at is null for update),
      done as (
        update ${checkoutRequests} set status = 'DONE'
        where account_id = ${sql.placeholder('accountId')} and idempotency_key = ${sql.placeholder('idempotencyKey')} and exists (select 1 from claim)
        returning order_id),
      new_order as (${insertJsonRecords(orders, sql.placeholder('order'), { where: CLAIM_HELD })}),
      history as (${insertJsonRecords(orderHistory, sql.placeholder('history'), { where: CLAIM_HELD })}),
      events as (${this.outbox.insertSql(sql.placeholder('events'), CLAIM_HELD)}),
      freed as (
        delete from ${openOrders} where order_id = ${sql.placeholder('orderId')} and ${sql.placeholder('frees')}::boolean and exists (select 1 from done))
      select count(*)::int as done from done`,
  );

  /**
   * Writes a draft's changes: the order row (guarded by the version it was loaded with), its
   * history, one OrderStatusChanged per status change, the refunds it decided, and the removal
   * of the customer's open-order claim once the order is paid or over. Returns the status
   * changes to announce after commit.
   */
  async save(tx: Tx, draft: OrderDraft): Promise<CommittedStatusChange[]> {
    if (!draft.changed) return [];
    const { id, version: _version, createdAt: _createdAt, ...fields } = draft.order;
    const updated = await tx
      .update(orders)
      .set({ ...fields, version: draft.order.version, needsFollowup: needsFollowup(draft.order) || draft.refunds.length > 0 })
      .where(and(eq(orders.id, id), eq(orders.version, draft.loadedVersion)))
      .returning({ id: orders.id });
    if (updated.length === 0) throw new Error(`order ${id} changed under a lock (version ${draft.loadedVersion})`);
    return this.writeChanges(tx, draft);
  }

  /** The statements are independent of each other: they are sent together, in one round trip. */
  private async writeChanges(tx: Tx, draft: OrderDraft): Promise<CommittedStatusChange[]> {
    const order = draft.order;
    const writes: Promise<unknown>[] = [];
    if (draft.history.length > 0) writes.push(insertHistory.run(tx, { entries: JSON.stringify(historyRecords(draft)) }));
    if (draft.refunds.length > 0) {
      writes.push(
        tx
          .insert(refundRequests)
          .values(draft.refunds.map((r) => ({ key: r.key, orderId: order.id, amount: r.amount, currency: order.currency, reason: r.reason })))
          .onConflictDoNothing(),
      );
    }
    const statusChanges = statusChangesOf(draft);
    if (statusChanges.length > 0) writes.push(this.outbox.add(tx, ...statusEvents(order, statusChanges)));
    if (statusChanges.length > 0 && !UNPAID.includes(order.status as OrderStatus)) {
      // Paid or over: the customer may check out again (M6).
      writes.push(tx.delete(openOrders).where(and(eq(openOrders.accountId, order.accountId), eq(openOrders.orderId, order.id))));
    }
    await Promise.all(writes);
    return committed(order, statusChanges);
  }

  /**
   * Clears the follow-up flag once nothing is left to do: no step due and no refund to ask. A
   * change committed meanwhile bumps the version, so the flag then stays for the next pass.
   */
  async settleFollowup(orderId: string): Promise<void> {
    const order = await this.byId(orderId);
    if (!order?.needsFollowup || needsFollowup(order)) return;
    const due = await this.db
      .select({ key: refundRequests.key })
      .from(refundRequests)
      .where(and(eq(refundRequests.orderId, orderId), isNull(refundRequests.requestedAt)))
      .limit(1);
    if (due.length > 0) return;
    await this.db
      .update(orders)
      .set({ needsFollowup: false })
      .where(and(eq(orders.id, orderId), eq(orders.version, order.version)));
  }
}

/** The draft's history as rows of `order_history`. */
function historyRecords(draft: OrderDraft): OrderHistoryRow[] {
  return draft.history.map((h) => ({ orderId: draft.order.id, ...h, sourceEventId: draft.sourceEventId ?? null }));
}

/** The draft's history entries that changed the status (others change only stock or payment status). */
const statusChangesOf = (draft: OrderDraft) => draft.history.filter((h) => h.fromStatus !== h.toStatus);

/** One OrderStatusChanged per status change. */
function statusEvents(order: OrderRow, changes: PendingHistory[]): NewEvent<OrderStatusChangedPayload>[] {
  return changes.map((h) => ({
    type: OrderEvents.OrderStatusChanged,
    aggregateId: order.id,
    aggregateVersion: h.version,
    payload: {
      orderId: order.id,
      accountId: order.accountId,
      cartId: order.cartId,
      from: h.fromStatus,
      to: h.toStatus,
      actor: h.actor,
      reason: h.reason,
      at: h.at,
      paid: { amount: order.captured - order.refunded, currency: order.currency },
      total: { amount: order.total, currency: order.currency },
    },
  }));
}

const committed = (order: OrderRow, changes: PendingHistory[]): CommittedStatusChange[] =>
  changes.map((h) => ({ orderId: order.id, accountId: order.accountId, version: h.version, from: h.fromStatus, to: h.toStatus }));
