import { createHash } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  AppError,
  ErrorCode,
  PaymentEvents,
  badInput,
  hasRole,
  isUniqueViolation,
  notFound,
  optionalText,
  requiredText,
  uuidv7,
  type AccountIdentity,
  type Db,
  type InternalRefundInput,
  type Money,
  type OrderSummary,
  type Outbox,
  type Tx,
} from '@shop/platform';
import { refunds, type RefundRow } from '../db/schema.js';
import { refundPayload } from '../events/types.js';
import { lockOrder, orderMoney, refundable } from './order-money.js';
import { summaryOf } from './payments.js';
import type { Ports } from './ports.js';
import type { PaymentProvider } from './provider.js';
import type { WalletService } from './wallet.js';

/** Roles that may refund any customer's order. */
export const REFUND_STAFF_ROLES = ['OPERATOR'] as const;

export interface RefundRequest {
  orderId: string;
  amount: Money;
  reason?: string | null;
  idempotencyKey: string;
}

/**
 * Refunds (S9). A refund never takes more than captured − refunded − refunds in progress, checked
 * under the order's lock so that concurrent requests cannot over-refund together. It goes back
 * through the provider as far as the provider took the money, and to the wallet for the rest;
 * a refund with no provider part succeeds at once, any other waits for the provider's webhook.
 * The idempotency key (scoped to the order's owner) makes a retry return the first refund.
 */
export class RefundService {
  constructor(
    private readonly deps: { db: Db; outbox: Outbox; ports: Ports; wallet: WalletService; provider: PaymentProvider },
  ) {}

  /** `requestRefund`: by the order's owner, or staff; NOT_FOUND for anyone else. */
  async request(caller: AccountIdentity, input: RefundRequest): Promise<RefundRow> {
    const key = requiredText('idempotencyKey', input.idempotencyKey, 200);
    const reason = optionalText('reason', input.reason, 500);
    const order = await summaryOf(this.deps.ports, input.orderId);
    if (!order || (order.accountId !== caller.accountId && !hasRole(caller, ...REFUND_STAFF_ROLES))) throw notFound('Order');
    return this.create(order, { amount: input.amount, reason, key }, caller.accountId);
  }

  /** The internal `refund`: a refund the system decides (cancel after payment), with the same rules. */
  async requestBySystem(input: InternalRefundInput): Promise<{ refundId: string; status: string }> {
    const key = requiredText('idempotencyKey', input.idempotencyKey, 200);
    const reason = optionalText('reason', input.reason, 500);
    const order = await summaryOf(this.deps.ports, input.orderId);
    if (!order) throw notFound('Order');
    const refund = await this.create(order, { amount: input.amount, reason, key }, 'system:refund');
    return { refundId: refund.id, status: refund.status };
  }

  /** Every refund of the given orders, oldest first. */
  byOrders(orderIds: readonly string[]): Promise<RefundRow[]> {
    return this.deps.db
      .select()
      .from(refunds)
      .where(inArray(refunds.orderId, [...orderIds]))
      .orderBy(asc(refunds.createdAt), asc(refunds.id));
  }

  private async create(order: OrderSummary, request: { amount: Money; reason: string | null; key: string }, requestedBy: string): Promise<RefundRow> {
    const { amount, reason, key } = request;
    if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) throw badInput('amount', 'amount must be a positive number of minor units');
    if (amount.currency !== order.total.currency) throw badInput('amount', `The order was paid in ${order.total.currency}`);
    const requestHash = createHash('sha256').update(JSON.stringify([order.orderId, amount.amount, amount.currency, reason])).digest('hex');

    const attempt = () =>
      this.deps.outbox.transaction(async (tx) => {
        await lockOrder(tx, order.orderId);
        const [existing] = await tx
          .select()
          .from(refunds)
          .where(and(eq(refunds.accountId, order.accountId), eq(refunds.idempotencyKey, key)));
        if (existing) {
          if (existing.requestHash !== requestHash) {
            throw new AppError(ErrorCode.IDEMPOTENCY_CONFLICT, 'This idempotency key was used for a different refund');
          }
          return { refund: existing, created: false };
        }
        const money = await orderMoney(tx, order.orderId);
        const left = refundable(money);
        if (amount.amount > left) throw badInput('amount', `At most ${left} can be refunded (captured minus refunded and refunds in progress)`);
        const providerAmount = Math.min(amount.amount, money.providerCaptured - money.providerRefundReserved);
        const [created] = await tx
          .insert(refunds)
          .values({
            id: uuidv7(),
            orderId: order.orderId,
            accountId: order.accountId,
            amount: amount.amount,
            currency: amount.currency,
            providerAmount,
            walletAmount: amount.amount - providerAmount,
            status: providerAmount === 0 ? 'SUCCEEDED' : 'PENDING',
            reason,
            idempotencyKey: key,
            requestHash,
            requestedBy,
          })
          .returning();
        if (created.status === 'SUCCEEDED') await this.succeeded(tx, created);
        return { refund: created, created: true };
      });

    let result: Awaited<ReturnType<typeof attempt>>;
    try {
      result = await attempt();
    } catch (err) {
      // The same key on another order of the same owner, committed meanwhile: answer as a retry would.
      if (!isUniqueViolation(err)) throw err;
      result = await attempt();
    }
    const { refund, created } = result;
    if (created && refund.status === 'PENDING') {
      this.deps.provider.requestRefund({ refundId: refund.id, orderId: refund.orderId, amount: { amount: refund.providerAmount, currency: refund.currency } });
    }
    return refund;
  }

  /**
   * A refund has succeeded (at once, or by the provider's webhook): its wallet part goes back to
   * the wallet and RefundSucceeded goes out, in the caller's transaction.
   */
  async succeeded(tx: Tx, refund: RefundRow): Promise<void> {
    if (refund.walletAmount > 0) {
      await this.deps.wallet.credit(tx, {
        accountId: refund.accountId,
        amount: refund.walletAmount,
        kind: 'REFUND',
        actor: refund.requestedBy,
        orderId: refund.orderId,
        refundId: refund.id,
        note: refund.reason,
      });
    }
    await this.deps.outbox.add(tx, {
      type: PaymentEvents.RefundSucceeded,
      aggregateId: refund.id,
      aggregateVersion: refund.version,
      payload: refundPayload(refund, await orderMoney(tx, refund.orderId)),
    });
  }

  /** A refund has failed (provider's webhook): its amount is free again; RefundFailed goes out. */
  async failed(tx: Tx, refund: RefundRow): Promise<void> {
    await this.deps.outbox.add(tx, {
      type: PaymentEvents.RefundFailed,
      aggregateId: refund.id,
      aggregateVersion: refund.version,
      payload: refundPayload(refund, await orderMoney(tx, refund.orderId)),
    });
  }
}
