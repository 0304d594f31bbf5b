/**
 * The order saga of the orders subgraph (issue 6; MISSION M1-M5, M7, M8, O5, S6, S8, S10, L4, L5,
 * L7) on the mode's database and bus, its neighbours faked: payment, stock, cart and class events
 * move orders through their state machines once each, whatever their order; paid orders get
 * their stock confirmed and go to fulfilment; ended ones give back what they held and refund what
 * they kept; the jobs time out, deliver and reconcile; live pointers follow every status change.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveChannels, queryRows, uuidv7, type AccountIdentity, type OrderStatusPointer } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import { ORDER_FIELDS, customer, paymentMethodsFile, startOrders, type OrdersHarness } from './support.js';

let h: OrdersHarness;

beforeAll(async () => {
  // A one-second card timeout, a tiny logistics delay; jobs run on demand (long interval).
  h = await startOrders({
    PAYMENT_METHODS: paymentMethodsFile({ card: 1 / 60 }),
    LOGISTICS_DELAY_MS: '50',
    JOB_INTERVAL_MS: '3600000',
    RECONCILE_AFTER_MS: '100',
  });
});
afterAll(() => h?.close());

const usd = (amount: number) => ({ amount, currency: 'USD' });
const ORDER = `query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

async function placeOrder(caller: AccountIdentity, options: { quantity?: number; unitPrice?: number; coupons?: string[]; method?: string; classOnly?: boolean } = {}) {
  const skuId = uuidv7();
  h.fakes.stock.set(skuId, 10);
  const lines = options.classOnly
    ? [{ classId: uuidv7(), quantity: 1, unitPrice: options.unitPrice ?? 1000 }]
    : [{ skuId, quantity: options.quantity ?? 1, unitPrice: options.unitPrice ?? 1000 }];
  h.fakes.cart(caller.accountId, lines);
  const result = await h.gql(
    `mutation($input: CheckoutInput!) { checkout(input: $input) { id total { amount } } }`,
    { input: { idempotencyKey: `key-${uuidv7()}`, paymentMethod: options.method ?? 'store', couponCodes: options.coupons ?? [] } },
    caller,
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return { orderId: result.data!.checkout.id as string, total: result.data!.checkout.total.amount as number, skuId };
}

async function read(caller: AccountIdentity, id: string) {
  return (await h.gql(ORDER, { id }, caller)).data!.order;
}

function payment(type: string, orderId: string, accountId: string, paymentId: string, amount: number, capturedTotal: number, refundedTotal = 0, reason: string | null = null) {
  return h.publish(type, paymentId, 1, {
    paymentId,
    orderId,
    accountId,
    method: 'card',
    amount: usd(amount),
    capturedTotal: usd(capturedTotal),
    refundedTotal: usd(refundedTotal),
    reason,
  });
}

const statusOf = async (caller: AccountIdentity, id: string, status: string) => {
  const order = await read(caller, id);
  return order.status === status ? order : null;
};

describe('payment events (S7, M7, M2)', () => {
  it('goes PAID_PARTIAL, PAID, then to fulfilment with its stock confirmed, announcing each change', async () => {
    const caller = customer();
    const pointers: OrderStatusPointer[] = [];
    const stop = await h.runtime.pubsub.subscribe(LiveChannels.orders(caller.accountId), (m) => pointers.push(JSON.parse(m)));
    const { orderId, total, skuId } = await placeOrder(caller, { quantity: 2, unitPrice: 500 });
    await payment('PaymentAuthorized', orderId, caller.accountId, 'p1', 400, 0);
    await payment('PaymentCaptured', orderId, caller.accountId, 'p1', 400, 400);
    const partial = await eventually(() => statusOf(caller, orderId, 'PAID_PARTIAL'), 10_000);
    expect(partial).toMatchObject({ paymentStatus: 'PAID_PARTIAL', paid: { amount: 400 } });
    await payment('PaymentCaptured', orderId, caller.accountId, 'p2', total - 400, total);
    const shipping = await eventually(() => statusOf(caller, orderId, 'SHIPPING_PENDING'), 10_000);
    expect(shipping).toMatchObject({ paymentStatus: 'PAID', stockStatus: 'ASSEMBLED', paid: { amount: total } });
    expect(h.fakes.bookings.get(orderId)?.status).toBe('ASSEMBLED');
    expect(h.fakes.stock.get(skuId)).toBe(8);
    expect(shipping.history.map((c: { to: string; actor: string }) => `${c.to} by ${c.actor}`).slice(4)).toEqual([
      'PAID_PARTIAL by system:payments',
      'PAID by system:payments',
      'SHIPPING_PENDING by system:fulfilment',
    ]);
    await eventually(() => pointers.length >= 4, 5000);
    expect(pointers.map((p) => p.version)).toEqual([4, ...shipping.history.slice(4).map((c: { version: number }) => c.version)]);
    await stop();
    // Paid: the customer may check out again (M6).
    await placeOrder(caller);
  });

  it('applies duplicates once and drops a late authorization and an older capture (M2, M4)', async () => {
    const caller = customer();
    const { orderId, total } = await placeOrder(caller);
    const captured = await payment('PaymentCaptured', orderId, caller.accountId, 'p1', total, total);
    await h.publish('PaymentCaptured', 'p1', 1, { paymentId: 'p1', orderId, accountId: caller.accountId, method: 'card', amount: usd(total), capturedTotal: usd(total), refundedTotal: usd(0), reason: null });
    await payment('PaymentAuthorized', orderId, caller.accountId, 'p1', total, 0);
    await eventually(() => statusOf(caller, orderId, 'SHIPPING_PENDING'), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const order = await read(caller, orderId);
    expect(order.history.filter((c: { to: string }) => c.to === 'PAID')).toHaveLength(1);
    expect(order.paymentStatus).toBe('PAID');
    expect(captured).toBeTruthy();
  });

  it('rolls back on a failed payment with nothing captured: stock and coupon uses released (M8)', async () => {
    const caller = customer();
    const { orderId, skuId } = await placeOrder(caller, { coupons: ['SAVE10'] });
    expect(h.fakes.stock.get(skuId)).toBe(9);
    await payment('PaymentFailed', orderId, caller.accountId, 'p1', 1000, 0, 0, 'card declined');
    const canceled = await eventually(async () => {
      const order = await statusOf(caller, orderId, 'CANCELED');
      return order?.stockStatus === 'RELEASED' ? order : null;
    }, 10_000);
    expect(canceled.history.at(-1)).toMatchObject({ to: 'CANCELED', actor: 'system:payments', reason: 'payment p1 failed: card declined' });
    expect(h.fakes.stock.get(skuId)).toBe(10);
    expect(h.fakes.couponUses.get(orderId)).toBe('RELEASED');
    expect(h.fakes.refunds.filter((r) => r.orderId === orderId)).toEqual([]);
  });

  it('refunds a capture that arrives after the order was cancelled', async () => {
    const caller = customer();
    const { orderId, total } = await placeOrder(caller);
    expect((await h.gql(`mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id: orderId }, caller)).data!.cancelOrder.status).toBe('CANCELED');
    await payment('PaymentCaptured', orderId, caller.accountId, 'late-1', total, total);
    await eventually(() => h.fakes.refunds.some((r) => r.orderId === orderId), 10_000);
    expect(h.fakes.refunds.filter((r) => r.orderId === orderId)).toEqual([
      { orderId, amount: usd(total), reason: 'payment captured after the order was canceled', idempotencyKey: 'late:late-1' },
    ]);
    expect((await read(caller, orderId)).status).toBe('CANCELED');
  });
});

describe('refunds and cancellation (S9, M8)', () => {
  it('cancels a paid order, refunding what it captured, and ends REFUNDED status-wise only for paid orders', async () => {
    const caller = customer();
    const { orderId, total } = await placeOrder(caller, { coupons: ['SAVE10'] });
    await payment('PaymentCaptured', orderId, caller.accountId, 'p1', total, total);
    await eventually(() => statusOf(caller, orderId, 'SHIPPING_PENDING'), 10_000);
    const canceled = await h.gql(`mutation($id: ID!) { cancelOrder(orderId: $id, reason: "changed my mind") { status history { to reason } } }`, { id: orderId }, caller);
    expect(canceled.data!.cancelOrder.history.at(-1)).toEqual({ to: 'CANCELED', reason: 'changed my mind' });
    await eventually(() => h.fakes.refunds.some((r) => r.orderId === orderId) && h.fakes.couponUses.get(orderId) === 'RELEASED', 10_000);
    expect(h.fakes.refunds.find((r) => r.orderId === orderId)).toEqual({ orderId, amount: usd(total), reason: 'changed my mind', idempotencyKey: `cancel:${orderId}` });
    await h.publish('RefundSucceeded', uuidv7(), 2, { refundId: 'r1', orderId, accountId: caller.accountId, amount: usd(total), capturedTotal: usd(total), refundedTotal: usd(total), reason: 'changed my mind' });
    const refunded = await eventually(async () => {
      const order = await read(caller, orderId);
      return order.paymentStatus === 'REFUNDED' ? order : null;
    }, 10_000);
    expect(refunded).toMatchObject({ status: 'CANCELED', paid: { amount: 0 }, refunded: { amount: total } });
    expect((await h.gql(`mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id: orderId }, caller)).errors?.[0].extensions?.code).toBe('INVALID_STATE');
  });

  it('makes a fully refunded paid order REFUNDED', async () => {
    const caller = customer();
    const { orderId, total } = await placeOrder(caller);
    await payment('PaymentCaptured', orderId, caller.accountId, 'p1', total, total);
    await eventually(() => statusOf(caller, orderId, 'SHIPPING_PENDING'), 10_000);
    await h.publish('RefundSucceeded', uuidv7(), 2, { refundId: 'r1', orderId, accountId: caller.accountId, amount: usd(300), capturedTotal: usd(total), refundedTotal: usd(300), reason: null });
    await eventually(async () => (await read(caller, orderId)).refunded.amount === 300, 10_000);
    expect((await read(caller, orderId)).status).toBe('SHIPPING_PENDING');
    await h.publish('RefundSucceeded', uuidv7(), 2, { refundId: 'r2', orderId, accountId: caller.accountId, amount: usd(total - 300), capturedTotal: usd(total), refundedTotal: usd(total), reason: null });
    const refunded = await eventually(() => statusOf(caller, orderId, 'REFUNDED'), 10_000);
    expect(refunded).toMatchObject({ paymentStatus: 'REFUNDED', paid: { amount: 0 } });
  });

  it('asks payments to refund a paid class registration that was cancelled', async () => {
    const caller = customer();
    const { orderId, total } = await placeOrder(caller, { classOnly: true, unitPrice: 1500 });
    await payment('PaymentCaptured', orderId, caller.accountId, 'p1', total, total);
    const completed = await eventually(() => statusOf(caller, orderId, 'COMPLETED'), 10_000);
    expect(completed).toMatchObject({ stockStatus: 'NONE', shipment: null });
    const registrationId = uuidv7();
    await h.publish('RegistrationCanceled', registrationId, 3, { registrationId, accountId: caller.accountId, classId: uuidv7(), orderId, refund: usd(1500), reason: 'canceled by the customer' });
    await eventually(() => h.fakes.refunds.some((r) => r.idempotencyKey === registrationId), 10_000);
    expect(h.fakes.refunds.find((r) => r.idempotencyKey === registrationId)).toMatchObject({ orderId, amount: usd(1500) });
  });
});

describe('cart events, S6, shipping, jobs', () => {
  it('cancels an unpaid order whose cart expired', async () => {
    const caller = customer();
    const { orderId, skuId } = await placeOrder(caller);
    const cartId = h.fakes.carts.get(caller.accountId)!.cartId;
    await h.publish('CartExpired', cartId, 7, { cartId, accountId: caller.accountId, orderId, reason: 'not paid in time' });
    const canceled = await eventually(async () => {
      const order = await statusOf(caller, orderId, 'CANCELED');
      return order?.stockStatus === 'RELEASED' ? order : null;
    }, 10_000);
    expect(canceled.history.find((c: { to: string }) => c.to === 'CANCELED')).toMatchObject({ actor: 'system:cart', reason: 'cart expired: not paid in time' });
    expect(h.fakes.stock.get(skuId)).toBe(10);
  });

  it('takes the items out of the cart when the app says it paid, and waits for the provider (S6)', async () => {
    const caller = customer();
    const { orderId } = await placeOrder(caller);
    const confirmed = await h.gql(`mutation($id: ID!) { confirmPaidFromClient(orderId: $id) { status history(all: true) { to reason } } }`, { id: orderId }, caller);
    expect(confirmed.data!.confirmPaidFromClient.status).toBe('PAY_PENDING');
    expect(confirmed.data!.confirmPaidFromClient.history.at(-1)).toEqual({ to: 'PAY_PENDING', reason: 'the app reports the order paid' });
    expect(h.fakes.detached).toContain(orderId);
    expect((await h.gql(`mutation($id: ID!) { confirmPaidFromClient(orderId: $id) { id } }`, { id: orderId }, customer())).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('ships with a tracking number (SHIPPING_OPERATOR only) and the carrier delivers it (S10)', async () => {
    const caller = customer();
    const { orderId, total } = await placeOrder(caller);
    const ship = `mutation($id: ID!) { shipOrder(orderId: $id) { status shipment { status trackingNo shippedAt } } }`;
    expect((await h.gql(ship, { id: orderId }, customer(['CUSTOMER', 'SHIPPING_OPERATOR']))).errors?.[0].extensions?.code).toBe('INVALID_STATE');
    await payment('PaymentCaptured', orderId, caller.accountId, 'p1', total, total);
    await eventually(() => statusOf(caller, orderId, 'SHIPPING_PENDING'), 10_000);
    expect((await h.gql(ship, { id: orderId }, caller)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const shipped = (await h.gql(ship, { id: orderId }, customer(['CUSTOMER', 'SHIPPING_OPERATOR']))).data!.shipOrder;
    expect(shipped).toMatchObject({ status: 'SHIPPED', shipment: { status: 'SHIPPED', trackingNo: expect.stringMatching(/^TRK/) } });
    await new Promise((r) => setTimeout(r, 100));
    expect(await h.orders.jobs.logistics.runOnce()).toMatchObject({ delivered: 1 });
    const done = await read(caller, orderId);
    expect(done).toMatchObject({ status: 'COMPLETED', shipment: { status: 'DELIVERED', deliveredAt: expect.any(String) } });
    expect(done.history.map((c: { to: string }) => c.to)).toEqual([
      'NEW',
      'BOOKING_PENDING',
      'BOOKED',
      'PAY_PENDING',
      'PAID',
      'SHIPPING_PENDING',
      'SHIPPED',
      'COMPLETED',
    ]);
  });

  it('times out unpaid orders by their method, refunding a partial capture', async () => {
    const caller = customer();
    const { orderId, total, skuId } = await placeOrder(caller, { method: 'card' });
    await payment('PaymentCaptured', orderId, caller.accountId, 'p1', 300, 300);
    await eventually(() => statusOf(caller, orderId, 'PAID_PARTIAL'), 10_000);
    const other = customer();
    const { orderId: inStore } = await placeOrder(other, { method: 'store' });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await h.orders.jobs.timeouts.runOnce())?.canceled).toBeGreaterThanOrEqual(1);
    const canceled = await eventually(async () => {
      const order = await statusOf(caller, orderId, 'CANCELED');
      return order?.stockStatus === 'RELEASED' ? order : null;
    }, 10_000);
    expect(canceled.history.find((c: { to: string }) => c.to === 'CANCELED')).toMatchObject({ actor: 'system:timeout' });
    expect(h.fakes.stock.get(skuId)).toBe(10);
    await eventually(() => h.fakes.refunds.some((r) => r.orderId === orderId), 10_000);
    expect(h.fakes.refunds.find((r) => r.orderId === orderId)?.amount).toEqual(usd(300));
    expect((await read(other, inStore)).status).toBe('PAY_PENDING');
    expect(total).toBeGreaterThan(300);
  });

  it('reconciles a paid order whose stock confirmation failed (L4)', async () => {
    const caller = customer();
    const { orderId, total } = await placeOrder(caller);
    h.fakes.failNext.set('inventory.confirm', [new Error('inventory unreachable')]);
    await payment('PaymentCaptured', orderId, caller.accountId, 'p1', total, total);
    await eventually(() => h.fakes.calls.includes('inventory.confirm') && statusOf(caller, orderId, 'PAID'), 10_000);
    const [{ needs }] = await queryRows<{ needs: boolean }>(h.runtime.database!.db, sql`select needs_followup as needs from orders.orders where id = ${orderId}`);
    expect(needs).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    const report = await h.orders.jobs.reconciler.runOnce();
    expect(report).toMatchObject({ stock_confirmed: 1, fulfilment: 1 });
    expect(await read(caller, orderId)).toMatchObject({ status: 'SHIPPING_PENDING', stockStatus: 'ASSEMBLED' });
    expect(await h.orders.jobs.reconciler.runOnce()).not.toHaveProperty('stock_confirmed');
  });
});
