/**
 * Checkout and payment under concurrency through the gateway (issue 6; MISSION M1, M2, M4, M6,
 * O4, S4, S7): 100 customers racing for 60 units, a customer clicking checkout twenty times at
 * once, and a storm of duplicated, shuffled provider webhooks — with the money and the stock
 * conserved at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderMoneyFlowDocument, SkuStockDocument, WarehousesDocument } from './__generated__/operations.js';
import { SHOP_ENV, Shop, type Customer } from './support/shop.js';
import { failure, ok, startTestSystem, type TestSystem } from './support/system.js';
import { webhookBody, type WebhookType } from './support/webhooks.js';
import { inParallel, shuffle } from './support/concurrency.js';

let system: TestSystem;
let shop: Shop;

beforeAll(async () => {
  system = await startTestSystem({ ...SHOP_ENV, DATABASE_POOL_SIZE: '20' });
  shop = await Shop.open(system);
}, 120_000);
afterAll(() => system?.close());

/** Runs `tasks` with at most `limit` in flight. */
async function stockOf(productId: string, skuId: string) {
  const sku = ok(await system.gql(SkuStockDocument, { id: productId }, shop.admin)).product!.skus[0];
  const rows = ok(await system.gql(WarehousesDocument, {}, shop.admin)).warehouses.flatMap((w) => w.stock).filter((s) => s.sku.id === skuId);
  return {
    displayStock: sku.displayStock,
    quantity: rows.reduce((sum, r) => sum + r.quantity, 0),
    reserved: rows.reduce((sum, r) => sum + r.reserved, 0),
  };
}

let customers: Customer[];
let raced: { customer: Customer; id: string; total: number }[];
let product: { productId: string; skuId: string };

describe('concurrent checkouts (M6, O4)', () => {
  it('sells 60 units to exactly 60 of 100 customers checking out at once; the rest get OUT_OF_STOCK', async () => {
    // The same race with 500 customers for 100 units runs in subgraphs/orders/test/races.int.test.ts,
    // without the sign-ups that would dominate it here.
    product = await shop.product(60, 700);
    customers = await shop.customers(100);
    await inParallel(customers, 20, (c) => shop.addToCart(c, product.skuId, 1));

    const results = await Promise.all(customers.map((c) => shop.checkout(c)));
    const codes = results.map((r) => (r.errors ? r.errors[0].extensions?.code : 'OK'));
    const counts = codes.reduce<Record<string, number>>((acc, code) => ({ ...acc, [String(code)]: (acc[String(code)] ?? 0) + 1 }), {});
    expect(counts).toEqual({ OK: 60, OUT_OF_STOCK: 40 });
    expect(await stockOf(product.productId, product.skuId)).toEqual({ displayStock: 0, quantity: 60, reserved: 60 });
    raced = results.flatMap((r, i) => (r.errors ? [] : [{ customer: customers[i], id: r.data!.checkout.id, total: r.data!.checkout.total.amount }]));
    expect(new Set(raced.map((o) => o.id)).size).toBe(60);
    expect(results.every((r) => r.errors || (r.data!.checkout.status === 'PAY_PENDING' && r.data!.checkout.items[0].quantity === 1))).toBe(true);
  }, 300_000);

  it('makes one order of twenty simultaneous clicks, with the same key or not', async () => {
    const { productId, skuId } = await shop.product(10, 500);
    const [sameKey, newKeys] = await shop.customers(2);
    await shop.addToCart(sameKey, skuId);
    await shop.addToCart(newKeys, skuId);

    const input = { idempotencyKey: `double-click-${sameKey.accountId}` };
    const clicks = await Promise.all(Array.from({ length: 20 }, () => shop.checkout(sameKey, input)));
    expect(clicks.filter((r) => r.errors)).toEqual([]);
    expect(new Set(clicks.map((r) => r.data!.checkout.id)).size).toBe(1);

    const fresh = await Promise.all(Array.from({ length: 20 }, () => shop.checkout(newKeys)));
    const made = fresh.filter((r) => !r.errors);
    expect(made).toHaveLength(1);
    const winner = made[0].data!.checkout.id;
    expect(fresh.filter((r) => r.errors).map((r) => failure(r))).toEqual(
      Array(19).fill({ code: 'INVALID_STATE', field: undefined, message: expect.stringContaining(winner) }),
    );
    expect(await stockOf(productId, skuId)).toMatchObject({ displayStock: 8, reserved: 2 });
  }, 120_000);
});

describe('webhook storm (M2, M4, S7)', () => {
  it('pays 50 orders exactly once from every event sent three times, shuffled, captures before authorizations', async () => {
    // The race's 60 orders: 50 are paid here, 10 stay unpaid.
    const paid = raced.slice(0, 50);
    const unpaid = raced.slice(50);

    const bodies: string[] = [];
    await inParallel(paid, 10, async (order) => {
      const payment = await shop.pay(order.customer, order.id);
      const data = { paymentId: payment.id, orderId: order.id, amount: payment.amount };
      for (const type of ['payment.authorized', 'payment.captured'] as WebhookType[]) {
        const body = webhookBody(type, data);
        bodies.push(body, body, body);
      }
    });
    // Shuffled: duplicates apart, many captures ahead of their authorization.
    const statuses: number[] = [];
    await inParallel(shuffle(bodies), 15, async (body) => statuses.push((await shop.provider.resend(body)).status));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(300);

    for (const order of paid) {
      const done = await shop.until(order.customer, order.id, (o) => o.status === 'SHIPPING_PENDING', 60_000);
      expect(done.history.filter((c) => c.to === 'PAID')).toHaveLength(1);
      expect(done).toMatchObject({ paymentStatus: 'PAID', stockStatus: 'ASSEMBLED', paid: { amount: order.total } });
      const flow = ok(await system.gql(OrderMoneyFlowDocument, { id: order.id }, order.customer.token)).order!;
      const captured = flow.payments.filter((p) => p.status === 'CAPTURED').reduce((sum, p) => sum + p.amount.amount, 0);
      const refunded = flow.refunds.filter((r) => r.status === 'SUCCEEDED').reduce((sum, r) => sum + r.amount.amount, 0);
      expect(captured - refunded).toBe(flow.paid.amount);
      expect(flow.payments).toHaveLength(1);
    }
    // Stock booked = the lines of the live unpaid orders; the paid ones' units left the warehouses.
    const live = await Promise.all(unpaid.map((o) => shop.read(o.customer, o.id)));
    expect(live.every((o) => o.status === 'PAY_PENDING' && o.stockStatus === 'BOOKED')).toBe(true);
    const bookedLines = live.flatMap((o) => o.items).reduce((sum, item) => sum + item.quantity, 0);
    expect(bookedLines).toBe(10);
    expect(await stockOf(product.productId, product.skuId)).toEqual({ displayStock: 0, quantity: 60 - 50, reserved: bookedLines });
  }, 300_000);
});
