/**
 * Checkout races with the real inventory (issue 6; MISSION M6, O4, S4): 500 customers check out
 * at once for the last 100 units and exactly 100 orders exist afterwards, the rest OUT_OF_STOCK,
 * with the units booked equal to the lines of the orders — on PGlite, and on Postgres through a
 * pool of real connections. Carts, accounts and coupons are faked: no sign-ups to wait for.
 */
import { execute, parse } from 'graphql';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubgraphContext, queryRows, uuidv7 } from '@shop/platform';
import { customer, startOrders, type OrdersHarness } from './support.js';

let h: OrdersHarness;
const operator = customer(['CUSTOMER', 'ADMIN']);

beforeAll(async () => {
  h = await startOrders({ DATABASE_POOL_SIZE: '20', JOB_INTERVAL_MS: '3600000', SHOP_CURRENCY: 'USD' }, { inventory: true });
});
afterAll(() => h?.close());

/** An operation on the real inventory subgraph as an ADMIN. */
async function inventory<T = any>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await execute({
    schema: h.inventory!.schema,
    document: parse(query),
    variableValues: variables,
    contextValue: createSubgraphContext(operator, uuidv7(), h.runtime.log),
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
}

async function productOnShelf(units: number, price: number) {
  const code = `RACE-${uuidv7().slice(-10)}`;
  const { createProduct } = await inventory(`mutation($input: ProductInput!) { createProduct(input: $input) { id skus { id } } }`, {
    input: { name: `Goggles ${code}`, skus: [{ code, name: 'One size' }] },
  });
  const skuId = createProduct.skus[0].id as string;
  const { createWarehouse } = await inventory(`mutation($input: WarehouseInput!) { createWarehouse(input: $input) { id } }`, { input: { code: `W-${code}`, name: 'Depot' } });
  await inventory(`mutation($w: ID!, $s: ID!, $q: Int!) { setStock(warehouseId: $w, skuId: $s, quantity: $q) { quantity } }`, { w: createWarehouse.id, s: skuId, q: units });
  const money = { amount: price, currency: 'USD' };
  await inventory(`mutation($input: PutOnShelfInput!) { putOnShelf(input: $input) { id } }`, {
    input: {
      productId: createProduct.id,
      freight: { amount: 0, currency: 'USD' },
      items: [{ skuId, shelfQuantity: units, originalPrice: money, prices: ['REGULAR', 'VIP', 'PROMOTER'].map((level) => ({ level, price: money })) }],
    },
  });
  return { productId: createProduct.id as string, skuId, warehouseId: createWarehouse.id as string };
}

const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(h.runtime.database!.db, query))[0].n;

describe('500 checkouts for 100 units (M6, O4)', () => {
  it('makes exactly 100 orders; the other 400 are OUT_OF_STOCK and hold nothing', async () => {
    const { productId, skuId, warehouseId } = await productOnShelf(100, 700);
    const customers = Array.from({ length: 500 }, () => customer());
    for (const c of customers) h.fakes.cart(c.accountId, [{ skuId, quantity: 1, unitPrice: 700 }]);

    const results = await Promise.all(
      customers.map((c) =>
        h.gql(`mutation($input: CheckoutInput!) { checkout(input: $input) { id status items { quantity warehouse { id } } } }`, { input: { idempotencyKey: `race-${c.accountId}`, paymentMethod: 'card' } }, c),
      ),
    );
    const codes = results.map((r) => (r.errors ? String(r.errors[0].extensions?.code) : 'OK'));
    const tally = codes.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});
    expect(tally).toEqual({ OK: 100, OUT_OF_STOCK: 400 });
    const orders = results.filter((r) => !r.errors).map((r) => r.data!.checkout);
    expect(orders.every((o) => o.status === 'PAY_PENDING' && o.items[0].warehouse.id === warehouseId)).toBe(true);

    const ids = customers.map((c) => c.accountId);
    expect(await count(sql`select count(*)::int as n from orders.orders where account_id = any(${`{${ids.join(',')}}`}::uuid[])`)).toBe(100);
    expect(await count(sql`select count(*)::int as n from orders.open_orders where account_id = any(${`{${ids.join(',')}}`}::uuid[])`)).toBe(100);
    expect(await count(sql`select count(*)::int as n from orders.checkout_requests where account_id = any(${`{${ids.join(',')}}`}::uuid[])`)).toBe(100);
    // Conservation: the units booked are exactly the lines of the orders.
    const { product } = await inventory(`query($id: ID!) { product(id: $id) { skus { displayStock realStock } } }`, { id: productId });
    expect(product.skus[0]).toEqual({ displayStock: 0, realStock: 0 });
    const { warehouses } = await inventory(`{ warehouses { id stock { sku { id } quantity reserved } } }`, {});
    const row = warehouses.find((w: { id: string }) => w.id === warehouseId).stock.find((s: { sku: { id: string } }) => s.sku.id === skuId);
    const lines = orders.reduce((sum, o) => sum + o.items[0].quantity, 0);
    expect(row).toMatchObject({ quantity: 100, reserved: lines });
  }, 300_000);
});
