/**
 * Every refusal of checkout through the gateway (issue 6; MISSION S4, M6, O4; API.md Checkout):
 * each with its code, and none leaving anything behind — no order, no stock held, no coupon
 * use taken, the cart still the customer's to change.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddAddressDocument,
  CheckoutDocument,
  CouponsDocument,
  MyCartDocument,
  MyOrdersDocument,
  SetStockDocument,
  SkuStockDocument,
  TakeOffShelfDocument,
} from './__generated__/operations.js';
import { SHOP_ENV, Shop, usd, type Customer } from './support/shop.js';
import { failure, ok, startTestSystem, type TestSystem } from './support/system.js';

let system: TestSystem;
let shop: Shop;

beforeAll(async () => {
  system = await startTestSystem({ ...SHOP_ENV, ADDRESS_BLACKLIST_REGIONS: 'NOWHERE' });
  shop = await Shop.open(system);
});
afterAll(() => system?.close());

const displayStock = async (productId: string) => ok(await system.gql(SkuStockDocument, { id: productId }, shop.admin)).product!.skus[0].displayStock;
const myOrders = async (customer: Customer) => ok(await system.gql(MyOrdersDocument, {}, customer.token)).orders.edges;
const cartState = async (customer: Customer) => ok(await system.gql(MyCartDocument, {}, customer.token)).cart.state;

/** A customer with `quantity` of a fresh product (of `units` in stock) in the cart. */
async function shopper(units = 5, quantity = 1, price = 1000) {
  const product = await shop.product(units, price);
  const customer = await shop.customer();
  await shop.addToCart(customer, product.skuId, quantity);
  return { customer, ...product };
}

describe('checkout refusals (S4)', () => {
  it('needs a signed-in customer with something in the cart', async () => {
    expect(failure(await system.gql(CheckoutDocument, { input: { idempotencyKey: randomUUID(), paymentMethod: 'card' } })).code).toBe('UNAUTHENTICATED');
    const customer = await shop.customer();
    expect(failure(await shop.checkout(customer))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await myOrders(customer)).toEqual([]);
  });

  it('checks the input: the idempotency key and a configured payment method', async () => {
    const { customer, productId } = await shopper();
    expect(failure(await shop.checkout(customer, { idempotencyKey: 'short' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(failure(await shop.checkout(customer, { idempotencyKey: 'k'.repeat(101) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(failure(await shop.checkout(customer, { paymentMethod: 'bitcoin' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'paymentMethod' });
    expect(await displayStock(productId)).toBe(5);
    expect(await myOrders(customer)).toEqual([]);
  });

  it('is PRICE_CHANGED when the server total differs from the one the app showed', async () => {
    const { customer, productId } = await shopper(5, 2, 1000);
    const total = await shop.cartTotal(customer);
    const refused = await shop.checkout(customer, { expectedTotal: usd(total.amount - 1) });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'PRICE_CHANGED', total: usd(2000) });
    expect(await displayStock(productId)).toBe(5);
    expect(await cartState(customer)).toBe('PENDING');
    expect(failure(await shop.checkout(customer, { expectedTotal: { amount: total.amount, currency: 'EUR' } })).code).toBe('PRICE_CHANGED');
    expect((await shop.order(customer, { expectedTotal: total })).total).toEqual(total);
  });

  it('is OUT_OF_STOCK when the last unit went to someone else, and NOT_ON_SHELF once the product is taken off', async () => {
    const { customer: first, skuId, productId } = await shopper(1);
    const second = await shop.customer();
    await shop.addToCart(second, skuId);
    await shop.order(first);
    expect(failure(await shop.checkout(second)).code).toBe('OUT_OF_STOCK');
    expect(await myOrders(second)).toEqual([]);

    expect(await displayStock(productId)).toBe(0);

    const { customer, productId: offProduct } = await shopper(3);
    ok(await system.gql(TakeOffShelfDocument, { productId: offProduct }, shop.admin));
    expect(failure(await shop.checkout(customer)).code).toBe('NOT_ON_SHELF');
    expect(await myOrders(customer)).toEqual([]);
  });

  it('is OUT_OF_STOCK when the warehouses ran dry after the item was added', async () => {
    const { customer, skuId, warehouseId, productId } = await shopper(4, 3);
    ok(await system.gql(SetStockDocument, { warehouseId, skuId, quantity: 2 }, shop.admin));
    expect(failure(await shop.checkout(customer)).code).toBe('OUT_OF_STOCK');
    expect(await displayStock(productId)).toBe(2);
    expect(await myOrders(customer)).toEqual([]);
  });

  it('is COUPON_INVALID when the coupon has no use left, and gives the stock back', async () => {
    const { customer: first, skuId, productId } = await shopper(5);
    const code = await shop.coupon(first, { kind: 'AMOUNT', value: 100, maxUses: 1 });
    const second = await shop.customer();
    await shop.redeem(second, code);
    await shop.addToCart(second, skuId);
    await shop.order(first, { couponCodes: [code] });
    expect(await displayStock(productId)).toBe(4);
    const refused = failure(await shop.checkout(second, { couponCodes: [code] }));
    expect(refused.code).toBe('COUPON_INVALID');
    expect(await displayStock(productId)).toBe(4);
    expect(await myOrders(second)).toEqual([]);
    const coupon = ok(await system.gql(CouponsDocument, { first: 100 }, shop.admin)).coupons.find((c) => c.code === code)!;
    expect(coupon.usesRemaining).toBe(0);
    expect(failure(await shop.checkout(second, { couponCodes: ['NO-SUCH-CODE'] })).code).toBe('COUPON_INVALID');
  });

  it('delivers only to the customer\'s own addresses outside the blacklist', async () => {
    const { customer, productId } = await shopper();
    // The blacklist already refuses such an address in the address book; checkout checks it again
    // (the blacklist may have grown since), which the orders integration test covers.
    const blocked = await system.gql(
      AddAddressDocument,
      { input: { name: 'Buyer', line1: '1 Far Away', city: 'Nowhere', region: 'NOWHERE', country: 'US', postalCode: '99999' } },
      customer.token,
    );
    expect(failure(blocked)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
    const stranger = await shop.customer();
    expect(failure(await shop.checkout(customer, { addressId: stranger.addressId }))).toMatchObject({ code: 'NOT_FOUND', field: 'addressId' });
    expect(failure(await shop.checkout(customer, { addressId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND', field: 'addressId' });
    expect(failure(await shop.checkout(customer, { addressId: 'not-an-id' }))).toMatchObject({ code: 'NOT_FOUND', field: 'addressId' });
    expect(await displayStock(productId)).toBe(5);
    expect(await myOrders(customer)).toEqual([]);
  });
});

describe('idempotency and one unpaid order (S4, M6)', () => {
  it('returns the same order for the same key and request, IDEMPOTENCY_CONFLICT for a different one', async () => {
    const { customer, productId } = await shopper(5, 2);
    const input = { idempotencyKey: `same-${randomUUID()}`, paymentMethod: 'card', addressId: customer.addressId };
    const first = ok(await system.gql(CheckoutDocument, { input }, customer.token)).checkout;
    const again = ok(await system.gql(CheckoutDocument, { input }, customer.token)).checkout;
    expect(again.id).toBe(first.id);
    expect(failure(await system.gql(CheckoutDocument, { input: { ...input, paymentMethod: 'store' } }, customer.token)).code).toBe('IDEMPOTENCY_CONFLICT');
    expect(failure(await system.gql(CheckoutDocument, { input: { ...input, expectedTotal: usd(1) } }, customer.token)).code).toBe('IDEMPOTENCY_CONFLICT');
    expect(await displayStock(productId)).toBe(3);
    expect((await myOrders(customer)).map((e) => e.node.id)).toEqual([first.id]);
  });

  it('refuses a second unpaid order with INVALID_STATE naming the first', async () => {
    const { customer } = await shopper();
    const first = await shop.order(customer);
    const second = await shop.checkout(customer);
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE', orderId: first.id });
    expect(second.errors?.[0].message).toContain(first.id);
    expect((await myOrders(customer)).map((e) => e.node.id)).toEqual([first.id]);
  });
});
