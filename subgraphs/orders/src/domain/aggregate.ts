import { AppError, ErrorCode } from '@shop/platform';
import type { OrderRow } from '../db/schema.js';
import {
  ENDED,
  ORDER_TRANSITIONS,
  PAID_OR_LATER,
  PAYMENT_TRANSITIONS,
  STOCK_TRANSITIONS,
  canMove,
  type OrderStatus,
  type PaymentStatus,
  type StockStatus,
} from './states.js';

/** Fields of an order a change may set besides its statuses. */
export type OrderPatch = Partial<
  Pick<OrderRow, 'captured' | 'refunded' | 'couponsState' | 'trackingNo' | 'shippedAt' | 'deliveredAt' | 'clientConfirmedAt' | 'lines'>
>;

/** One change of an order: one aggregate version, one history entry (L7). */
export interface Change {
  status?: OrderStatus;
  stockStatus?: StockStatus;
  paymentStatus?: PaymentStatus;
  patch?: OrderPatch;
  /** An account id, or `system:<step>` for the saga and the jobs. */
  actor: string;
  reason?: string | null;
}

/** A history entry not yet written. */
export interface PendingHistory {
  version: number;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  stockStatus: StockStatus;
  paymentStatus: PaymentStatus;
  actor: string;
  reason: string | null;
  at: string;
}

/** A refund the saga decided, asked of payments after commit (refund_requests). */
export interface PendingRefund {
  key: string;
  amount: number;
  reason: string;
}

/**
 * An order loaded (and locked) in a transaction, with the changes made to it so far. Each
 * {@link apply} checks the transition tables, bumps the aggregate version and queues a history
 * entry; {@link OrderStore.save} writes them all with one OrderStatusChanged event per status
 * change.
 */
export class OrderDraft {
  readonly history: PendingHistory[] = [];
  readonly refunds: PendingRefund[] = [];
  readonly loadedVersion: number;
  private current: OrderRow;

  constructor(
    order: OrderRow,
    /** The event being handled, if any: recorded on the history for the after-commit fan-out. */
    readonly sourceEventId: string | null = null,
  ) {
    this.current = order;
    this.loadedVersion = order.version;
  }

  /** A new order at version 1, its first history entry recording its creation by `actor`. */
  static create(order: OrderRow, actor: string): OrderDraft {
    const draft = new OrderDraft({ ...order, version: 1 });
    draft.history.push({
      version: 1,
      fromStatus: null,
      toStatus: order.status as OrderStatus,
      stockStatus: order.stockStatus as StockStatus,
      paymentStatus: order.paymentStatus as PaymentStatus,
      actor,
      reason: 'checkout',
      at: order.createdAt,
    });
    return draft;
  }

  get order(): OrderRow {
    return this.current;
  }

  get status(): OrderStatus {
    return this.current.status as OrderStatus;
  }

  get stockStatus(): StockStatus {
    return this.current.stockStatus as StockStatus;
  }

  get paymentStatus(): PaymentStatus {
    return this.current.paymentStatus as PaymentStatus;
  }

  get changed(): boolean {
    return this.history.length > 0 || this.refunds.length > 0;
  }

  /** Whether `change` is allowed by the tables (a status it already has counts as no move). */
  allows(change: Pick<Change, 'status' | 'stockStatus' | 'paymentStatus'>): boolean {
    return (
      (change.status === undefined || change.status === this.status || canMove(ORDER_TRANSITIONS, this.status, change.status)) &&
      (change.stockStatus === undefined || change.stockStatus === this.stockStatus || canMove(STOCK_TRANSITIONS, this.stockStatus, change.stockStatus)) &&
      (change.paymentStatus === undefined ||
        change.paymentStatus === this.paymentStatus ||
        canMove(PAYMENT_TRANSITIONS, this.paymentStatus, change.paymentStatus))
    );
  }

  /**
   * Applies a change, or throws INVALID_STATE when a table forbids one of its moves. A change
   * that moves nothing and sets nothing new is not recorded.
   */
  apply(change: Change, now = new Date()): this {
    if (!this.allows(change)) {
      const wanted = [change.status, change.stockStatus && `stock ${change.stockStatus}`, change.paymentStatus && `payment ${change.paymentStatus}`]
        .filter(Boolean)
        .join(', ');
      throw new AppError(ErrorCode.INVALID_STATE, `Order ${this.current.id} is ${this.status} and cannot move to ${wanted}`, {
        orderId: this.current.id,
        status: this.status,
      });
    }
    const next: OrderRow = {
      ...this.current,
      ...change.patch,
      status: change.status ?? this.current.status,
      stockStatus: change.stockStatus ?? this.current.stockStatus,
      paymentStatus: change.paymentStatus ?? this.current.paymentStatus,
    };
    const touched = (Object.keys(change.patch ?? {}) as (keyof OrderPatch)[]).some(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(this.current[key]),
    );
    if (!touched && next.status === this.current.status && next.stockStatus === this.current.stockStatus && next.paymentStatus === this.current.paymentStatus) {
      return this;
    }
    next.version = this.current.version + 1;
    next.updatedAt = now.toISOString();
    this.history.push({
      version: next.version,
      fromStatus: this.current.status as OrderStatus,
      toStatus: next.status as OrderStatus,
      stockStatus: next.stockStatus as StockStatus,
      paymentStatus: next.paymentStatus as PaymentStatus,
      actor: change.actor,
      reason: change.reason ?? null,
      at: next.updatedAt,
    });
    this.current = next;
    return this;
  }

  /** Queues a refund of `amount` (idempotent by `key`) to be asked of payments after commit. */
  refund(key: string, amount: number, reason: string): this {
    if (amount > 0) this.refunds.push({ key, amount, reason });
    return this;
  }
}

/** Whether the order has follow-up work with another service (see `orders.needs_followup`). */
export function needsFollowup(order: Pick<OrderRow, 'status' | 'stockStatus' | 'couponsState'>): boolean {
  const status = order.status as OrderStatus;
  const ended = ENDED.includes(status);
  if (order.stockStatus === 'BOOKED' && (ended || PAID_OR_LATER.includes(status))) return true;
  if (status === 'CANCELED' && order.couponsState === 'RESERVED') return true;
  return status === 'PAID' && order.stockStatus !== 'ERROR';
}

/** Whether the order has anything to deliver (product lines): class-only orders do not. */
export const hasShipment = (order: Pick<OrderRow, 'lines'>) => order.lines.some((l) => l.skuId !== null);
