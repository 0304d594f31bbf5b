/**
 * PAYMENT_PROVIDER_MODE=auto (S7, S9): the simulated provider answers `pay` and `requestRefund`
 * by itself with signed webhooks through the webhook handler, so a payment is captured (or
 * declined) and a refund settled without anyone posting anything.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountIdentity } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import { SIMULATED_DECLINE_AMOUNT } from '../src/domain/provider.js';
import { PAY, REFUND, outboxOf, startHarness, usd, type Harness, type PaymentView } from './support.js';

let h: Harness;
let customer: AccountIdentity;

beforeAll(async () => {
  h = await startHarness({ PAYMENT_PROVIDER_MODE: 'auto', PAYMENT_AUTO_DELAY_MS: '20' });
  customer = h.account();
});

afterAll(async () => {
  await h?.close();
});

const statusOf = async (table: 'payments' | 'refunds', id: string) =>
  (await h.rows<{ status: string }>(sql`select status from ${sql.identifier('payments')}.${sql.identifier(table)} where id = ${id}`))[0].status;

it('captures a card payment, then settles its refund, through signed webhooks', async () => {
  const order = h.orders.create(customer.accountId, 4200);
  const payment = (await h.gql<{ pay: PaymentView }>(PAY, { orderId: order.orderId, method: 'card' }, customer)).data!.pay;
  expect(payment.status).toBe('PENDING');
  await eventually(async () => (await statusOf('payments', payment.id)) === 'CAPTURED', 15_000);
  expect((await outboxOf(h, payment.id)).map((e) => e.type)).toEqual(['PaymentAuthorized', 'PaymentCaptured']);
  const outcomes = await h.rows(sql`select type, outcome from payments.webhook_events where target_id = ${payment.id} order by received_at`);
  expect(outcomes).toEqual([
    { type: 'payment.authorized', outcome: 'applied' },
    { type: 'payment.captured', outcome: 'applied' },
  ]);

  const refund = await h.gql(REFUND, { input: { orderId: order.orderId, amount: usd(1200), idempotencyKey: 'auto-refund' } }, customer);
  expect(refund.data.requestRefund.status).toBe('PENDING');
  await eventually(async () => (await statusOf('refunds', refund.data.requestRefund.id)) === 'SUCCEEDED', 15_000);
});

it('declines the documented amount: the payment fails', async () => {
  const order = h.orders.create(customer.accountId, 5000);
  const payment = (await h.gql<{ pay: PaymentView }>(PAY, { orderId: order.orderId, method: 'card', amount: usd(SIMULATED_DECLINE_AMOUNT) }, customer)).data!.pay;
  await eventually(async () => (await statusOf('payments', payment.id)) === 'FAILED', 15_000);
  const [failed] = await outboxOf(h, payment.id);
  expect(failed).toMatchObject({ type: 'PaymentFailed', payload: { reason: 'declined by the simulated provider' } });
});
