/**
 * Taking payments and the wallet (S5, S7, L1, L7, M7; seed 001 rebate) on the mode's database:
 * the rules of `pay`, payments in flight, mixed and partial payment, a wallet that never goes
 * negative under concurrent payments, operator credits, the rebate once per completed order, and
 * who sees what.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, type AccountIdentity } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import { CREDIT, PAY, outboxOf, paymentData, payAndCapture, startHarness, usd, type Harness, type PaymentView } from './support.js';

let h: Harness;
let customer: AccountIdentity;
let operator: AccountIdentity;

beforeAll(async () => {
  h = await startHarness({ REBATE_BASIS_POINTS: '250' });
  customer = h.account();
  operator = h.account(['CUSTOMER', 'OPERATOR']);
});

afterAll(async () => {
  await h?.close();
});

const pay = (identity: AccountIdentity, orderId: string, method: string, amount?: number) =>
  h.gql<{ pay: PaymentView }>(PAY, { orderId, method, amount: amount === undefined ? null : usd(amount) }, identity);

const code = (result: { errors?: { extensions: Record<string, any> }[] }) => [result.errors?.[0]?.extensions.code, result.errors?.[0]?.extensions.field];

async function credit(accountId: string, amount: number) {
  const result = await h.gql(CREDIT, { accountId, amount: usd(amount), reason: 'goodwill' }, operator);
  expect(result.errors).toBeUndefined();
}

async function balance(accountId: string) {
  return ((await h.payments.internal.walletBalance({ accountId })) as { amount: number }).amount;
}

describe('pay', () => {
  it('refuses what is not the caller’s, not payable, or not a method, and creates nothing', async () => {
    const stranger = h.account();
    const order = h.orders.create(customer.accountId, 3000);
    expect(code(await pay(stranger, order.orderId, 'card'))).toEqual(['NOT_FOUND', undefined]);
    expect(code(await pay(customer, 'ord-does-not-exist', 'card'))).toEqual(['NOT_FOUND', undefined]);
    expect(code(await pay(customer, order.orderId, 'bitcoin'))).toEqual(['BAD_USER_INPUT', 'method']);
    expect(code(await pay(customer, order.orderId, 'card', 0))).toEqual(['BAD_USER_INPUT', 'amount']);
    expect(code(await pay(customer, order.orderId, 'card', 3001))).toEqual(['BAD_USER_INPUT', 'amount']);
    expect(code(await h.gql(PAY, { orderId: order.orderId, method: 'card', amount: { amount: 100, currency: 'EUR' } }, customer))).toEqual(['BAD_USER_INPUT', 'amount']);
    for (const status of ['NEW', 'PAID', 'CANCELED', 'SHIPPED']) {
      h.orders.setStatus(order.orderId, status);
      expect(code(await pay(customer, order.orderId, 'card'))).toEqual(['INVALID_STATE', undefined]);
    }
    expect(await h.rows(sql`select id from payments.payments where order_id = ${order.orderId}`)).toEqual([]);
  });

  it('defaults to what is due, and counts payments in flight against it (M7)', async () => {
    const order = h.orders.create(customer.accountId, 10_000);
    const partial = await pay(customer, order.orderId, 'card', 4000);
    expect(partial.data!.pay).toMatchObject({ status: 'PENDING', amount: usd(4000), method: 'card' });
    // 4000 is in flight: 6000 is due, not 10000.
    expect(code(await pay(customer, order.orderId, 'store', 6001))).toEqual(['BAD_USER_INPUT', 'amount']);
    const rest = await pay(customer, order.orderId, 'store');
    expect(rest.data!.pay).toMatchObject({ status: 'PENDING', amount: usd(6000), method: 'store' });
    expect(code(await pay(customer, order.orderId, 'card', 1))).toEqual(['INVALID_STATE', undefined]);
    // A failed payment frees its amount again.
    await h.webhook('payment.failed', paymentData(rest.data!.pay));
    expect((await pay(customer, order.orderId, 'card')).data!.pay.amount).toEqual(usd(6000));
  });

  it('lets concurrent payments of one order take at most its total', async () => {
    const order = h.orders.create(customer.accountId, 1000);
    const results = await Promise.all(Array.from({ length: 8 }, () => pay(customer, order.orderId, 'card', 300)));
    expect(results.filter((r) => r.data?.pay).length).toBe(3);
    expect(results.filter((r) => r.errors).every((r) => ['BAD_USER_INPUT', 'INVALID_STATE'].includes(code(r)[0]))).toBe(true);
  });

  it('lists the configured methods for the owner only (S5)', async () => {
    const order = h.orders.create(customer.accountId, 1000);
    const query = `query M($orderId: ID!) { paymentMethods(orderId: $orderId) { code name kind } }`;
    const own = await h.gql(query, { orderId: order.orderId }, customer);
    expect(own.data.paymentMethods).toEqual([
      { code: 'card', name: 'Card', kind: 'PAY_NOW' },
      { code: 'store', name: 'Pay in store', kind: 'PAY_IN_STORE' },
      { code: 'wallet', name: 'Wallet balance', kind: 'WALLET' },
    ]);
    expect(code(await h.gql(query, { orderId: order.orderId }, h.account()))).toEqual(['NOT_FOUND', undefined]);
  });
});

describe('wallet', () => {
  it('pays from the wallet at once, and mixes with a card for the rest (L1, L7)', async () => {
    const buyer = h.account();
    await credit(buyer.accountId, 2500);
    const order = h.orders.create(buyer.accountId, 6000);
    const fromWallet = await pay(buyer, order.orderId, 'wallet', 2500);
    expect(fromWallet.data!.pay).toMatchObject({ status: 'CAPTURED', amount: usd(2500) });
    expect(await balance(buyer.accountId)).toBe(0);
    const [captured] = await outboxOf(h, fromWallet.data!.pay.id);
    expect(captured).toMatchObject({ type: 'PaymentCaptured', payload: { capturedTotal: usd(2500), method: 'wallet' } });
    h.orders.setStatus(order.orderId, 'PAID_PARTIAL');
    const card = await payAndCapture(h, buyer, order.orderId, 'card');
    expect(card.amount).toEqual(usd(3500));
    const [cardCaptured] = await outboxOf(h, card.id);
    expect(cardCaptured.payload.capturedTotal).toEqual(usd(6000));
    const entries = await h.rows(sql`select kind, amount, balance_after from payments.wallet_entries where account_id = ${buyer.accountId} order by created_at, id`);
    expect(entries).toEqual([
      { kind: 'CREDIT', amount: 2500, balance_after: 2500 },
      { kind: 'PAYMENT', amount: -2500, balance_after: 0 },
    ]);
  });

  it('never goes negative under 20 concurrent wallet payments, and a short one fails with nothing changed', async () => {
    const buyer = h.account();
    await credit(buyer.accountId, 1000);
    const orders = Array.from({ length: 20 }, () => h.orders.create(buyer.accountId, 300));
    const results = await Promise.all(orders.map((o) => pay(buyer, o.orderId, 'wallet')));
    const paid = results.filter((r) => r.data?.pay);
    expect(paid).toHaveLength(3);
    expect(results.filter((r) => r.errors).map((r) => code(r)[0])).toEqual(Array(17).fill('PAYMENT_FAILED'));
    expect(await balance(buyer.accountId)).toBe(100);
    const [sums] = await h.rows<{ total: string; entries: string }>(
      sql`select sum(amount)::text as total, count(*)::text as entries from payments.wallet_entries where account_id = ${buyer.accountId}`,
    );
    expect(sums).toEqual({ total: '100', entries: '4' });
    const failedOrders = orders.filter((_, i) => results[i].errors).map((o) => o.orderId);
    const [stray] = await h.rows<{ n: string }>(sql`select count(*)::text as n from payments.payments where order_id = any(${`{${failedOrders.join(',')}}`}::text[])`);
    expect(stray.n).toBe('0');
  });

  it('is credited by OPERATOR only, to an existing account, in the shop currency', async () => {
    const buyer = h.account();
    expect(code(await h.gql(CREDIT, { accountId: buyer.accountId, amount: usd(100) }, customer))).toEqual(['FORBIDDEN', undefined]);
    expect(code(await h.gql(CREDIT, { accountId: '0190f0f0-0000-7000-8000-000000000000', amount: usd(100) }, operator))).toEqual(['NOT_FOUND', undefined]);
    expect(code(await h.gql(CREDIT, { accountId: buyer.accountId, amount: usd(0) }, operator))).toEqual(['BAD_USER_INPUT', 'amount']);
    expect(code(await h.gql(CREDIT, { accountId: buyer.accountId, amount: { amount: 100, currency: 'EUR' } }, operator))).toEqual(['BAD_USER_INPUT', 'amount']);
    const first = await h.gql(CREDIT, { accountId: buyer.accountId, amount: usd(700) }, operator);
    const second = await h.gql(CREDIT, { accountId: buyer.accountId, amount: usd(300), reason: 'apology' }, h.account(['ADMIN']));
    expect([first.data.creditWallet, second.data.creditWallet]).toEqual([usd(700), usd(1000)]);
  });

  it('shows Account.walletBalance to the account itself and staff only', async () => {
    const buyer = h.account();
    await credit(buyer.accountId, 450);
    const query = `query B($reps: [_Any!]!) { _entities(representations: $reps) { ... on Account { walletBalance { amount currency } } } }`;
    const reps = [{ __typename: 'Account', id: buyer.accountId }];
    expect((await h.gql(query, { reps }, buyer)).data._entities).toEqual([{ walletBalance: usd(450) }]);
    expect((await h.gql(query, { reps }, operator)).data._entities).toEqual([{ walletBalance: usd(450) }]);
    expect(code(await h.gql(query, { reps }, h.account()))).toEqual(['FORBIDDEN', undefined]);
  });

  it('credits the rebate of a completed order once (seed 001)', async () => {
    const buyer = h.account();
    const order = h.orders.create(buyer.accountId, 8000);
    await payAndCapture(h, buyer, order.orderId, 'card');
    const completed = (to: string) =>
      createEnvelope(
        {
          type: 'OrderStatusChanged',
          aggregateId: order.orderId,
          aggregateVersion: 9,
          payload: { orderId: order.orderId, accountId: buyer.accountId, cartId: 'c', from: 'SHIPPED', to, actor: 'system:logistics', reason: null, at: new Date().toISOString(), paid: usd(8000), total: usd(8000) },
        },
        'test-node',
      );
    const event = completed('COMPLETED');
    await h.runtime.bus.publish(completed('SHIPPED'));
    await h.runtime.bus.publish(event);
    await h.runtime.bus.publish(event);
    await h.runtime.bus.publish(completed('COMPLETED'));
    // 2.5 % of 8000.
    await eventually(async () => (await balance(buyer.accountId)) === 200, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await balance(buyer.accountId)).toBe(200);
    expect(await h.rows(sql`select kind, amount, order_id from payments.wallet_entries where account_id = ${buyer.accountId}`)).toEqual([
      { kind: 'REBATE', amount: 200, order_id: order.orderId },
    ]);
  });
});

describe('Order.payments and Order.refunds', () => {
  it('show an order’s payments to its owner and staff only', async () => {
    const order = h.orders.create(customer.accountId, 1200);
    const payment = await payAndCapture(h, customer, order.orderId, 'card', 200);
    const query = `query O($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { payments { id status method amount { amount } } refunds { id } } } }`;
    const reps = [{ __typename: 'Order', id: order.orderId }];
    const own = await h.gql(query, { reps }, customer);
    expect(own.data._entities).toEqual([{ payments: [{ id: payment.id, status: 'CAPTURED', method: 'card', amount: { amount: 200 } }], refunds: [] }]);
    expect((await h.gql(query, { reps }, operator)).data._entities[0].payments).toHaveLength(1);
    expect(code(await h.gql(query, { reps }, h.account()))).toEqual(['FORBIDDEN', undefined]);
  });
});
