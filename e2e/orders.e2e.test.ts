/**
 * Orders through the gateway (issue 6; MISSION S4-S10, O4, O5, L1-L7, M1-M10; API.md Checkout,
 * Payments, Refunds, Subscriptions): the saga end to end with the real services and signed
 * provider webhooks — the happy path to COMPLETED with its history, live status over WebSocket
 * with the notification, partial and mixed payment, a failed payment rolling back stock, seats
 * and coupon uses, timeouts, refunds including an over-refund, cancel after payment.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@shop/platform/testing';
import {
  AllOrdersDocument,
  CancelOrderDocument,
  ConfirmPaidFromClientDocument,
  CouponsDocument,
  CreditWalletDocument,
  MyCartDocument,
  MyOrdersDocument,
  NotificationsDocument,
  OrderChangesDocument,
  OrderMoneyFlowDocument,
  RefundOrderDocument,
  ShipOrderDocument,
  SkuStockDocument,
  SwimClassDocument,
} from './__generated__/operations.js';
import { connectLive, subscribe, type LiveConnection } from './support/live.js';
import { SHOP_ENV, Shop, usd, type Customer } from './support/shop.js';
import { failure, ok, startTestSystem, type TestSystem } from './support/system.js';

let system: TestSystem;
let shop: Shop;
let shipper: string;
const connections: LiveConnection[] = [];

/** The shipped methods, plus `quick`: pay-now with a two-second timeout, for the timeout test. */
function paymentMethods(): string {
  const path = join(tmpdir(), `orders-e2e-methods-${randomUUID()}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      methods: [
        { code: 'card', name: 'Card', kind: 'PAY_NOW', timeoutMinutes: 15 },
        { code: 'store', name: 'Pay in store', kind: 'PAY_IN_STORE', timeoutMinutes: 1440 },
        { code: 'wallet', name: 'Wallet balance', kind: 'WALLET', timeoutMinutes: 15 },
        { code: 'quick', name: 'Quick card', kind: 'PAY_NOW', timeoutMinutes: 2 / 60 },
      ],
    }),
  );
  return path;
}

beforeAll(async () => {
  system = await startTestSystem({
    ...SHOP_ENV,
    PAYMENT_METHODS: paymentMethods(),
    JOB_INTERVAL_MS: '250',
    LOGISTICS_DELAY_MS: '500',
    NOTIFY_POLL_MS: '100',
  });
  shop = await Shop.open(system);
  shipper = await shop.staff('SHIPPING_OPERATOR');
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.dispose()));
  await system?.close();
});

const statuses = (order: { history: { to: string }[] }) => order.history.map((c) => c.to);
const displayStock = async (productId: string) => ok(await system.gql(SkuStockDocument, { id: productId }, shop.admin)).product!.skus[0];
const seatsRemain = async (classId: string) => ok(await system.gql(SwimClassDocument, { id: classId })).swimClass!.seatsRemain;
const usesRemaining = async (code: string) =>
  ok(await system.gql(CouponsDocument, { first: 100 }, shop.admin)).coupons.find((c) => c.code === code)!.usesRemaining;
const moneyFlow = async (customer: Customer, orderId: string) => ok(await system.gql(OrderMoneyFlowDocument, { id: orderId }, customer.token)).order!;

describe('the happy path (S4, S8, S10, L7)', () => {
  it('goes from checkout to COMPLETED, recording every change with who and why', async () => {
    const { productId, skuId, code, warehouseId } = await shop.product(5, 1250, { freight: 300 });
    const customer = await shop.customer();
    await shop.addToCart(customer, skuId, 2);
    const expectedTotal = await shop.cartTotal(customer);
    expect(expectedTotal).toEqual(usd(2800));

    const order = await shop.order(customer, { expectedTotal });
    expect(order).toMatchObject({
      status: 'PAY_PENDING',
      stockStatus: 'BOOKED',
      paymentStatus: 'NEW',
      paymentMethod: 'card',
      total: usd(2800),
      subtotal: usd(2500),
      freight: usd(300),
      paid: usd(0),
      items: [{ title: expect.stringContaining(code), quantity: 2, unitPrice: usd(1250), amount: usd(2500), sku: { id: skuId, code }, warehouse: { id: warehouseId } }],
      address: { id: customer.addressId, city: 'Springfield' },
      shippingAddress: { name: 'Buyer', line1: '1 Main St', city: 'Springfield', region: 'CA', country: 'US', postalCode: '12345' },
      shipment: { status: 'PENDING', trackingNo: null },
      account: { id: customer.accountId },
    });
    expect(statuses(order)).toEqual(['NEW', 'BOOKING_PENDING', 'BOOKED', 'PAY_PENDING']);
    expect(await displayStock(productId)).toMatchObject({ displayStock: 3, realStock: 3 });
    // The cart now belongs to the order (CHECKING).
    expect(ok(await system.gql(MyCartDocument, {}, customer.token)).cart.state).toBe('CHECKING');

    await shop.payInFull(customer, order.id);
    const shipping = await shop.until(customer, order.id, (o) => o.status === 'SHIPPING_PENDING');
    expect(shipping).toMatchObject({ stockStatus: 'ASSEMBLED', paymentStatus: 'PAID', paid: usd(2800) });

    expect(failure(await system.gql(ShipOrderDocument, { orderId: order.id }, customer.token)).code).toBe('FORBIDDEN');
    const shipped = ok(await system.gql(ShipOrderDocument, { orderId: order.id }, shipper)).shipOrder;
    expect(shipped).toMatchObject({ status: 'SHIPPED', shipment: { status: 'SHIPPED', trackingNo: expect.stringMatching(/^TRK/) } });
    expect(failure(await system.gql(ShipOrderDocument, { orderId: order.id }, shipper)).code).toBe('INVALID_STATE');

    const completed = await shop.until(customer, order.id, (o) => o.status === 'COMPLETED');
    expect(completed.shipment).toMatchObject({ status: 'DELIVERED', trackingNo: shipped.shipment!.trackingNo, deliveredAt: expect.any(String) });
    expect(completed.history.map((c) => [c.from, c.to, c.actor.startsWith('system:') ? c.actor : 'account'])).toEqual([
      [null, 'NEW', 'account'],
      ['NEW', 'BOOKING_PENDING', 'system:checkout'],
      ['BOOKING_PENDING', 'BOOKED', 'system:checkout'],
      ['BOOKED', 'PAY_PENDING', 'system:checkout'],
      ['PAY_PENDING', 'PAID', 'system:payments'],
      ['PAID', 'SHIPPING_PENDING', 'system:fulfilment'],
      ['SHIPPING_PENDING', 'SHIPPED', 'account'],
      ['SHIPPED', 'COMPLETED', 'system:logistics'],
    ]);
    expect(completed.history.map((c) => c.version)).toEqual([...completed.history.map((c) => c.version)].sort((a, b) => a - b));
    expect(completed.history.every((c) => !Number.isNaN(Date.parse(c.at)))).toBe(true);
    // Every change, including those of stock and payment, one per version.
    const changes = ok(await system.gql(OrderChangesDocument, { id: order.id }, customer.token)).order!;
    expect(changes.history.map((c) => c.version)).toEqual(Array.from({ length: changes.version }, (_, i) => i + 1));
    expect(changes.history.find((c) => c.stockStatus === 'ASSEMBLED')).toBeTruthy();
    // The stock left the warehouse; nothing is booked any more.
    expect(await displayStock(productId)).toMatchObject({ displayStock: 3, realStock: 3 });
    // The customer was told it was paid and shipped (M11).
    const kinds = await eventually(async () => {
      const list = ok(await system.gql(NotificationsDocument, { first: 20 }, customer.token)).notifications.edges.map((e) => e.node);
      const ofOrder = list.filter((n) => n.orderId === order.id).map((n) => n.kind);
      return ofOrder.includes('ORDER_SHIPPED') && ofOrder.includes('ORDER_PAID') ? ofOrder : null;
    }, 15_000);
    expect(kinds.sort()).toEqual(['ORDER_PAID', 'ORDER_SHIPPED']);
  });

  it('shows customers their own orders only, and operators all of them, newest first', async () => {
    const { skuId } = await shop.product(10, 500);
    const alice = await shop.customer();
    const bob = await shop.customer();
    await shop.addToCart(alice, skuId);
    const first = await shop.order(alice);
    await shop.payInFull(alice, first.id);
    await shop.until(alice, first.id, (o) => o.status === 'SHIPPING_PENDING');
    await shop.addToCart(alice, skuId);
    const second = await shop.order(alice);

    const page1 = ok(await system.gql(MyOrdersDocument, { first: 1 }, alice.token)).orders;
    expect(page1.edges.map((e) => e.node.id)).toEqual([second.id]);
    const page2 = ok(await system.gql(MyOrdersDocument, { first: 1, after: page1.pageInfo.endCursor }, alice.token)).orders;
    expect(page2.edges.map((e) => e.node.id)).toEqual([first.id]);
    expect(ok(await system.gql(MyOrdersDocument, { status: 'PAY_PENDING' }, alice.token)).orders.edges.map((e) => e.node.id)).toEqual([second.id]);
    expect(ok(await system.gql(MyOrdersDocument, {}, bob.token)).orders.edges).toEqual([]);
    expect((await shop.system.gql(OrderMoneyFlowDocument, { id: first.id }, bob.token)).data?.order).toBeNull();
    expect(failure(await system.gql(CancelOrderDocument, { orderId: second.id }, bob.token)).code).toBe('NOT_FOUND');
    expect(failure(await system.gql(AllOrdersDocument, {}, alice.token)).code).toBe('FORBIDDEN');
    const all = ok(await system.gql(AllOrdersDocument, { first: 100 }, shipper)).allOrders.edges.map((e) => e.node.id);
    expect(all).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(all.indexOf(second.id)).toBeLessThan(all.indexOf(first.id));
  });
});

describe('live order status (A5)', () => {
  const ORDER_STATUS = `subscription Status($orderId: ID) { orderStatusChanged(orderId: $orderId) { from to actor order { id status paid { amount } payments { status } } } }`;
  const NOTIFICATION = `subscription { notificationAdded { kind orderId } }`;

  it('streams PAY_PENDING -> PAID -> SHIPPING_PENDING to the owner only, with the notification', async () => {
    const { skuId } = await shop.product(3, 900);
    const customer = await shop.customer();
    const stranger = await shop.customer();
    await shop.addToCart(customer, skuId);
    const order = await shop.order(customer);

    const live = connectLive(system.url, customer.token);
    const spy = connectLive(system.url, stranger.token);
    connections.push(live, spy);
    type Event = { orderStatusChanged: { from: string; to: string; actor: string; order: { id: string; status: string; paid: { amount: number }; payments: { status: string }[] } } };
    const mine = subscribe<Event>(live, ORDER_STATUS, { orderId: order.id });
    const everything = subscribe<Event>(live, ORDER_STATUS);
    const notifications = subscribe<{ notificationAdded: { kind: string; orderId: string } }>(live, NOTIFICATION);
    const theirs = subscribe<Event>(spy, ORDER_STATUS, { orderId: order.id });
    await new Promise((r) => setTimeout(r, 300));

    await shop.payInFull(customer, order.id);
    const events = (await mine.waitFor(2, 15_000)).map((e) => e.orderStatusChanged);
    expect(events.map((e) => [e.from, e.to, e.actor])).toEqual([
      ['PAY_PENDING', 'PAID', 'system:payments'],
      ['PAID', 'SHIPPING_PENDING', 'system:fulfilment'],
    ]);
    // Fields of another subgraph (payments) resolve in the same payload.
    expect(events[0].order).toMatchObject({ id: order.id, paid: { amount: 900 }, payments: [{ status: 'CAPTURED' }] });
    const paid = await eventually(() => notifications.values.find((n) => n.notificationAdded.kind === 'ORDER_PAID'), 15_000);
    expect(paid.notificationAdded.orderId).toBe(order.id);
    expect(everything.values.map((e) => e.orderStatusChanged.to)).toEqual(['PAID', 'SHIPPING_PENDING']);
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.values).toEqual([]);
    expect(mine.errors).toEqual([]);
    const anonymous = subscribe(connectLive(system.url), ORDER_STATUS, {});
    await eventually(() => anonymous.errors.length > 0);
    expect(JSON.stringify(anonymous.errors)).toMatch(/UNAUTHENTICATED/);
  });
});

describe('payments (M7, L1, L7, S6)', () => {
  it('goes PAID_PARTIAL on a partial payment, then PAID with a second method (mixed: wallet + card)', async () => {
    const { skuId } = await shop.product(3, 3000);
    const customer = await shop.customer();
    ok(await system.gql(CreditWalletDocument, { accountId: customer.accountId, amount: usd(1000), reason: 'welcome' }, shop.admin));
    await shop.addToCart(customer, skuId);
    const order = await shop.order(customer, { useWallet: true });
    expect(order.walletAmount).toEqual(usd(1000));

    // useWallet: the wallet part is captured at checkout; the rest is due by another method.
    const partial = await shop.until(customer, order.id, (o) => o.status === 'PAID_PARTIAL');
    expect(partial).toMatchObject({ paymentStatus: 'PAID_PARTIAL', paid: usd(1000) });

    // The app says it paid: the items leave the cart, the order still waits for the provider (S6).
    ok(await system.gql(ConfirmPaidFromClientDocument, { orderId: order.id }, customer.token));
    expect(ok(await system.gql(MyCartDocument, {}, customer.token)).cart.items).toEqual([]);
    expect((await shop.read(customer, order.id)).status).toBe('PAID_PARTIAL');

    const card = await shop.pay(customer, order.id, 'card');
    expect(card).toMatchObject({ status: 'PENDING', amount: usd(2000) });
    await shop.capture(order.id, card);
    const paid = await shop.until(customer, order.id, (o) => o.status === 'SHIPPING_PENDING');
    expect(paid).toMatchObject({ paymentStatus: 'PAID', paid: usd(3000) });
    expect(statuses(paid).slice(4)).toEqual(['PAID_PARTIAL', 'PAID', 'SHIPPING_PENDING']);
    const flow = await moneyFlow(customer, order.id);
    expect(flow.payments.map((p) => [p.method, p.status, p.amount.amount])).toEqual([
      ['wallet', 'CAPTURED', 1000],
      ['card', 'CAPTURED', 2000],
    ]);
  });

  it('rolls the saga back on a failed payment: stock, seats and coupon uses are released (M8)', async () => {
    const { productId, skuId } = await shop.product(4, 1500);
    const classId = await shop.swimClass(3, 2000);
    const customer = await shop.customer();
    const code = await shop.coupon(customer, { kind: 'AMOUNT', value: 500, maxUses: 10 });
    await shop.addToCart(customer, skuId, 2);
    await shop.addClass(customer, classId);
    expect(await seatsRemain(classId)).toBe(2);
    const order = await shop.order(customer, { couponCodes: [code] });
    expect(order.total).toEqual(usd(3000 + 2000 - 500));
    expect(order.discounts).toEqual([{ source: 'COUPON', code, amount: usd(500) }]);
    expect(await displayStock(productId)).toMatchObject({ displayStock: 2 });
    expect(await usesRemaining(code)).toBe(9);

    const payment = await shop.pay(customer, order.id);
    await shop.provider.send('payment.failed', { paymentId: payment.id, orderId: order.id, amount: payment.amount });
    const canceled = await shop.until(customer, order.id, (o) => o.status === 'CANCELED' && o.stockStatus === 'RELEASED');
    expect(canceled.history.at(-1)).toMatchObject({ from: 'PAY_PENDING', to: 'CANCELED', actor: 'system:payments' });
    expect(await displayStock(productId)).toMatchObject({ displayStock: 4, realStock: 4 });
    await eventually(async () => (await seatsRemain(classId)) === 3, 15_000);
    await eventually(async () => (await usesRemaining(code)) === 10, 15_000);
    expect((await moneyFlow(customer, order.id)).refunds).toEqual([]);
  });

  it('cancels an order not paid in time by its method, releasing its stock, and refunds a capture that comes too late', async () => {
    const { productId, skuId } = await shop.product(2, 700);
    const customer = await shop.customer();
    await shop.addToCart(customer, skuId);
    const order = await shop.order(customer, { paymentMethod: 'quick' });
    expect(Date.parse(order.payDeadline) - Date.parse(order.createdAt)).toBeLessThan(5000);
    const payment = await shop.pay(customer, order.id, 'quick');
    const canceled = await shop.until(customer, order.id, (o) => o.status === 'CANCELED' && o.stockStatus === 'RELEASED', 20_000);
    expect(canceled.history.at(-1)).toMatchObject({ to: 'CANCELED', actor: 'system:timeout' });
    expect(await displayStock(productId)).toMatchObject({ displayStock: 2 });

    await shop.capture(order.id, payment);
    const flow = await eventually(async () => {
      const f = await moneyFlow(customer, order.id);
      return f.refunds.length === 1 ? f : null;
    }, 15_000);
    expect(flow).toMatchObject({ status: 'CANCELED', paid: usd(700), refunds: [{ status: 'PENDING', amount: usd(700) }] });
  });
});

describe('refunds and cancellation (S9, M8)', () => {
  it('refunds part, refuses an over-refund, and ends REFUNDED when everything went back', async () => {
    const { skuId } = await shop.product(2, 2000);
    const customer = await shop.customer();
    await shop.addToCart(customer, skuId);
    const order = await shop.order(customer);
    await shop.payInFull(customer, order.id);
    await shop.until(customer, order.id, (o) => o.status === 'SHIPPING_PENDING');

    const refund = (amount: number, key = randomUUID()) => system.gql(RefundOrderDocument, { input: { orderId: order.id, amount: usd(amount), reason: 'scratched', idempotencyKey: key } }, customer.token);
    const first = ok(await refund(500)).requestRefund;
    expect(first).toMatchObject({ status: 'PENDING', amount: usd(500) });
    expect(failure(await refund(1600))).toMatchObject({ code: 'BAD_USER_INPUT' });
    await shop.provider.send('refund.succeeded', { refundId: first.id, orderId: order.id, amount: usd(500) });
    const partly = await shop.until(customer, order.id, (o) => o.refunded.amount === 500);
    expect(partly).toMatchObject({ status: 'SHIPPING_PENDING', paid: usd(1500), paymentStatus: 'PAID' });
    expect(failure(await refund(1501))).toMatchObject({ code: 'BAD_USER_INPUT' });

    const rest = ok(await refund(1500)).requestRefund;
    await shop.provider.send('refund.succeeded', { refundId: rest.id, orderId: order.id, amount: usd(1500) });
    const refunded = await shop.until(customer, order.id, (o) => o.status === 'REFUNDED');
    expect(refunded).toMatchObject({ paymentStatus: 'REFUNDED', paid: usd(0), refunded: usd(2000) });
    expect(failure(await refund(1))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const notified = await eventually(async () => {
      const list = ok(await system.gql(NotificationsDocument, { first: 20 }, customer.token)).notifications.edges.map((e) => e.node.kind);
      return list.filter((k) => k === 'REFUND_SUCCEEDED').length === 2 ? list : null;
    }, 15_000);
    expect(notified).toContain('ORDER_PAID');
  });

  it('completes a class-only order once paid (nothing to ship); it can no longer be cancelled', async () => {
    const classId = await shop.swimClass(2, 2500);
    const customer = await shop.customer();
    await shop.addClass(customer, classId);
    const order = await shop.order(customer);
    expect(order).toMatchObject({ total: usd(2500), stockStatus: 'NONE', shipment: null });
    await shop.payInFull(customer, order.id);
    const completed = await shop.until(customer, order.id, (o) => o.status === 'COMPLETED');
    expect(completed.history.at(-1)).toMatchObject({ from: 'PAID', to: 'COMPLETED', actor: 'system:fulfilment', reason: 'nothing to ship' });
    expect(failure(await system.gql(CancelOrderDocument, { orderId: order.id }, customer.token)).code).toBe('INVALID_STATE');
  });

  it('cancels a paid order: what was captured is refunded, stock, seats and coupon uses come back', async () => {
    const { skuId, productId } = await shop.product(3, 1000);
    const classId = await shop.swimClass(2, 2000);
    const customer = await shop.customer();
    const code = await shop.coupon(customer, { kind: 'PERCENT', value: 10, maxUses: 5 });
    await shop.addToCart(customer, skuId);
    await shop.addClass(customer, classId);
    const order = await shop.order(customer, { couponCodes: [code] });
    expect(order.total).toEqual(usd(2700));
    await shop.payInFull(customer, order.id);
    await shop.until(customer, order.id, (o) => o.status === 'SHIPPING_PENDING');
    expect(await seatsRemain(classId)).toBe(1);

    const canceled = ok(await system.gql(CancelOrderDocument, { orderId: order.id, reason: 'ordered by mistake' }, customer.token)).cancelOrder;
    expect(canceled.history.at(-1)).toEqual({ to: 'CANCELED', actor: customer.accountId, reason: 'ordered by mistake' });
    const flow = await eventually(async () => {
      const f = await moneyFlow(customer, order.id);
      return f.refunds.length === 1 ? f : null;
    }, 15_000);
    expect(flow.refunds[0]).toMatchObject({ status: 'PENDING', amount: usd(2700) });
    await shop.provider.send('refund.succeeded', { refundId: flow.refunds[0].id, orderId: order.id, amount: usd(2700) });
    const refunded = await shop.until(customer, order.id, (o) => o.paymentStatus === 'REFUNDED');
    expect(refunded).toMatchObject({ status: 'CANCELED', paid: usd(0), refunded: usd(2700) });
    await eventually(async () => (await seatsRemain(classId)) === 2 && (await usesRemaining(code)) === 5, 15_000);
    // The unit had left the warehouse when the order was paid (assembled); it goes back (O4).
    await eventually(async () => (await displayStock(productId)).realStock === 3, 15_000);
    expect(await displayStock(productId)).toMatchObject({ realStock: 3, displayStock: 3 });
    expect((await shop.until(customer, order.id, (o) => o.stockStatus === 'RELEASED')).status).toBe('CANCELED');
  });

  it('cancels an unpaid order on the customer\'s word, giving back stock, seats and coupon uses', async () => {
    const { productId, skuId } = await shop.product(3, 1000);
    const classId = await shop.swimClass(2, 1000);
    const customer = await shop.customer();
    const code = await shop.coupon(customer, { kind: 'AMOUNT', value: 200, maxUses: 3 });
    await shop.addToCart(customer, skuId);
    await shop.addClass(customer, classId);
    const order = await shop.order(customer, { couponCodes: [code] });
    ok(await system.gql(CancelOrderDocument, { orderId: order.id }, customer.token));
    await shop.until(customer, order.id, (o) => o.stockStatus === 'RELEASED');
    expect(await displayStock(productId)).toMatchObject({ displayStock: 3 });
    await eventually(async () => (await seatsRemain(classId)) === 2 && (await usesRemaining(code)) === 3, 15_000);
    expect((await moneyFlow(customer, order.id)).refunds).toEqual([]);
  });
});
