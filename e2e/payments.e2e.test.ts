/**
 * Payments through the gateway (issue 6; MISSION S5, S7, S9, M2, M4, M7, L1, L7; API.md
 * Payments, Webhook, Refunds): the provider's webhook over HTTP at `/webhooks/payments` with its
 * signature checks, also on a gateway that calls payments over HTTP; a card payment that changes
 * the order only when the provider's events arrive, in any order and repeated; partial and mixed
 * payment (wallet + card) with payments in flight counted against what is due; refunds of a mixed
 * payment back to the card and the wallet; who may see and do what.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '@shop/gateway';
import { createRuntime, serveSubgraph } from '@shop/platform';
import { eventually, testConfig } from '@shop/platform/testing';
import {
  CreditWalletDocument,
  MyWalletDocument,
  OrderMoneyFlowDocument,
  PayOrderDocument,
  PaymentMethodsDocument,
  RefundOrderDocument,
  ShipOrderDocument,
} from './__generated__/operations.js';
import { SHOP_ENV, Shop, WEBHOOK_SECRET, usd, type Customer } from './support/shop.js';
import { failure, ok, startTestSystem, type TestSystem } from './support/system.js';
import { postWebhook, signWebhook, webhookBody } from './support/webhooks.js';
import { shuffle } from './support/concurrency.js';

let system: TestSystem;
let shop: Shop;

beforeAll(async () => {
  system = await startTestSystem({ ...SHOP_ENV, NOTIFY_POLL_MS: '100', LOGISTICS_DELAY_MS: '300', REBATE_BASIS_POINTS: '250' });
  shop = await Shop.open(system);
});
afterAll(() => system?.close());

const unknownPayment = () => ({ paymentId: randomUUID(), orderId: 'ord-unknown', amount: usd(100) });
const moneyFlow = async (token: string, orderId: string) => ok(await system.gql(OrderMoneyFlowDocument, { id: orderId }, token)).order!;
const wallet = async (customer: Customer) => ok(await system.gql(MyWalletDocument, {}, customer.token)).me!.walletBalance;
const pay = (customer: Customer, orderId: string, method: string, amount?: number) =>
  system.gql(PayOrderDocument, { orderId, method, amount: amount === undefined ? undefined : usd(amount) }, customer.token);

/** A customer with an order of one product at `price`, in PAY_PENDING. */
async function pendingOrder(price: number, checkout: { useWallet?: boolean } = {}, customer?: Customer) {
  const { skuId } = await shop.product(5, price);
  const buyer = customer ?? (await shop.customer());
  await shop.addToCart(buyer, skuId);
  return { customer: buyer, order: await shop.order(buyer, checkout) };
}

describe('POST /webhooks/payments', () => {
  const body = webhookBody('payment.captured', unknownPayment());

  it('answers 400 for a bad, missing or stale signature, or a body altered after signing', async () => {
    expect((await postWebhook(system.url, body, signWebhook(body, 'a-different-webhook-secret'))).status).toBe(400);
    expect((await postWebhook(system.url, body, null)).status).toBe(400);
    expect((await postWebhook(system.url, body, signWebhook(body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301))).status).toBe(400);
    expect((await postWebhook(system.url, `${body} `, signWebhook(body, WEBHOOK_SECRET))).status).toBe(400);
  });

  it('answers 400 for a signed body that is not an event', async () => {
    const answer = await postWebhook(system.url, '{"id":1}', signWebhook('{"id":1}', WEBHOOK_SECRET));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/id/);
  });

  it('answers 200 to a signed event about an unknown payment, and to its repetition', async () => {
    const once = webhookBody('payment.captured', unknownPayment());
    expect(await shop.provider.resend(once)).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect(await shop.provider.resend(once)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
  });

  it('takes POST only', async () => {
    expect((await fetch(`${system.url}/webhooks/payments`)).status).toBe(405);
  });

  it('counts the outcomes in /metrics', async () => {
    const text = await (await fetch(`${system.url}/metrics`)).text();
    expect(text).toMatch(/shop_webhooks_total\{type="unknown",outcome="rejected"\} [1-9]/);
    expect(text).toMatch(/shop_webhooks_total\{type="payment.captured",outcome="ignored"\} [1-9]/);
  });

  it('works the same on a gateway that calls payments over HTTP', async () => {
    const names = [...system.gateway.subgraphs.keys()];
    const servers = await Promise.all([...system.gateway.subgraphs.values()].map((instance) => serveSubgraph(instance, system.gateway.runtime, 0, '127.0.0.1')));
    const config = testConfig({ ...system.env, SUBGRAPH_URLS: names.map((name, i) => `${name}=${servers[i].url}`).join(',') });
    const runtime = await createRuntime(config, { database: false, serviceUrls: config.SUBGRAPH_URLS, defaultMetrics: false });
    const remote = await startGateway({ config, runtime, hostSubgraphs: false });
    try {
      const once = webhookBody('refund.failed', { refundId: randomUUID(), orderId: 'ord-unknown', amount: usd(100) });
      expect(await postWebhook(remote.url, once, signWebhook(once, WEBHOOK_SECRET))).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
      expect(await postWebhook(remote.url, once, signWebhook(once, WEBHOOK_SECRET))).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
      expect((await postWebhook(remote.url, once, signWebhook(once, 'a-different-webhook-secret'))).status).toBe(400);
    } finally {
      await remote.close();
      await runtime.close();
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});

describe('pay by card (S5, S7, M2, M4)', () => {
  it('offers the configured methods to the order’s owner only', async () => {
    const { customer, order } = await pendingOrder(1200);
    expect(ok(await system.gql(PaymentMethodsDocument, { orderId: order.id }, customer.token)).paymentMethods).toEqual([
      { code: 'card', name: 'Card', kind: 'PAY_NOW' },
      { code: 'store', name: 'Pay in store', kind: 'PAY_IN_STORE' },
      { code: 'wallet', name: 'Wallet balance', kind: 'WALLET' },
    ]);
    const stranger = await shop.customer();
    expect(failure(await system.gql(PaymentMethodsDocument, { orderId: order.id }, stranger.token)).code).toBe('NOT_FOUND');
    expect(failure(await pay(stranger, order.id, 'card')).code).toBe('NOT_FOUND');
    expect(failure(await pay(customer, order.id, 'cheque'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'method' });
  });

  it('changes the order only when the provider captures; captured before authorized, every event three times, ends PAID once', async () => {
    const { customer, order } = await pendingOrder(4500);
    const payment = ok(await pay(customer, order.id, 'card')).pay;
    expect(payment).toMatchObject({ status: 'PENDING', method: 'card', amount: usd(4500) });
    // A second click while the first payment is in flight: nothing is due.
    expect(failure(await pay(customer, order.id, 'card')).code).toBe('INVALID_STATE');
    expect((await shop.read(customer, order.id)).status).toBe('PAY_PENDING');

    const data = { paymentId: payment.id, orderId: order.id, amount: payment.amount };
    const captured = webhookBody('payment.captured', data);
    const authorized = webhookBody('payment.authorized', data);
    const answers = [];
    for (const body of [captured, ...shuffle([captured, captured, authorized, authorized, authorized])]) answers.push(await shop.provider.resend(body));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'stale']);

    const paid = await shop.until(customer, order.id, (o) => o.status === 'SHIPPING_PENDING');
    expect(paid).toMatchObject({ paymentStatus: 'PAID', paid: usd(4500) });
    expect(paid.history.filter((c) => c.to === 'PAID')).toEqual([expect.objectContaining({ from: 'PAY_PENDING', actor: 'system:payments' })]);
    expect((await moneyFlow(customer.token, order.id)).payments).toEqual([{ id: payment.id, method: 'card', status: 'CAPTURED', amount: usd(4500) }]);
    expect(failure(await pay(customer, order.id, 'card')).code).toBe('INVALID_STATE');
  });

  it('shows an order’s payments to its owner and OPERATOR, not to other staff', async () => {
    const { customer, order } = await pendingOrder(800);
    await shop.payInFull(customer, order.id);
    const operator = await shop.staff('OPERATOR');
    expect((await moneyFlow(operator, order.id)).payments).toHaveLength(1);
    const shipper = await shop.staff('SHIPPING_OPERATOR');
    const seen = await system.gql(OrderMoneyFlowDocument, { id: order.id }, shipper);
    expect(failure(seen).code).toBe('FORBIDDEN');
  });
});

describe('partial and mixed payment (M7, L1, L7)', () => {
  it('takes the wallet part at once and the rest by card, counting payments in flight, then refunds both ways', async () => {
    const customer = await shop.customer();
    expect(failure(await system.gql(CreditWalletDocument, { accountId: customer.accountId, amount: usd(500) }, customer.token)).code).toBe('FORBIDDEN');
    ok(await system.gql(CreditWalletDocument, { accountId: customer.accountId, amount: usd(1500), reason: 'welcome' }, shop.admin));
    expect(await wallet(customer)).toEqual(usd(1500));
    const { order } = await pendingOrder(5000, { useWallet: true }, customer);
    expect(order.walletAmount).toEqual(usd(1500));

    // useWallet: checkout took the usable balance from the wallet at once.
    expect(await wallet(customer)).toEqual(usd(0));
    await shop.until(customer, order.id, (o) => o.status === 'PAID_PARTIAL' && o.paid.amount === 1500);
    // More than the balance from the wallet fails and changes nothing.
    expect(failure(await pay(customer, order.id, 'wallet', 100)).code).toBe('PAYMENT_FAILED');
    expect((await moneyFlow(customer.token, order.id)).payments).toHaveLength(1);

    // 2000 by card in flight: 1500 is due, not 3500.
    const first = ok(await pay(customer, order.id, 'card', 2000)).pay;
    expect(failure(await pay(customer, order.id, 'card', 1501))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    const second = ok(await pay(customer, order.id, 'card')).pay;
    expect(second.amount).toEqual(usd(1500));
    await shop.capture(order.id, first);
    await shop.until(customer, order.id, (o) => o.status === 'PAID_PARTIAL' && o.paid.amount === 3500);
    await shop.capture(order.id, second);
    await shop.until(customer, order.id, (o) => o.status === 'SHIPPING_PENDING' && o.paid.amount === 5000);

    // A full refund: 3500 back through the provider, then 1500 to the wallet when it confirms.
    const refund = (key: string, amount = 5000) =>
      system.gql(RefundOrderDocument, { input: { orderId: order.id, amount: usd(amount), reason: 'never arrived', idempotencyKey: key } }, customer.token);
    const full = ok(await refund('full-refund')).requestRefund;
    expect(full).toMatchObject({ status: 'PENDING', amount: usd(5000) });
    expect(ok(await refund('full-refund')).requestRefund.id).toBe(full.id);
    expect(failure(await refund('full-refund', 4999)).code).toBe('IDEMPOTENCY_CONFLICT');
    expect(failure(await refund('another-refund', 1))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(await wallet(customer)).toEqual(usd(0));
    await shop.provider.send('refund.succeeded', { refundId: full.id, orderId: order.id, amount: usd(3500) });
    const refunded = await shop.until(customer, order.id, (o) => o.status === 'REFUNDED');
    expect(refunded).toMatchObject({ paid: usd(0), refunded: usd(5000) });
    expect(await wallet(customer)).toEqual(usd(1500));
    const flow = await moneyFlow(customer.token, order.id);
    expect(flow.payments.map((p) => [p.method, p.status, p.amount.amount])).toEqual([
      ['wallet', 'CAPTURED', 1500],
      ['card', 'CAPTURED', 2000],
      ['card', 'CAPTURED', 1500],
    ]);
    expect(flow.refunds).toEqual([{ id: full.id, status: 'SUCCEEDED', amount: usd(5000) }]);
  });
});

describe('rebate (seed 001)', () => {
  it('credits REBATE_BASIS_POINTS of what a completed order kept paid to its owner’s wallet, once', async () => {
    const { customer, order } = await pendingOrder(4000);
    await shop.payInFull(customer, order.id);
    await shop.until(customer, order.id, (o) => o.status === 'SHIPPING_PENDING');
    const refund = ok(
      await system.gql(RefundOrderDocument, { input: { orderId: order.id, amount: usd(1000), idempotencyKey: 'rebate-refund' } }, customer.token),
    ).requestRefund;
    await shop.provider.send('refund.succeeded', { refundId: refund.id, orderId: order.id, amount: usd(1000) });
    await shop.until(customer, order.id, (o) => o.paid.amount === 3000);
    ok(await system.gql(ShipOrderDocument, { orderId: order.id }, await shop.staff('SHIPPING_OPERATOR')));
    await shop.until(customer, order.id, (o) => o.status === 'COMPLETED');
    // 2.5 % of the 3000 kept.
    await eventually(async () => (await wallet(customer)).amount === 75, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await wallet(customer)).toEqual(usd(75));
  });
});

describe('under concurrency, on a real order (L1, S9)', () => {
  it('never overdraws a wallet: 20 wallet payments at once take at most the balance', async () => {
    const customer = await shop.customer();
    ok(await system.gql(CreditWalletDocument, { accountId: customer.accountId, amount: usd(1000) }, shop.admin));
    const { order } = await pendingOrder(6000, {}, customer);
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(customer, order.id, 'wallet', 300)));
    expect(results.filter((r) => r.data?.pay?.status === 'CAPTURED')).toHaveLength(3);
    expect(results.filter((r) => r.errors).map((r) => failure(r).code)).toEqual(Array(17).fill('PAYMENT_FAILED'));
    expect(await wallet(customer)).toEqual(usd(100));
    await shop.until(customer, order.id, (o) => o.status === 'PAID_PARTIAL' && o.paid.amount === 900);
  });

  it('never refunds more than was captured: 10 refunds at once of a third each', async () => {
    const { customer, order } = await pendingOrder(3000);
    await shop.payInFull(customer, order.id);
    await shop.until(customer, order.id, (o) => o.paid.amount === 3000);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        system.gql(RefundOrderDocument, { input: { orderId: order.id, amount: usd(1000), idempotencyKey: `race-${i}` } }, customer.token),
      ),
    );
    const granted = results.filter((r) => r.data?.requestRefund).map((r) => r.data!.requestRefund);
    expect(granted).toHaveLength(3);
    expect(results.filter((r) => r.errors).map((r) => failure(r))).toEqual(Array(7).fill(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'amount' })));
    for (const refund of granted) await shop.provider.send('refund.succeeded', { refundId: refund.id, orderId: order.id, amount: refund.amount });
    const refunded = await shop.until(customer, order.id, (o) => o.status === 'REFUNDED');
    expect(refunded).toMatchObject({ paid: usd(0), refunded: usd(3000) });
  });
});
