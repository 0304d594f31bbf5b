/**
 * The payment webhook (S7, M2, M4; API.md Webhook) on the mode's database: signature and format
 * checks that change nothing, dedupe by event id, and the same final state for any arrival order
 * of authorized / captured / failed, duplicates included.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountIdentity } from '@shop/platform';
import { signWebhook } from '../src/domain/signature.js';
import { PAY, outboxOf, paymentData, payAndCapture, startHarness, usd, type Harness, type PaymentView } from './support.js';

let h: Harness;
let customer: AccountIdentity;

beforeAll(async () => {
  h = await startHarness();
  customer = h.account();
});

afterAll(async () => {
  await h?.close();
});

/** A new order of the customer with one PENDING card payment of all of it. */
async function pendingPayment(total = 5000): Promise<PaymentView> {
  const order = h.orders.create(customer.accountId, total);
  const result = await h.gql<{ pay: PaymentView }>(PAY, { orderId: order.orderId, method: 'card' }, customer);
  expect(result.errors).toBeUndefined();
  return result.data!.pay;
}

async function statusOf(paymentId: string) {
  const [row] = await h.rows<{ status: string; version: number }>(sql`select status, version from payments.payments where id = ${paymentId}`);
  return row;
}

async function webhookRows(id: string) {
  return h.rows(sql`select id from payments.webhook_events where id = ${id}`);
}

describe('signature and format', () => {
  it('answer 400 and change nothing for a bad, missing or stale signature', async () => {
    const payment = await pendingPayment();
    const body = JSON.stringify({ id: 'evt_forged', type: 'payment.captured', created: Math.floor(Date.now() / 1000), data: paymentData(payment) });
    const attempts = [
      { signature: signWebhook(body, 'not-the-webhook-secret-at-all') },
      { signature: null },
      { signature: 't=1,v1=zz' },
      { signature: signWebhook(body, 'webhook-secret-of-the-payments-tests', Math.floor(Date.now() / 1000) - 301) },
      { signature: signWebhook(body, 'webhook-secret-of-the-payments-tests', Math.floor(Date.now() / 1000) + 301) },
    ];
    for (const attempt of attempts) {
      const answer = await h.webhook('payment.captured', {}, { rawBody: body, signature: attempt.signature });
      expect(answer.status).toBe(400);
    }
    // The body signed correctly but then altered in transit.
    const tampered = await h.webhook('payment.captured', {}, { rawBody: body.replace('5000', '1'), signature: signWebhook(body, 'webhook-secret-of-the-payments-tests') });
    expect(tampered.status).toBe(400);
    expect(await statusOf(payment.id)).toEqual({ status: 'PENDING', version: 1 });
    expect(await webhookRows('evt_forged')).toEqual([]);
    expect(await outboxOf(h, payment.id)).toEqual([]);
  });

  it('answer 400 for a signed body that is not a webhook event', async () => {
    const payment = await pendingPayment();
    const bodies = [
      'not json',
      '[]',
      JSON.stringify({ id: 'evt_x', type: 'payment.exploded', created: 1, data: paymentData(payment) }),
      JSON.stringify({ id: 'evt_x', type: 'payment.captured', created: 1, data: { orderId: payment.orderId, amount: payment.amount } }),
      JSON.stringify({ id: 'evt_x', type: 'payment.captured', created: 1, data: { ...paymentData(payment), amount: { amount: 1.5, currency: 'USD' } } }),
      JSON.stringify({ type: 'payment.captured', created: 1, data: paymentData(payment) }),
    ];
    for (const rawBody of bodies) {
      const answer = await h.webhook('payment.captured', {}, { rawBody });
      expect(answer.status, rawBody).toBe(400);
    }
    expect(await statusOf(payment.id)).toEqual({ status: 'PENDING', version: 1 });
    expect(await webhookRows('evt_x')).toEqual([]);
  });

  it('answer 200 "ignored" for an unknown payment or refund, and "mismatch" for a wrong amount or order, applying nothing', async () => {
    const payment = await pendingPayment();
    const unknown = await h.webhook('payment.captured', { ...paymentData(payment), paymentId: '0190f0f0-0000-7000-8000-000000000000' });
    expect(unknown).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    const notAnId = await h.webhook('refund.succeeded', { refundId: 'rf_123', orderId: payment.orderId, amount: payment.amount });
    expect(notAnId.body).toEqual({ received: true, outcome: 'ignored' });
    const wrongAmount = await h.webhook('payment.captured', { ...paymentData(payment), amount: usd(payment.amount.amount - 1) });
    expect(wrongAmount.body).toEqual({ received: true, outcome: 'mismatch' });
    const wrongOrder = await h.webhook('payment.captured', { ...paymentData(payment), orderId: 'ord-somebody-else' });
    expect(wrongOrder.body).toEqual({ received: true, outcome: 'mismatch' });
    expect(await statusOf(payment.id)).toEqual({ status: 'PENDING', version: 1 });
  });
});

describe('dedupe by event id (M4)', () => {
  it('apply an event id once, however often and however concurrently it arrives', async () => {
    const payment = await pendingPayment();
    const id = `evt_dup_${payment.id}`;
    const first = await h.webhook('payment.captured', paymentData(payment), { id });
    const again = await Promise.all([h.webhook('payment.captured', paymentData(payment), { id }), h.webhook('payment.captured', paymentData(payment), { id })]);
    expect(first.body).toEqual({ received: true, outcome: 'applied' });
    expect(again.map((a) => [a.status, (a.body as { outcome: string }).outcome])).toEqual([
      [200, 'duplicate'],
      [200, 'duplicate'],
    ]);
    expect(await statusOf(payment.id)).toEqual({ status: 'CAPTURED', version: 2 });
    expect((await outboxOf(h, payment.id)).map((e) => e.type)).toEqual(['PaymentCaptured']);
  });
});

describe('arrival order (M2)', () => {
  const permutations = <T>(items: T[]): T[][] =>
    items.length <= 1 ? [items] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

  it('end CAPTURED for every order of authorized, captured and failed, with duplicate deliveries', async () => {
    for (const order of permutations(['payment.authorized', 'payment.captured', 'payment.failed'])) {
      const payment = await pendingPayment();
      const ids = order.map((type) => `evt_${type}_${payment.id}`);
      // Each event delivered twice: once in order, then all again at once.
      for (const [i, type] of order.entries()) await h.webhook(type, paymentData(payment), { id: ids[i] });
      await Promise.all(order.map((type, i) => h.webhook(type, paymentData(payment), { id: ids[i] })));
      expect((await statusOf(payment.id)).status, order.join(' > ')).toBe('CAPTURED');
      const captured = (await outboxOf(h, payment.id)).filter((e) => e.type === 'PaymentCaptured');
      expect(captured, order.join(' > ')).toHaveLength(1);
    }
  });

  it('end FAILED for every order of authorized and failed; a late failed after captured is recorded, not applied', async () => {
    for (const order of permutations(['payment.authorized', 'payment.failed'])) {
      const payment = await pendingPayment();
      for (const type of order) await h.webhook(type, { ...paymentData(payment), reason: 'card declined' });
      expect((await statusOf(payment.id)).status).toBe('FAILED');
      const [failed] = (await outboxOf(h, payment.id)).filter((e) => e.type === 'PaymentFailed');
      expect(failed.payload).toMatchObject({ reason: 'card declined', capturedTotal: { amount: 0 } });
    }
    const payment = await pendingPayment();
    await h.webhook('payment.captured', paymentData(payment));
    const late = await h.webhook('payment.failed', paymentData(payment), { id: `evt_late_${payment.id}` });
    expect(late.body).toEqual({ received: true, outcome: 'stale' });
    expect(await statusOf(payment.id)).toEqual({ status: 'CAPTURED', version: 2 });
    expect(await h.rows(sql`select outcome from payments.webhook_events where id = ${`evt_late_${payment.id}`}`)).toEqual([{ outcome: 'stale' }]);
  });

  it('go PENDING -> AUTHORIZED -> CAPTURED with one event per step, carrying the order totals', async () => {
    const order = h.orders.create(customer.accountId, 9000);
    const first = await payAndCapture(h, customer, order.orderId, 'card', 4000);
    h.orders.setStatus(order.orderId, 'PAID_PARTIAL');
    const second = await h.gql<{ pay: PaymentView }>(PAY, { orderId: order.orderId, method: 'card' }, customer);
    const payment = second.data!.pay;
    expect(payment.amount).toEqual(usd(5000));
    expect((await h.webhook('payment.authorized', paymentData(payment))).body).toEqual({ received: true, outcome: 'applied' });
    expect(await statusOf(payment.id)).toEqual({ status: 'AUTHORIZED', version: 2 });
    await h.webhook('payment.captured', paymentData(payment));
    const events = await outboxOf(h, payment.id);
    expect(events.map((e) => [e.type, e.aggregate_version])).toEqual([
      ['PaymentAuthorized', 2],
      ['PaymentCaptured', 3],
    ]);
    expect(events[1].payload).toEqual({
      paymentId: payment.id,
      orderId: order.orderId,
      accountId: customer.accountId,
      method: 'card',
      amount: usd(5000),
      capturedTotal: usd(9000),
      refundedTotal: usd(0),
      reason: null,
    });
    expect((await outboxOf(h, first.id))[0].payload.capturedTotal).toEqual(usd(4000));
  });

  it('count outcomes in shop_webhooks_total', async () => {
    const text = await h.runtime.metrics.registry.metrics();
    expect(text).toMatch(/shop_webhooks_total\{type="payment.captured",outcome="applied"\} \d+/);
    expect(text).toMatch(/shop_webhooks_total\{type="payment.captured",outcome="duplicate"\} \d+/);
    expect(text).toMatch(/shop_webhooks_total\{type="unknown",outcome="rejected"\} \d+/);
  });
});
