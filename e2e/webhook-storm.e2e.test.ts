/**
 * A webhook storm through the gateway (issue 6 "done when"; MISSION M2, M4, S7, S9, O4, O5):
 * 50 orders paid by card, 5 whose payment fails and 5 left unpaid; every provider event is sent
 * three times, all shuffled together and posted concurrently, with captured before authorized
 * for some orders. Every paid order is paid exactly once, every failed one is cancelled, and the
 * money and the stock add up: captured − refunded = paid for every order, and the stock still
 * booked is exactly what the unpaid orders hold.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OrderMoneyFlowDocument, RefundOrderDocument, WarehousesDocument } from './__generated__/operations.js';
import { SHOP_ENV, Shop, usd, type Customer } from './support/shop.js';
import { ok, startTestSystem, type TestSystem } from './support/system.js';
import { webhookBody, type WebhookType } from './support/webhooks.js';
import { inParallel, shuffle } from './support/concurrency.js';

const PAID = 50;
const FAILED = 5;
const UNPAID = 5;
const PRICE = 700;

let system: TestSystem;
let shop: Shop;

beforeAll(async () => {
  system = await startTestSystem(SHOP_ENV);
  shop = await Shop.open(system);
});
afterAll(() => system?.close());

const flow = async (customer: Customer, orderId: string) => ok(await system.gql(OrderMoneyFlowDocument, { id: orderId }, customer.token)).order!;
const sum = (amounts: { amount: { amount: number } }[]) => amounts.reduce((total, a) => total + a.amount.amount, 0);

it('pays every order exactly once, whatever the order and repetition of the provider events', { timeout: 600_000 }, async () => {
  const initial = (PAID + FAILED + UNPAID) * 3;
  const { skuId } = await shop.product(initial, PRICE);
  const customers = await shop.customers(PAID + FAILED + UNPAID);
  const orders = await inParallel(customers, 8, async (customer) => {
    const quantity = 1 + Math.floor(Math.random() * 3);
    await shop.addToCart(customer, skuId, quantity);
    const order = await shop.order(customer);
    return { customer, quantity, order, payment: await shop.pay(customer, order.id) };
  });
  const paid = orders.slice(0, PAID);
  const failed = orders.slice(PAID, PAID + FAILED);
  const unpaid = orders.slice(PAID + FAILED);

  const events = (types: WebhookType[], o: (typeof orders)[number]) =>
    types.map((type) => webhookBody(type, { paymentId: o.payment.id, orderId: o.order.id, amount: o.payment.amount }));
  const bodies: string[] = [];
  const first: string[] = [];
  paid.forEach((o, i) => {
    const [authorized, captured] = events(['payment.authorized', 'payment.captured'], o);
    // Every third order: its capture is delivered before anything else is.
    if (i % 3 === 0) first.push(captured);
    bodies.push(authorized, authorized, authorized, captured, captured, captured);
  });
  for (const o of failed) {
    const [authorized, failure] = events(['payment.authorized', 'payment.failed'], o);
    bodies.push(authorized, authorized, authorized, failure, failure, failure);
  }
  const answers = [...(await inParallel(first, 10, (b) => shop.provider.resend(b))), ...(await inParallel(shuffle(bodies), 10, (b) => shop.provider.resend(b)))];
  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect(answers.filter((a) => a.body.outcome === 'ignored' || a.body.outcome === 'mismatch')).toEqual([]);

  for (const o of paid) {
    const order = await shop.until(o.customer, o.order.id, (x) => x.status === 'SHIPPING_PENDING' && x.stockStatus === 'ASSEMBLED', 120_000);
    expect(order.paid).toEqual(order.total);
    expect(order.history.filter((c) => c.to === 'PAID')).toHaveLength(1);
    const money = await flow(o.customer, o.order.id);
    expect(money.payments.map((p) => p.status)).toEqual(['CAPTURED']);
  }
  for (const o of failed) {
    const order = await shop.until(o.customer, o.order.id, (x) => x.status === 'CANCELED' && x.stockStatus === 'RELEASED', 120_000);
    expect(order.paid).toEqual(usd(0));
  }
  for (const o of unpaid) expect((await shop.read(o.customer, o.order.id)).status).toBe('PAY_PENDING');

  // Refunds of half of ten orders, each result also sent three times, shuffled.
  const refunded = paid.slice(0, 10);
  const refunds = await Promise.all(
    refunded.map(async (o) => {
      const half = Math.floor(o.order.total.amount / 2);
      const input = { orderId: o.order.id, amount: usd(half), reason: 'storm', idempotencyKey: `storm-${o.order.id}` };
      return ok(await system.gql(RefundOrderDocument, { input }, o.customer.token)).requestRefund;
    }),
  );
  const results = refunds.map((r) => webhookBody('refund.succeeded', { refundId: r.id, orderId: r.orderId, amount: r.amount }));
  await inParallel(shuffle([...results, ...results, ...results]), 10, (b) => shop.provider.resend(b));
  for (const [i, o] of refunded.entries()) {
    await shop.until(o.customer, o.order.id, (x) => x.refunded.amount === refunds[i].amount.amount, 60_000);
  }

  // Conservation: what payments captured and refunded is what each order says it was paid.
  for (const o of orders) {
    const money = await flow(o.customer, o.order.id);
    const captured = sum(money.payments.filter((p) => p.status === 'CAPTURED'));
    const back = sum(money.refunds.filter((r) => r.status === 'SUCCEEDED'));
    expect(money.paid.amount, o.order.id).toBe(captured - back);
    expect(money.refunded.amount, o.order.id).toBe(back);
  }

  // Stock: paid orders took theirs out of the warehouse, failed ones gave it back, unpaid ones still hold it.
  const holds = unpaid.reduce((n, o) => n + o.quantity, 0);
  const taken = paid.reduce((n, o) => n + o.quantity, 0);
  const line = ok(await system.gql(WarehousesDocument, {}, shop.admin))
    .warehouses.flatMap((w) => w.stock)
    .find((s) => s.sku.id === skuId)!;
  expect(line).toMatchObject({ quantity: initial - taken, reserved: holds });
});
