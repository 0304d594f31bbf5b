/**
 * Checkout orchestration of the orders subgraph (issue 6; MISSION S4, M6, L2, L3, L6, L7) on the
 * mode's database and bus, its neighbours faked so every step can be made to fail: the order is
 * written with its history and events, the key and the open-order slot decide races, and every
 * failure undoes what was done before it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode, queryRows, uuidv7, type AccountIdentity } from '@shop/platform';
import { ORDER_FIELDS, customer, startOrders, type OrdersHarness, type Result } from './support.js';

let h: OrdersHarness;

beforeAll(async () => {
  h = await startOrders();
});
afterAll(() => h?.close());

const CHECKOUT = `mutation Checkout($input: CheckoutInput!) { checkout(input: $input) { ${ORDER_FIELDS} } }`;
const ORDER = `query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

function stocked(units = 10) {
  const skuId = uuidv7();
  h.fakes.stock.set(skuId, units);
  return skuId;
}

async function checkout(caller: AccountIdentity, input: Record<string, unknown> = {}) {
  return h.gql(CHECKOUT, { input: { idempotencyKey: `key-${uuidv7()}`, paymentMethod: 'card', ...input } }, caller);
}

const code = (result: Result<unknown>) => result.errors?.[0]?.extensions?.code;
const openSlots = async (accountId: string) =>
  (await queryRows<{ n: number }>(h.runtime.database!.db, sql`select count(*)::int as n from orders.open_orders where account_id = ${accountId}`))[0].n;

describe('checkout', () => {
  it('writes the order in PAY_PENDING with its lines, history, events and the cart in CHECKING', async () => {
    const caller = customer();
    const skuId = stocked();
    const cart = h.fakes.cart(caller.accountId, [{ skuId, quantity: 2, unitPrice: 1250 }], { freight: { amount: 500, currency: 'USD' } });
    const result = await checkout(caller, { expectedTotal: { amount: 3000, currency: 'USD' } });
    expect(result.errors).toBeUndefined();
    const order = result.data!.checkout;
    expect(order).toMatchObject({
      status: 'PAY_PENDING',
      stockStatus: 'BOOKED',
      paymentStatus: 'NEW',
      version: 4,
      total: { amount: 3000, currency: 'USD' },
      paid: { amount: 0 },
      paymentMethod: 'card',
      items: [{ title: 'Goggles', quantity: 2, unitPrice: { amount: 1250 }, amount: { amount: 2500 }, sku: { id: skuId }, warehouse: { id: expect.any(String) } }],
      shipment: { status: 'PENDING', trackingNo: null },
    });
    expect(order.history.map((c: { from: string | null; to: string }) => [c.from, c.to])).toEqual([
      [null, 'NEW'],
      ['NEW', 'BOOKING_PENDING'],
      ['BOOKING_PENDING', 'BOOKED'],
      ['BOOKED', 'PAY_PENDING'],
    ]);
    expect(Date.parse(order.payDeadline) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(h.fakes.stock.get(skuId)).toBe(8);
    expect(h.fakes.carts.get(caller.accountId)?.state).toBe('CHECKING');
    const events = await queryRows<{ type: string; aggregate_version: number }>(
      h.runtime.database!.db,
      sql`select type, aggregate_version from orders.outbox where aggregate_id = ${order.id} order by seq`,
    );
    // The steps inside checkout are in the history; other services hear of the order once, in PAY_PENDING.
    expect(events.map((e) => `${e.type}@${e.aggregate_version}`)).toEqual(['OrderCreated@1', 'OrderStatusChanged@4']);
    // Read back as stored (the orders table is hash-partitioned by id, L6).
    const [{ partition }] = await queryRows<{ partition: string }>(h.runtime.database!.db, sql`select tableoid::regclass::text as partition from orders.orders where id = ${order.id}`);
    expect(partition).toMatch(/^orders\.orders_p[0-7]$/);
    expect((await h.gql(ORDER, { id: order.id }, caller)).data!.order).toEqual(order);
    expect(cart.cartId).toBeTruthy();
  });

  it('gives the same order for the same key and request, IDEMPOTENCY_CONFLICT for another', async () => {
    const caller = customer();
    h.fakes.cart(caller.accountId, [{ skuId: stocked(), quantity: 1, unitPrice: 900 }]);
    const input = { idempotencyKey: `same-${uuidv7()}`, paymentMethod: 'card' };
    const first = (await h.gql(CHECKOUT, { input }, caller)).data!.checkout;
    const again = (await h.gql(CHECKOUT, { input }, caller)).data!.checkout;
    expect(again.id).toBe(first.id);
    expect(code(await h.gql(CHECKOUT, { input: { ...input, paymentMethod: 'store' } }, caller))).toBe('IDEMPOTENCY_CONFLICT');
    // The key belongs to its account: another customer with the same key gets an order of their own.
    const other = customer();
    h.fakes.cart(other.accountId, [{ skuId: stocked(), quantity: 1, unitPrice: 900 }]);
    const theirs = (await h.gql(CHECKOUT, { input }, other)).data!.checkout;
    expect(theirs.id).not.toBe(first.id);
  });

  it('makes one order of twenty simultaneous clicks (M6)', async () => {
    const caller = customer();
    const skuId = stocked(5);
    h.fakes.cart(caller.accountId, [{ skuId, quantity: 1, unitPrice: 700 }]);
    const input = { idempotencyKey: `click-${uuidv7()}`, paymentMethod: 'card' };
    const results = await Promise.all(Array.from({ length: 20 }, () => h.gql(CHECKOUT, { input }, caller)));
    expect(results.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
    expect(new Set(results.map((r) => r.data!.checkout.id)).size).toBe(1);
    expect(h.fakes.stock.get(skuId)).toBe(4);
    const [{ n }] = await queryRows<{ n: number }>(h.runtime.database!.db, sql`select count(*)::int as n from orders.orders where account_id = ${caller.accountId}`);
    expect(n).toBe(1);
  });

  it('refuses a second unpaid order, naming the first (M6)', async () => {
    const caller = customer();
    h.fakes.cart(caller.accountId, [{ skuId: stocked(), quantity: 1, unitPrice: 700 }]);
    const first = (await checkout(caller)).data!.checkout;
    h.fakes.cart(caller.accountId, [{ skuId: stocked(), quantity: 1, unitPrice: 700 }]);
    const second = await checkout(caller);
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', orderId: first.id });
    expect(second.errors?.[0].message).toContain(first.id);
  });

  it('answers each refusal with its code and leaves nothing behind', async () => {
    const caller = customer();
    const skuId = stocked(1);
    expect(code(await checkout(caller))).toBe('BAD_USER_INPUT'); // empty cart
    h.fakes.cart(caller.accountId, [{ skuId, quantity: 1, unitPrice: 1000 }]);
    expect((await checkout(caller, { paymentMethod: 'bitcoin' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'paymentMethod' });
    expect((await checkout(caller, { idempotencyKey: 'short' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const changed = await checkout(caller, { expectedTotal: { amount: 999, currency: 'USD' } });
    expect(changed.errors?.[0].extensions).toMatchObject({ code: 'PRICE_CHANGED', total: { amount: 1000, currency: 'USD' } });
    expect((await checkout(caller, { addressId: uuidv7() })).errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'addressId' });
    const blocked = uuidv7();
    h.fakes.addresses.set(blocked, {
      id: blocked,
      accountId: caller.accountId,
      name: 'Ann',
      line1: 'Nowhere 1',
      line2: null,
      city: 'X',
      region: 'BLOCKED',
      country: 'US',
      postalCode: '00000',
      phone: null,
      blocked: { field: 'region', message: 'We do not deliver to BLOCKED' },
    });
    expect((await checkout(caller, { addressId: blocked })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'addressId' });
    h.fakes.carts.get(caller.accountId)!.problems = [{ itemId: 'x', code: 'NOT_ON_SHELF', message: 'off shelf' }];
    expect(code(await checkout(caller))).toBe('NOT_ON_SHELF');
    h.fakes.carts.get(caller.accountId)!.problems = [];
    h.fakes.stock.set(skuId, 0);
    expect(code(await checkout(caller))).toBe('OUT_OF_STOCK');
    expect(await openSlots(caller.accountId)).toBe(0);

    h.fakes.stock.set(skuId, 1);
    expect(code(await checkout(caller, { couponCodes: ['gone'] }))).toBe('COUPON_INVALID');
    expect(h.fakes.stock.get(skuId)).toBe(1); // the booking went back
    const [{ n }] = await queryRows<{ n: number }>(h.runtime.database!.db, sql`select count(*)::int as n from orders.orders where account_id = ${caller.accountId}`);
    expect(n).toBe(0);
    expect(await openSlots(caller.accountId)).toBe(0);
    expect((await checkout(caller)).data?.checkout.status).toBe('PAY_PENDING');
  });

  it('undoes booking and coupon uses when the cart refuses to move to CHECKING', async () => {
    const caller = customer();
    const skuId = stocked(3);
    h.fakes.cart(caller.accountId, [{ skuId, quantity: 2, unitPrice: 500 }]);
    h.fakes.failNext.set('cart.markChecking', [new AppError(ErrorCode.CART_NOT_EDITABLE, 'The cart is EXPIRED')]);
    const result = await checkout(caller, { couponCodes: ['SAVE10'] });
    expect(code(result)).toBe('CART_NOT_EDITABLE');
    expect(h.fakes.stock.get(skuId)).toBe(3);
    const [orderId, booking] = [...h.fakes.bookings].find(([, b]) => b.lines.some((l) => l.skuId === skuId))!;
    expect(booking.status).toBe('RELEASED');
    expect(h.fakes.couponUses.get(orderId)).toBe('RELEASED');
    expect(await openSlots(caller.accountId)).toBe(0);
  });

  it('leaves the claim to the reconciler when undoing fails, and the reconciler releases it', async () => {
    const caller = customer();
    const skuId = stocked(2);
    h.fakes.cart(caller.accountId, [{ skuId, quantity: 1, unitPrice: 500 }]);
    h.fakes.failNext.set('cart.markChecking', [new Error('cart unreachable')]);
    h.fakes.failNext.set('inventory.release', [new Error('inventory unreachable')]);
    expect(code(await checkout(caller))).toBe('INTERNAL');
    expect(h.fakes.stock.get(skuId)).toBe(1);
    expect(await openSlots(caller.accountId)).toBe(1);
    const blocked = await checkout(caller);
    expect(code(blocked)).toBe('INVALID_STATE');
    // Past RECONCILE_AFTER_MS the reconciler finds the claim without an order.
    await h.runtime.database!.db.execute(sql`update orders.open_orders set claimed_at = now() - interval '1 hour' where account_id = ${caller.accountId}`);
    const report = await h.orders.jobs.reconciler.runOnce();
    expect(report?.claims_released).toBe(1);
    expect(h.fakes.stock.get(skuId)).toBe(2);
    expect(await openSlots(caller.accountId)).toBe(0);
    expect((await checkout(caller)).data?.checkout.status).toBe('PAY_PENDING');
  });

  it('writes no order when its claim was taken for dead meanwhile, and undoes the rest', async () => {
    const caller = customer();
    const skuId = stocked(2);
    h.fakes.cart(caller.accountId, [{ skuId, quantity: 1, unitPrice: 500 }]);
    // What the reconciler does to a claim it finds too old, while this checkout is still at the cart.
    h.fakes.beforeNext.set('cart.markChecking', async () => {
      await h.runtime.database!.db.execute(sql`update orders.open_orders set abandoned_at = now() where account_id = ${caller.accountId}`);
    });
    const result = await checkout(caller);
    expect(code(result)).toBe('INVALID_STATE');
    expect(result.errors?.[0]?.message).toMatch(/took too long/);
    const stored = async (table: string) =>
      (await queryRows<{ n: number }>(h.runtime.database!.db, sql`select count(*)::int as n from ${sql.raw(table)} where account_id = ${caller.accountId}`))[0].n;
    expect(await stored('orders.orders')).toBe(0);
    expect(await stored('orders.checkout_requests')).toBe(0);
    expect(await openSlots(caller.accountId)).toBe(0);
    expect(h.fakes.stock.get(skuId)).toBe(2);
  });

  it('pays an order with nothing to pay at once, and frees the customer to check out again (M6)', async () => {
    const caller = customer();
    h.fakes.cart(caller.accountId, [{ skuId: stocked(), quantity: 1, unitPrice: 0 }]);
    const result = await checkout(caller);
    expect(result.errors).toBeUndefined();
    const order = result.data!.checkout;
    expect(order).toMatchObject({ status: 'PAID', paymentStatus: 'PAID', version: 5, total: { amount: 0 } });
    // (the saga may already have moved it on: the history is read after the answer)
    expect(order.history).toContainEqual(expect.objectContaining({ from: 'PAY_PENDING', to: 'PAID' }));
    expect(await openSlots(caller.accountId)).toBe(0);
    const events = await queryRows<{ type: string; aggregate_version: number }>(
      h.runtime.database!.db,
      sql`select type, aggregate_version from orders.outbox where aggregate_id = ${order.id} and aggregate_version <= 5 order by seq`,
    );
    expect(events.map((e) => `${e.type}@${e.aggregate_version}`)).toEqual(['OrderCreated@1', 'OrderStatusChanged@5']);
    h.fakes.cart(caller.accountId, [{ skuId: stocked(), quantity: 1, unitPrice: 700 }]);
    expect((await checkout(caller)).data?.checkout.status).toBe('PAY_PENDING');
  });

  it('lets the owner and order staff read an order, and nobody else', async () => {
    const owner = customer();
    h.fakes.cart(owner.accountId, [{ skuId: stocked(), quantity: 1, unitPrice: 100 }]);
    const { id } = (await checkout(owner)).data!.checkout;
    expect((await h.gql(ORDER, { id }, customer())).data!.order).toBeNull();
    expect((await h.gql(ORDER, { id }, customer(['CUSTOMER', 'SHIPPING_OPERATOR']))).data!.order.id).toBe(id);
    expect(code(await h.gql(ORDER, { id }))).toBe('UNAUTHENTICATED');
    const mine = await h.gql(`{ orders(first: 5) { edges { node { id } } pageInfo { hasNextPage } } }`, {}, owner);
    expect(mine.data!.orders.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
    expect(code(await h.gql(`{ allOrders { edges { node { id } } } }`, {}, owner))).toBe('FORBIDDEN');
    const all = await h.gql(`{ allOrders(status: PAY_PENDING, first: 100) { edges { node { id status } } } }`, {}, customer(['CUSTOMER', 'OPERATOR']));
    expect(all.data!.allOrders.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
  });
});
