/**
 * Stock booking for orders (issue 4; MISSION O4, O5, M8, M10): the internal book / release /
 * confirm operations on the mode's database (PGlite, or Postgres through a pool of real
 * connections), including 200 concurrent bookings racing for 50 units.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, queryRows, uuidv7, type Runtime, type SubgraphInstance } from '@shop/platform';
import { createTestEnvironment, createTestRuntime, failureOf, type TestEnvironment } from '@shop/platform/testing';
import { CatalogueService } from '../src/domain/catalogue.js';
import type { Booking } from '../src/domain/booking.js';
import { InventoryEvents } from '../src/events/types.js';
import { createInventorySubgraph } from '../src/subgraph.js';

let environment: TestEnvironment;
let runtime: Runtime;
let inventory: SubgraphInstance;
let catalogue: CatalogueService;
const operator = uuidv7();
let warehouseSeq = 0;

beforeAll(async () => {
  environment = await createTestEnvironment({ DATABASE_POOL_SIZE: '10' });
  runtime = await createTestRuntime(environment.env);
  inventory = await createInventorySubgraph(runtime);
  catalogue = new CatalogueService(runtime.database!.db);
});

afterAll(async () => {
  await inventory?.stop();
  await runtime?.close();
  await environment?.dispose();
});

const levelPrices = (amount: number) =>
  (['REGULAR', 'VIP', 'PROMOTER'] as const).map((level) => ({ level, price: { amount, currency: 'EUR' } }));

/** A product with `skuCount` SKUs, on shelf (or in the window given) with `shelfQuantity` each. */
async function product(shelfQuantity: number, skuCount = 1, window: { startsAt?: string; endsAt?: string } = {}) {
  const tag = uuidv7().slice(-12);
  const created = await catalogue.createProduct({
    name: `Goggles ${tag}`,
    skus: Array.from({ length: skuCount }, (_, i) => ({ code: `G-${tag}-${i}`, name: `Size ${i}` })),
  });
  const skus = await catalogue.skusOfProducts([created.id]);
  await catalogue.putOnShelf(operator, {
    productId: created.id,
    ...window,
    freight: { amount: 500, currency: 'EUR' },
    items: skus.map((s) => ({ skuId: s.id, shelfQuantity, originalPrice: { amount: 2000, currency: 'EUR' }, prices: levelPrices(1500) })),
  });
  return { product: created, skuIds: skus.map((s) => s.id) };
}

async function warehouse(stock: Record<string, number>) {
  const row = await catalogue.createWarehouse({ code: `W-${uuidv7().slice(-8)}-${warehouseSeq++}`, name: 'Depot' });
  for (const [skuId, quantity] of Object.entries(stock)) await catalogue.setStock(row.id, skuId, quantity);
  return row.id;
}

const book = (orderId: string, lines: { skuId: string; quantity: number }[]) => inventory.internal.book({ orderId, lines }) as Promise<Booking>;
const release = (orderId: string, reason?: string) => inventory.internal.release({ orderId, reason }) as Promise<Booking>;
const confirm = (orderId: string) => inventory.internal.confirm({ orderId }) as Promise<Booking>;

async function stockOf(warehouseId: string, skuId: string) {
  const [row] = await queryRows<{ quantity: number; booked: number }>(
    runtime.database!.db,
    sql`select quantity, booked from inventory.stock where warehouse_id = ${warehouseId} and sku_id = ${skuId}`,
  );
  return row;
}

async function shelfRemaining(skuId: string) {
  const [row] = await queryRows<{ remaining: number }>(
    runtime.database!.db,
    sql`select i.remaining from inventory.shelf_items i join inventory.products p on p.current_shelf_id = i.shelf_id where i.sku_id = ${skuId}`,
  );
  return row.remaining;
}

async function events(type: string, orderIds: string[]) {
  const rows = await queryRows<{ aggregate_id: string; payload: unknown }>(
    runtime.database!.db,
    sql`select aggregate_id, payload from inventory.outbox where type = ${type} order by seq`,
  );
  return rows.filter((r) => orderIds.includes(r.aggregate_id));
}

const codeOf = async (promise: Promise<unknown>) => (await failureOf(promise)).code;

describe('concurrent bookings', () => {
  it('books exactly the 50 units on shelf out of 200 concurrent orders, never below zero', async () => {
    const { skuIds: [skuId] } = await product(50);
    // 80 units in the warehouses: the shelf quantity is the limit, spread over both warehouses.
    const first = await warehouse({ [skuId]: 30 });
    const second = await warehouse({ [skuId]: 50 });
    const orderIds = Array.from({ length: 200 }, (_, i) => `race-${skuId}-${i}`);

    const results = await Promise.allSettled(orderIds.map((id) => book(id, [{ skuId, quantity: 1 }])));

    const booked = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(booked).toHaveLength(50);
    expect(refused).toHaveLength(150);
    expect(refused.every((err) => err instanceof AppError && err.code === 'OUT_OF_STOCK')).toBe(true);
    expect(await shelfRemaining(skuId)).toBe(0);
    const [a, b] = [await stockOf(first, skuId), await stockOf(second, skuId)];
    expect(a.booked + b.booked).toBe(50);
    expect(a.booked).toBeLessThanOrEqual(a.quantity);
    expect(b.booked).toBeLessThanOrEqual(b.quantity);
    expect((await events(InventoryEvents.StockBooked, orderIds)).length).toBe(50);
    expect((await events(InventoryEvents.StockNegative, orderIds)).length).toBe(150);
    const [{ count }] = await queryRows<{ count: number }>(
      runtime.database!.db,
      sql`select count(*)::int as count from inventory.bookings where order_id like ${`race-${skuId}-%`}`,
    );
    expect(count).toBe(50);
  });

  it('orders a booking after a take-off that commits while it runs: no sale of what just left the shelf', async () => {
    const { product: item, skuIds } = await product(5);
    await warehouse({ [skuIds[0]]: 5 });
    let booking: Promise<Booking> | undefined;
    let settled = false;
    await runtime.database!.db.transaction(async (tx) => {
      // What takeOffShelf does, held open: the product row locked, the shelf ended.
      await tx.execute(sql`select id from inventory.products where id = ${item.id} for update`);
      await tx.execute(sql`update inventory.shelves set taken_off_at = now() where id = (select current_shelf_id from inventory.products where id = ${item.id})`);
      booking = book(uuidv7(), [{ skuId: skuIds[0], quantity: 1 }]);
      void booking.then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
    });
    await expect(booking).rejects.toMatchObject({ extensions: { code: 'NOT_ON_SHELF' } });
    expect(await shelfRemaining(skuIds[0])).toBe(5);
  });

  it('books exactly the warehouse stock when it is below the shelf quantity', async () => {
    const { skuIds: [skuId] } = await product(100);
    const first = await warehouse({ [skuId]: 30 });
    const second = await warehouse({ [skuId]: 20 });
    const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => book(`stock-race-${skuId}-${i}`, [{ skuId, quantity: 1 }])));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50);
    expect(await stockOf(first, skuId)).toMatchObject({ quantity: 30, booked: 30 });
    expect(await stockOf(second, skuId)).toMatchObject({ quantity: 20, booked: 20 });
    expect(await shelfRemaining(skuId)).toBe(50);
  });
});

describe('book', () => {
  it('is idempotent by order id, also when the same order is booked twice at once', async () => {
    const { skuIds: [skuId] } = await product(10);
    const depot = await warehouse({ [skuId]: 10 });
    const orderId = `idem-${uuidv7()}`;
    const [one, two] = await Promise.all([book(orderId, [{ skuId, quantity: 3 }]), book(orderId, [{ skuId, quantity: 3 }])]);
    expect(one).toEqual(two);
    expect(one).toEqual({ orderId, status: 'BOOKED', lines: [{ skuId, quantity: 3, warehouseId: depot }] });
    expect(await book(orderId, [{ skuId, quantity: 3 }])).toEqual(one);
    expect(await stockOf(depot, skuId)).toMatchObject({ quantity: 10, booked: 3 });
    expect(await shelfRemaining(skuId)).toBe(7);
    expect(await events(InventoryEvents.StockBooked, [orderId])).toHaveLength(1);
    expect(await codeOf(book(orderId, [{ skuId, quantity: 4 }]))).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('keeps an order in one warehouse when one can serve all of it', async () => {
    const { skuIds: [x, y] } = await product(10, 2);
    await warehouse({ [x]: 9, [y]: 1 });
    const both = await warehouse({ [x]: 2, [y]: 2 });
    const booking = await book(`one-wh-${uuidv7()}`, [
      { skuId: x, quantity: 2 },
      { skuId: y, quantity: 2 },
    ]);
    expect(booking.lines.map((l) => l.warehouseId)).toEqual([both, both]);
  });

  it('takes each line from a warehouse that has enough when none has everything', async () => {
    const { skuIds: [x, y] } = await product(10, 2);
    const forX = await warehouse({ [x]: 5, [y]: 1 });
    const forY = await warehouse({ [x]: 1, [y]: 5 });
    const booking = await book(`split-${uuidv7()}`, [
      { skuId: x, quantity: 4 },
      { skuId: y, quantity: 4 },
    ]);
    expect(Object.fromEntries(booking.lines.map((l) => [l.skuId, l.warehouseId]))).toEqual({ [x]: forX, [y]: forY });
  });

  it('refuses what is not on shelf, sold out or unknown, and holds nothing', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const scheduled = await product(5, 1, { startsAt: future });
    const ended = await product(5, 1, { startsAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), endsAt: past });
    const off = await product(5);
    await catalogue.takeOffShelf(operator, off.product.id);
    const fine = await product(5);
    const noStock = await product(5);
    const depot = await warehouse({ [scheduled.skuIds[0]]: 5, [ended.skuIds[0]]: 5, [off.skuIds[0]]: 5, [fine.skuIds[0]]: 5 });

    const orderIds: string[] = [];
    const attempt = (lines: { skuId: string; quantity: number }[]) => {
      const id = `refused-${uuidv7()}`;
      orderIds.push(id);
      return codeOf(book(id, lines));
    };
    expect(await attempt([{ skuId: scheduled.skuIds[0], quantity: 1 }])).toBe('NOT_ON_SHELF');
    expect(await attempt([{ skuId: ended.skuIds[0], quantity: 1 }])).toBe('NOT_ON_SHELF');
    expect(await attempt([{ skuId: off.skuIds[0], quantity: 1 }])).toBe('NOT_ON_SHELF');
    expect(await attempt([{ skuId: uuidv7(), quantity: 1 }])).toBe('NOT_FOUND');
    expect(await attempt([{ skuId: noStock.skuIds[0], quantity: 1 }])).toBe('OUT_OF_STOCK');
    expect(await attempt([{ skuId: fine.skuIds[0], quantity: 6 }])).toBe('OUT_OF_STOCK');
    // The first line could be served; the second cannot: the whole order fails and holds nothing.
    expect(
      await attempt([
        { skuId: fine.skuIds[0], quantity: 2 },
        { skuId: noStock.skuIds[0], quantity: 1 },
      ]),
    ).toBe('OUT_OF_STOCK');
    expect(await codeOf(book('bad-quantity', [{ skuId: fine.skuIds[0], quantity: 0 }]))).toBe('BAD_USER_INPUT');

    expect(await stockOf(depot, fine.skuIds[0])).toMatchObject({ quantity: 5, booked: 0 });
    expect(await shelfRemaining(fine.skuIds[0])).toBe(5);
    const negative = await events(InventoryEvents.StockNegative, orderIds);
    expect(negative).toHaveLength(orderIds.length);
    expect(negative[0].payload).toMatchObject({ code: 'NOT_ON_SHELF', reason: expect.stringContaining('not on shelf') });
    expect(await inventory.internal.booking({ orderId: orderIds[orderIds.length - 1] })).toBeNull();
  });

  it('passes its error codes through the internal client', async () => {
    const { skuIds: [skuId] } = await product(1);
    await expect(runtime.internal.call('inventory', 'book', { orderId: `client-${uuidv7()}`, lines: [{ skuId, quantity: 1 }] })).rejects.toMatchObject({
      extensions: { code: 'OUT_OF_STOCK' },
    });
  });
});

describe('release and confirm', () => {
  it('releases held stock once, and a released order cannot be confirmed', async () => {
    const { skuIds: [skuId] } = await product(10);
    const depot = await warehouse({ [skuId]: 10 });
    const orderId = `release-${uuidv7()}`;
    await book(orderId, [{ skuId, quantity: 4 }]);
    const released = await release(orderId, 'payment failed');
    expect(released.status).toBe('RELEASED');
    expect(await release(orderId, 'again')).toEqual(released);
    expect(await stockOf(depot, skuId)).toMatchObject({ quantity: 10, booked: 0 });
    expect(await shelfRemaining(skuId)).toBe(10);
    const [event] = await events(InventoryEvents.StockReleased, [orderId]);
    expect(event.payload).toMatchObject({ orderId, reason: 'payment failed', lines: [{ skuId, quantity: 4, warehouseId: depot }] });
    expect(await events(InventoryEvents.StockReleased, [orderId])).toHaveLength(1);
    expect(await codeOf(confirm(orderId))).toBe('INVALID_STATE');
    expect(await codeOf(book(orderId, [{ skuId, quantity: 4 }]))).toBe('INVALID_STATE');
  });

  it('lets a release that comes before its booking win', async () => {
    const { skuIds: [skuId] } = await product(10);
    const depot = await warehouse({ [skuId]: 10 });
    const orderId = `early-release-${uuidv7()}`;
    expect(await release(orderId, 'checkout gave up')).toEqual({ orderId, status: 'RELEASED', lines: [] });
    expect(await codeOf(book(orderId, [{ skuId, quantity: 1 }]))).toBe('INVALID_STATE');
    expect(await stockOf(depot, skuId)).toMatchObject({ booked: 0 });
  });

  it('confirms a paid order once: its units leave the warehouse', async () => {
    const { skuIds: [skuId] } = await product(10);
    const depot = await warehouse({ [skuId]: 10 });
    const orderId = `confirm-${uuidv7()}`;
    await book(orderId, [{ skuId, quantity: 3 }]);
    const confirmed = await confirm(orderId);
    expect(confirmed.status).toBe('ASSEMBLED');
    expect(await confirm(orderId)).toEqual(confirmed);
    expect(await stockOf(depot, skuId)).toMatchObject({ quantity: 7, booked: 0 });
    expect(await shelfRemaining(skuId)).toBe(7);
    expect(await events(InventoryEvents.StockAssembled, [orderId])).toHaveLength(1);
    expect(await codeOf(confirm(`never-booked-${uuidv7()}`))).toBe('NOT_FOUND');
  });

  it('puts assembled units back into their warehouse and on the shelf when a paid order is cancelled (O4)', async () => {
    const { skuIds: [skuId] } = await product(10);
    const depot = await warehouse({ [skuId]: 10 });
    const orderId = `restock-${uuidv7()}`;
    await book(orderId, [{ skuId, quantity: 3 }]);
    await confirm(orderId);
    const released = await release(orderId, 'order canceled after payment');
    expect(released.status).toBe('RELEASED');
    expect(await release(orderId, 'again')).toEqual(released);
    expect(await stockOf(depot, skuId)).toMatchObject({ quantity: 10, booked: 0 });
    expect(await shelfRemaining(skuId)).toBe(10);
    expect(await events(InventoryEvents.StockReleased, [orderId])).toHaveLength(1);
    expect(await codeOf(confirm(orderId))).toBe('INVALID_STATE');
  });

  it('never lets stock be set below what is booked', async () => {
    const { skuIds: [skuId] } = await product(10);
    const depot = await warehouse({ [skuId]: 10 });
    await book(`floor-${uuidv7()}`, [{ skuId, quantity: 6 }]);
    await expect(catalogue.setStock(depot, skuId, 5)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'quantity' } });
    expect(await catalogue.setStock(depot, skuId, 6)).toMatchObject({ quantity: 6, booked: 6 });
  });
});
