/**
 * Refunds (S9) on the mode's database: idempotency keys, never more than captured minus refunded
 * (also when requests race), the split between provider and wallet, the provider's results, and
 * the internal `refund` the saga uses.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountIdentity } from '@shop/platform';
import { CREDIT, REFUND, outboxOf, payAndCapture, startHarness, usd, type Harness } from './support.js';

let h: Harness;
let customer: AccountIdentity;
let operator: AccountIdentity;

beforeAll(async () => {
  h = await startHarness();
  customer = h.account();
  operator = h.account(['CUSTOMER', 'OPERATOR']);
});

afterAll(async () => {
  await h?.close();
});

interface RefundView {
  id: string;
  orderId: string;
  status: string;
  reason: string | null;
  amount: { amount: number; currency: string };
}

const refund = (identity: AccountIdentity, orderId: string, amount: number, key: string = randomUUID(), reason: string | null = 'changed my mind') =>
  h.gql<{ requestRefund: RefundView }>(REFUND, { input: { orderId, amount: usd(amount), reason, idempotencyKey: key } }, identity);

const code = (result: { errors?: { extensions: Record<string, any> }[] }) => [result.errors?.[0]?.extensions.code, result.errors?.[0]?.extensions.field];

const refundData = (r: RefundView, amount = r.amount.amount) => ({ refundId: r.id, orderId: r.orderId, amount: usd(amount) });

/** A card-paid order of `identity`, captured in full. */
async function paidByCard(identity: AccountIdentity, total: number) {
  const order = h.orders.create(identity.accountId, total);
  await payAndCapture(h, identity, order.orderId, 'card');
  return order.orderId;
}

async function balance(accountId: string) {
  return ((await h.payments.internal.walletBalance({ accountId })) as { amount: number }).amount;
}

describe('requestRefund', () => {
  it('returns the same refund for the same key and input, and IDEMPOTENCY_CONFLICT for a different input', async () => {
    const orderId = await paidByCard(customer, 5000);
    const key = `refund-${randomUUID()}`;
    const first = await refund(customer, orderId, 1000, key);
    expect(first.data!.requestRefund).toMatchObject({ status: 'PENDING', amount: usd(1000), reason: 'changed my mind', orderId });
    const retries = await Promise.all([refund(customer, orderId, 1000, key), refund(customer, orderId, 1000, key)]);
    expect(retries.map((r) => r.data!.requestRefund.id)).toEqual([first.data!.requestRefund.id, first.data!.requestRefund.id]);
    expect(code(await refund(customer, orderId, 1001, key))).toEqual(['IDEMPOTENCY_CONFLICT', undefined]);
    expect(code(await refund(customer, orderId, 1000, key, 'another reason'))).toEqual(['IDEMPOTENCY_CONFLICT', undefined]);
    const [count] = await h.rows<{ n: string }>(sql`select count(*)::text as n from payments.refunds where order_id = ${orderId}`);
    expect(count.n).toBe('1');
  });

  it('never refunds more than captured minus refunded, even when 10 requests race', async () => {
    const orderId = await paidByCard(customer, 1000);
    const results = await Promise.all(Array.from({ length: 10 }, () => refund(customer, orderId, 300)));
    const granted = results.filter((r) => r.data?.requestRefund);
    expect(granted).toHaveLength(3);
    expect(results.filter((r) => r.errors).map(code)).toEqual(Array(7).fill(['BAD_USER_INPUT', 'amount']));
    for (const r of granted) await h.webhook('refund.succeeded', refundData(r.data!.requestRefund));
    // 100 is left: one more of 100 goes, anything above is refused.
    expect(code(await refund(customer, orderId, 101))).toEqual(['BAD_USER_INPUT', 'amount']);
    const last = await refund(customer, orderId, 100);
    await h.webhook('refund.succeeded', refundData(last.data!.requestRefund));
    expect(code(await refund(customer, orderId, 1))).toEqual(['BAD_USER_INPUT', 'amount']);
    const [sums] = await h.rows<{ refunded: string }>(sql`select sum(amount)::text as refunded from payments.refunds where order_id = ${orderId} and status = 'SUCCEEDED'`);
    expect(sums.refunded).toBe('1000');
    const [lastEvent] = await outboxOf(h, last.data!.requestRefund.id);
    expect(lastEvent).toMatchObject({ type: 'RefundSucceeded', payload: { capturedTotal: usd(1000), refundedTotal: usd(1000), accountId: customer.accountId } });
  });

  it('refuses bad input and other customers, and lets OPERATOR refund any order', async () => {
    const orderId = await paidByCard(customer, 2000);
    expect(code(await refund(h.account(), orderId, 100))).toEqual(['NOT_FOUND', undefined]);
    expect(code(await refund(customer, 'ord-nope', 100))).toEqual(['NOT_FOUND', undefined]);
    expect(code(await refund(customer, orderId, 0))).toEqual(['BAD_USER_INPUT', 'amount']);
    expect(code(await refund(customer, orderId, 100, '  '))).toEqual(['BAD_USER_INPUT', 'idempotencyKey']);
    expect(code(await h.gql(REFUND, { input: { orderId, amount: { amount: 100, currency: 'EUR' }, idempotencyKey: 'k' } }, customer))).toEqual(['BAD_USER_INPUT', 'amount']);
    const byOperator = await refund(operator, orderId, 2000, undefined, null);
    expect(byOperator.data!.requestRefund).toMatchObject({ status: 'PENDING', reason: null });
  });

  it('frees the amount of a failed refund; a late success after it is recorded, not applied', async () => {
    const orderId = await paidByCard(customer, 1500);
    const first = (await refund(customer, orderId, 1500)).data!.requestRefund;
    expect(code(await refund(customer, orderId, 1))).toEqual(['BAD_USER_INPUT', 'amount']);
    expect((await h.webhook('refund.failed', refundData(first))).body).toEqual({ received: true, outcome: 'applied' });
    expect((await h.webhook('refund.succeeded', refundData(first))).body).toEqual({ received: true, outcome: 'stale' });
    expect((await outboxOf(h, first.id)).map((e) => e.type)).toEqual(['RefundFailed']);
    const second = await refund(customer, orderId, 1500);
    expect(second.data!.requestRefund.status).toBe('PENDING');
  });
});

describe('refunds of wallet money', () => {
  it('go back to the wallet at once for a wallet payment', async () => {
    const buyer = h.account();
    await h.gql(CREDIT, { accountId: buyer.accountId, amount: usd(3000) }, operator);
    const order = h.orders.create(buyer.accountId, 3000);
    await payAndCapture(h, buyer, order.orderId, 'wallet');
    expect(await balance(buyer.accountId)).toBe(0);
    const result = (await refund(buyer, order.orderId, 1200)).data!.requestRefund;
    expect(result.status).toBe('SUCCEEDED');
    expect(await balance(buyer.accountId)).toBe(1200);
    expect((await outboxOf(h, result.id)).map((e) => [e.type, e.payload.refundedTotal])).toEqual([['RefundSucceeded', usd(1200)]]);
  });

  it('split a mixed payment: the provider part first, the wallet part credited when the provider confirms', async () => {
    const buyer = h.account();
    await h.gql(CREDIT, { accountId: buyer.accountId, amount: usd(1000) }, operator);
    const order = h.orders.create(buyer.accountId, 4000);
    await payAndCapture(h, buyer, order.orderId, 'wallet', 1000);
    await payAndCapture(h, buyer, order.orderId, 'card');
    const full = (await refund(buyer, order.orderId, 4000)).data!.requestRefund;
    expect(full.status).toBe('PENDING');
    const [split] = await h.rows(sql`select provider_amount, wallet_amount from payments.refunds where id = ${full.id}`);
    expect(split).toEqual({ provider_amount: 3000, wallet_amount: 1000 });
    expect(await balance(buyer.accountId)).toBe(0);
    // The provider reports the part that went back through it.
    expect((await h.webhook('refund.succeeded', refundData(full))).body).toEqual({ received: true, outcome: 'mismatch' });
    expect((await h.webhook('refund.succeeded', refundData(full, 3000))).body).toEqual({ received: true, outcome: 'applied' });
    expect(await balance(buyer.accountId)).toBe(1000);
    const [event] = await outboxOf(h, full.id);
    expect(event.payload).toMatchObject({ amount: usd(4000), capturedTotal: usd(4000), refundedTotal: usd(4000) });
  });
});

describe('internal refund', () => {
  it('refunds for the system with the same rules, idempotent by key', async () => {
    const orderId = await paidByCard(customer, 2500);
    const input = { orderId, amount: usd(2500), reason: 'order canceled after payment', idempotencyKey: `cancel:${orderId}` };
    const first = (await h.payments.internal.refund(input)) as { refundId: string; status: string };
    expect(first.status).toBe('PENDING');
    expect(await h.payments.internal.refund(input)).toEqual(first);
    await expect(h.payments.internal.refund({ ...input, idempotencyKey: `again:${orderId}`, amount: usd(1) })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'amount' },
    });
    const [row] = await h.rows(sql`select requested_by, account_id from payments.refunds where id = ${first.refundId}`);
    expect(row).toEqual({ requested_by: 'system:refund', account_id: customer.accountId });
  });
});
