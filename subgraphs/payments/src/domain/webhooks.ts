import { eq, sql } from 'drizzle-orm';
import { Counter, PaymentEvents, isUuid, queryRows, type Logger, type Metrics, type Money, type Outbox, type PaymentWebhookInput, type PaymentWebhookResult, type Tx } from '@shop/platform';
import { payments, refunds, webhookEvents, type PaymentRow, type RefundRow } from '../db/schema.js';
import { paymentPayload } from '../events/types.js';
import { lockOrder, orderMoney } from './order-money.js';
import type { WebhookType } from './provider.js';
import type { RefundService } from './refunds.js';
import { verifyWebhookSignature } from './signature.js';
import { nextPaymentState, nextRefundState, type PaymentSignal, type PaymentState, type RefundSignal, type RefundState } from './states.js';

/**
 * What became of one webhook: `applied`; `duplicate` (its id was seen before, M4); `stale` (the
 * payment or refund is already past it: recorded, not applied, M2); `ignored` (names no payment
 * or refund of ours); `mismatch` (names one, but with another order or amount); `rejected` (bad
 * signature or body: 400, nothing recorded).
 */
export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored' | 'mismatch' | 'rejected';

/** A webhook body as API.md fixes it. */
export interface WebhookEvent {
  id: string;
  type: WebhookType;
  created: number;
  data: { paymentId?: string; refundId?: string; orderId: string; amount: Money; reason?: string };
}

const PAYMENT_SIGNALS: Record<string, PaymentSignal> = {
  'payment.authorized': 'authorized',
  'payment.captured': 'captured',
  'payment.failed': 'failed',
};
const REFUND_SIGNALS: Record<string, RefundSignal> = {
  'refund.succeeded': 'succeeded',
  'refund.failed': 'failed',
};
const PAYMENT_EVENT_OF: Partial<Record<PaymentState, string>> = {
  AUTHORIZED: PaymentEvents.PaymentAuthorized,
  CAPTURED: PaymentEvents.PaymentCaptured,
  FAILED: PaymentEvents.PaymentFailed,
};

/** `shop_webhooks_total{type,outcome}` on the process registry (one counter even if several instances share it). */
export function webhookCounter(registry: Metrics['registry']): Counter<'type' | 'outcome'> {
  const name = 'shop_webhooks_total';
  return (
    (registry.getSingleMetric(name) as Counter<'type' | 'outcome'> | undefined) ??
    new Counter({ name, help: 'Payment provider webhooks by type and outcome', labelNames: ['type', 'outcome'] as const, registers: [registry] })
  );
}

/**
 * The webhook endpoint's logic (S7, S9, M2, M4), reached by the gateway's
 * `POST /webhooks/payments` through the internal `webhook` operation, and by the simulated
 * provider directly. Only a bad signature or body is answered 4xx (nothing changes); everything
 * else is 200, because a provider retries anything else forever. Each event id is recorded in
 * the same transaction as its effect, so a repeated id is applied once; the state machines in
 * states.ts make the final state independent of arrival order.
 */
export class WebhookService {
  constructor(
    private readonly deps: {
      outbox: Outbox;
      refunds: RefundService;
      secret: string;
      log: Logger;
      counter: Counter<'type' | 'outcome'>;
    },
  ) {}

  async handle(input: PaymentWebhookInput): Promise<PaymentWebhookResult> {
    const verdict = verifyWebhookSignature(input.rawBody, input.signature, this.deps.secret);
    if (!verdict.ok) return this.reject('unknown', verdict.problem);
    const parsed = parseWebhookEvent(input.rawBody);
    if (typeof parsed === 'string') return this.reject('unknown', parsed);
    const outcome = await this.deps.outbox.transaction(async (tx): Promise<WebhookOutcome> => {
      const target = parsed.data.paymentId ?? parsed.data.refundId ?? '';
      const fresh = await tx
        .insert(webhookEvents)
        .values({ id: parsed.id, type: parsed.type, targetId: target, outcome: 'received' })
        .onConflictDoNothing()
        .returning({ id: webhookEvents.id });
      if (fresh.length === 0) return 'duplicate';
      const result = parsed.type.startsWith('payment.') ? await this.applyToPayment(tx, parsed) : await this.applyToRefund(tx, parsed);
      await tx.update(webhookEvents).set({ outcome: result }).where(eq(webhookEvents.id, parsed.id));
      return result;
    });
    this.deps.counter.inc({ type: parsed.type, outcome });
    if (outcome === 'ignored' || outcome === 'mismatch') {
      this.deps.log.warn({ eventId: parsed.id, type: parsed.type, data: parsed.data, outcome }, 'payment webhook not applied');
    }
    return { status: 200, body: { received: true, outcome } };
  }

  private async applyToPayment(tx: Tx, event: WebhookEvent): Promise<WebhookOutcome> {
    const paymentId = event.data.paymentId!;
    if (!isUuid(paymentId)) return 'ignored';
    const located = await this.locate(tx, 'payments', paymentId);
    if (!located) return 'ignored';
    await lockOrder(tx, located.orderId);
    const [current] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
    if (!sameMoney(current, event)) return 'mismatch';
    const next = nextPaymentState(current.status as PaymentState, PAYMENT_SIGNALS[event.type]);
    if (!next) return 'stale';
    const [updated] = await tx
      .update(payments)
      .set({
        status: next,
        reason: next === 'FAILED' ? (event.data.reason ?? 'payment failed at the provider') : current.reason,
        version: current.version + 1,
        updatedAt: new Date().toISOString(),
      })
      .where(eq(payments.id, paymentId))
      .returning();
    await this.deps.outbox.add(tx, {
      type: PAYMENT_EVENT_OF[next]!,
      aggregateId: paymentId,
      aggregateVersion: updated.version,
      payload: paymentPayload(updated, await orderMoney(tx, updated.orderId)),
    });
    return 'applied';
  }

  private async applyToRefund(tx: Tx, event: WebhookEvent): Promise<WebhookOutcome> {
    const refundId = event.data.refundId!;
    if (!isUuid(refundId)) return 'ignored';
    const located = await this.locate(tx, 'refunds', refundId);
    if (!located) return 'ignored';
    await lockOrder(tx, located.orderId);
    const [current] = await tx.select().from(refunds).where(eq(refunds.id, refundId)).for('update');
    // The provider reports what went back through it: the refund's provider part.
    if (!sameMoney({ ...current, amount: current.providerAmount }, event)) return 'mismatch';
    const next = nextRefundState(current.status as RefundState, REFUND_SIGNALS[event.type]);
    if (!next) return 'stale';
    const [updated] = await tx
      .update(refunds)
      .set({ status: next, version: current.version + 1, updatedAt: new Date().toISOString() })
      .where(eq(refunds.id, refundId))
      .returning();
    if (next === 'SUCCEEDED') await this.deps.refunds.succeeded(tx, updated);
    else await this.deps.refunds.failed(tx, updated);
    return 'applied';
  }

  /** The order of a payment or refund, read before taking the order's lock (the lock comes first, then the row's). */
  private async locate(tx: Tx, table: 'payments' | 'refunds', id: string): Promise<{ orderId: string } | null> {
    const [row] = await queryRows<{ orderId: string }>(tx, sql`select order_id as "orderId" from ${sql.identifier('payments')}.${sql.identifier(table)} where id = ${id}`);
    return row ?? null;
  }

  private reject(type: string, problem: string): PaymentWebhookResult {
    this.deps.counter.inc({ type, outcome: 'rejected' });
    this.deps.log.warn({ problem }, 'payment webhook rejected');
    return { status: 400, body: { error: problem } };
  }
}

function sameMoney(row: Pick<PaymentRow | RefundRow, 'orderId' | 'amount' | 'currency'>, event: WebhookEvent): boolean {
  return row.orderId === event.data.orderId && row.amount === event.data.amount.amount && row.currency === event.data.amount.currency;
}

/** The event in a webhook body, or what is wrong with it. */
export function parseWebhookEvent(rawBody: string): WebhookEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return 'body is not JSON';
  }
  if (!isObject(value)) return 'body must be a JSON object';
  const { id, type, created, data } = value;
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) return 'id must be a string of 1 to 200 characters';
  if (typeof type !== 'string' || !(type in PAYMENT_SIGNALS || type in REFUND_SIGNALS)) return `type must be one of ${[...Object.keys(PAYMENT_SIGNALS), ...Object.keys(REFUND_SIGNALS)].join(', ')}`;
  if (typeof created !== 'number' || !Number.isFinite(created)) return 'created must be a number (unix seconds)';
  if (!isObject(data)) return 'data must be an object';
  const idField = type.startsWith('payment.') ? 'paymentId' : 'refundId';
  if (typeof data[idField] !== 'string' || (data[idField] as string).length === 0) return `data.${idField} must be a string`;
  if (typeof data.orderId !== 'string' || data.orderId.length === 0) return 'data.orderId must be a string';
  const amount = data.amount;
  if (!isObject(amount) || !Number.isSafeInteger(amount.amount) || typeof amount.currency !== 'string') {
    return 'data.amount must be { amount: integer, currency: string }';
  }
  if (data.reason !== undefined && typeof data.reason !== 'string') return 'data.reason must be a string';
  return {
    id,
    type: type as WebhookType,
    created,
    data: {
      [idField]: data[idField] as string,
      orderId: data.orderId,
      amount: { amount: amount.amount as number, currency: amount.currency },
      ...(typeof data.reason === 'string' ? { reason: data.reason.slice(0, 500) } : {}),
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
