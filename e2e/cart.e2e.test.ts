/**
 * The cart through the gateway (issues 5 and 7; MISSION C2, C3, C5, S2, S3, M12): one current
 * cart per account, lines of SKUs and class seats, the rules and error codes of each mutation
 * (a failed one changes nothing), problems instead of failures, the price summary with level
 * price, promotion, coupon, freight, wallet and currency, and operators' promotions.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddAddressDocument,
  AddClassToCartDocument,
  AddSwimmerDocument,
  AddToCartDocument,
  CancelCartDocument,
  CartCouponsDocument,
  CartSummaryDocument,
  CataloguePromotionsDocument,
  CreateCouponDocument,
  CreateProductDocument,
  CreatePromotionDocument,
  CreateSwimClassDocument,
  CreateWarehouseDocument,
  CreditWalletDocument,
  GrantRoleDocument,
  LogInDocument,
  MyCartDocument,
  ProductPromotionDocument,
  PromotionsDocument,
  PutOnShelfDocument,
  RedeemCouponDocument,
  RemoveCartItemDocument,
  SetCustomerLevelDocument,
  SetStockDocument,
  SignUpDocument,
  SwimClassDocument,
  TakeOffShelfDocument,
  UpdateCartItemDocument,
  type CouponInput,
  type PromotionInput,
} from './__generated__/operations.js';
import { ADMIN, failure, ok, startTestSystem, uniqueEmail, type GraphQLResponse, type TestSystem } from './support/system.js';

const MAX_LINES = 4;
const MAX_QUANTITY = 20;

let system: TestSystem;
let admin: string;
let operator: string;
let warehouseId: string;

interface Customer {
  id: string;
  token: string;
  swimmerId: string;
}

async function signUp(): Promise<Customer> {
  const { token, account } = ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('cart'), password: 'correct horse', name: 'Ann' } })).signUp;
  const swimmer = ok(await system.gql(AddSwimmerDocument, { input: { name: 'Tom' } }, token)).addSwimmer;
  return { id: account.id, token, swimmerId: swimmer.id };
}

beforeAll(async () => {
  system = await startTestSystem({ MAX_CART_LINES: String(MAX_LINES), MAX_LINE_QUANTITY: String(MAX_QUANTITY) });
  admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
  const staff = ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('operator'), password: 'correct horse', name: 'Op' } })).signUp;
  ok(await system.gql(GrantRoleDocument, { accountId: staff.account.id, role: 'OPERATOR' }, admin));
  ok(await system.gql(GrantRoleDocument, { accountId: staff.account.id, role: 'STOCK_OPERATOR' }, admin));
  operator = staff.token;
  warehouseId = ok(await system.gql(CreateWarehouseDocument, { input: { code: `cart-${Date.now().toString(36)}`, name: 'Cart depot' } }, operator)).createWarehouse.id;
});
afterAll(() => system?.close());

const usd = (amount: number) => ({ amount, currency: 'USD' });
let seq = 0;

/** A product with one SKU on shelf now: level prices REGULAR/VIP/PROMOTER, freight, shelf quantity and warehouse stock. */
async function shelved(opts: { prices?: [number, number, number]; freight?: number; shelf?: number; stock?: number } = {}) {
  const { prices = [2500, 2200, 2000], freight = 490, shelf = 10, stock = 10 } = opts;
  const code = `CART-${Date.now().toString(36)}-${seq++}`;
  const product = ok(await system.gql(CreateProductDocument, { input: { name: `Fins ${code}`, skus: [{ code, name: 'M' }] } }, operator)).createProduct;
  const skuId = product.skus[0].id;
  ok(await system.gql(SetStockDocument, { warehouseId, skuId, quantity: stock }, operator));
  await putOnShelf(product.id, skuId, prices, freight, shelf);
  return { productId: product.id, skuId, name: product.name };
}

async function putOnShelf(productId: string, skuId: string, prices: [number, number, number], freight = 490, shelf = 10) {
  ok(
    await system.gql(
      PutOnShelfDocument,
      {
        input: {
          productId,
          freight: usd(freight),
          items: [
            {
              skuId,
              shelfQuantity: shelf,
              originalPrice: usd(3000),
              prices: [
                { level: 'REGULAR', price: usd(prices[0]) },
                { level: 'VIP', price: usd(prices[1]) },
                { level: 'PROMOTER', price: usd(prices[2]) },
              ],
            },
          ],
        },
      },
      operator,
    ),
  );
}

async function swimClass(seats: number, price = 5000) {
  const input = { title: `Dolphins ${seq++}`, startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), seatsTotal: seats, price: usd(price) };
  return ok(await system.gql(CreateSwimClassDocument, { input }, operator)).createSwimClass.id;
}

const cart = async (token: string) => ok(await system.gql(MyCartDocument, {}, token)).cart;
const seatsRemain = async (classId: string) => ok(await system.gql(SwimClassDocument, { id: classId })).swimClass!.seatsRemain;
const summary = async (token: string, vars: { couponCodes?: string[]; addressId?: string; currency?: string } = {}) =>
  ok(await system.gql(CartSummaryDocument, vars, token)).cart.priceSummary;

/** Expects `response` to fail with `code` (and `field`), and the caller's cart to be exactly as before. */
async function refused(token: string, response: Promise<GraphQLResponse<unknown>>, code: string, field?: string) {
  const before = await cart(token);
  const error = failure(await response);
  expect(error.code, error.message).toBe(code);
  if (field) expect(error.field).toBe(field);
  expect(await cart(token)).toEqual(before);
}

describe('the current cart (C2)', () => {
  it('needs a signed-in caller', async () => {
    expect(failure(await system.gql(MyCartDocument, {})).code).toBe('UNAUTHENTICATED');
    expect(failure(await system.gql(AddToCartDocument, { skuId: randomUUID(), quantity: 1 })).code).toBe('UNAUTHENTICATED');
    expect(failure(await system.gql(CancelCartDocument, {})).code).toBe('UNAUTHENTICATED');
  });

  it('is created on demand, once, however many requests race for it', async () => {
    const { token } = await signUp();
    const carts = await Promise.all(Array.from({ length: 10 }, () => cart(token)));
    expect(new Set(carts.map((c) => c.id)).size).toBe(1);
    expect(carts[0]).toMatchObject({ state: 'ACTIVE', items: [], problems: [], expiresAt: null });
  });
});

describe('product lines', () => {
  it('adds at the level price, merges the same SKU, changes and removes lines', async () => {
    const { token } = await signUp();
    const { skuId } = await shelved();
    const added = ok(await system.gql(AddToCartDocument, { skuId, quantity: 2 }, token)).addToCart;
    expect(added).toMatchObject({ state: 'PENDING', items: [{ quantity: 2, sku: { id: skuId }, swimClass: null, unitPrice: usd(2500) }] });
    const merged = ok(await system.gql(AddToCartDocument, { skuId, quantity: 3 }, token)).addToCart;
    expect(merged.items).toHaveLength(1);
    expect(merged.items[0]).toMatchObject({ id: added.items[0].id, quantity: 5 });
    expect(merged.version).toBe(added.version + 1);
    const itemId = added.items[0].id;
    expect(ok(await system.gql(UpdateCartItemDocument, { itemId, quantity: 1 }, token)).updateCartItem.items[0].quantity).toBe(1);
    expect(ok(await system.gql(UpdateCartItemDocument, { itemId, quantity: 0 }, token)).updateCartItem.items).toEqual([]);
    const again = ok(await system.gql(AddToCartDocument, { skuId, quantity: 1 }, token)).addToCart;
    const removed = ok(await system.gql(RemoveCartItemDocument, { itemId: again.items[0].id }, token)).removeCartItem;
    expect(removed).toMatchObject({ id: added.id, state: 'PENDING', items: [] });
  });

  it('refuses bad input with its code and changes nothing', async () => {
    const { token } = await signUp();
    const other = await signUp();
    const { skuId } = await shelved({ shelf: 10, stock: 4 });
    const offShelf = await shelved();
    ok(await system.gql(TakeOffShelfDocument, { productId: offShelf.productId }, operator));
    const line = ok(await system.gql(AddToCartDocument, { skuId, quantity: 2 }, token)).addToCart.items[0];
    const othersLine = ok(await system.gql(AddToCartDocument, { skuId, quantity: 1 }, other.token)).addToCart.items[0];

    for (const quantity of [0, -1, MAX_QUANTITY + 1]) await refused(token, system.gql(AddToCartDocument, { skuId, quantity }, token), 'BAD_USER_INPUT', 'quantity');
    await refused(token, system.gql(AddToCartDocument, { skuId: randomUUID(), quantity: 1 }, token), 'NOT_FOUND', 'skuId');
    await refused(token, system.gql(AddToCartDocument, { skuId: 'not-an-id', quantity: 1 }, token), 'NOT_FOUND', 'skuId');
    await refused(token, system.gql(AddToCartDocument, { skuId: offShelf.skuId, quantity: 1 }, token), 'NOT_ON_SHELF');
    // 4 in stock, 1 in the other customer's cart does not hold any: with 2 in this line, 3 more is too many.
    await refused(token, system.gql(AddToCartDocument, { skuId, quantity: 3 }, token), 'OUT_OF_STOCK', 'quantity');
    await refused(token, system.gql(UpdateCartItemDocument, { itemId: line.id, quantity: 5 }, token), 'OUT_OF_STOCK', 'quantity');
    await refused(token, system.gql(UpdateCartItemDocument, { itemId: line.id, quantity: -1 }, token), 'BAD_USER_INPUT', 'quantity');
    await refused(token, system.gql(UpdateCartItemDocument, { itemId: line.id, quantity: MAX_QUANTITY + 1 }, token), 'BAD_USER_INPUT', 'quantity');
    await refused(token, system.gql(UpdateCartItemDocument, { itemId: othersLine.id, quantity: 1 }, token), 'NOT_FOUND', 'itemId');
    await refused(token, system.gql(UpdateCartItemDocument, { itemId: randomUUID(), quantity: 1 }, token), 'NOT_FOUND', 'itemId');
    await refused(token, system.gql(RemoveCartItemDocument, { itemId: othersLine.id }, token), 'NOT_FOUND', 'itemId');
    await refused(token, system.gql(RemoveCartItemDocument, { itemId: 'x' }, token), 'NOT_FOUND', 'itemId');
    expect((await cart(other.token)).items).toHaveLength(1);
  });

  it('holds at most MAX_CART_LINES lines', async () => {
    const { token } = await signUp();
    for (let i = 0; i < MAX_LINES; i++) ok(await system.gql(AddToCartDocument, { skuId: (await shelved()).skuId, quantity: 1 }, token));
    const { skuId } = await shelved();
    await refused(token, system.gql(AddToCartDocument, { skuId, quantity: 1 }, token), 'BAD_USER_INPUT', 'skuId');
  });

  it('shows lines gone off shelf, repriced or short of stock as problems and leaves them out of the total', async () => {
    const { token } = await signUp();
    const off = await shelved({ prices: [1000, 900, 800], freight: 100 });
    const repriced = await shelved({ prices: [2000, 1800, 1600], freight: 200 });
    const short = await shelved({ prices: [3000, 2700, 2400], freight: 300, stock: 5 });
    const fine = await shelved({ prices: [500, 450, 400], freight: 50 });
    for (const [skuId, quantity] of [[off.skuId, 1], [repriced.skuId, 1], [short.skuId, 4], [fine.skuId, 2]] as const) {
      ok(await system.gql(AddToCartDocument, { skuId, quantity }, token));
    }
    expect((await summary(token)).total).toEqual(usd(1000 + 2000 + 12000 + 1000 + 100 + 200 + 300 + 50));

    ok(await system.gql(TakeOffShelfDocument, { productId: off.productId }, operator));
    await putOnShelf(repriced.productId, repriced.skuId, [2100, 1900, 1700], 200);
    ok(await system.gql(SetStockDocument, { warehouseId, skuId: short.skuId, quantity: 3 }, operator));

    const view = await cart(token);
    const byItem = Object.fromEntries(view.items.map((i) => [i.sku!.id, i.id]));
    expect(view.problems.map((p) => [p.itemId, p.code])).toEqual([
      [byItem[off.skuId], 'NOT_ON_SHELF'],
      [byItem[repriced.skuId], 'PRICE_CHANGED'],
      [byItem[short.skuId], 'OUT_OF_STOCK'],
    ]);
    expect(view.problems[1].message).toContain('20.00 USD to 21.00 USD');
    const left = await summary(token);
    expect(left.lines.map((l) => l.itemId)).toEqual([byItem[fine.skuId]]);
    expect(left.total).toEqual(usd(1000 + 50));

    // Changing the quantity accepts today's price; lowering it to what is left clears the shortage.
    ok(await system.gql(UpdateCartItemDocument, { itemId: byItem[repriced.skuId], quantity: 1 }, token));
    ok(await system.gql(UpdateCartItemDocument, { itemId: byItem[short.skuId], quantity: 3 }, token));
    const after = await cart(token);
    expect(after.problems.map((p) => p.code)).toEqual(['NOT_ON_SHELF']);
    expect(after.items.find((i) => i.id === byItem[repriced.skuId])?.unitPrice).toEqual(usd(2100));
    expect((await summary(token)).total).toEqual(usd(2100 + 9000 + 1000 + 200 + 300 + 50));
  });
});

describe('class seats (C1, C3, C5)', () => {
  it('holds a seat at once, refuses the same swimmer twice, a foreign swimmer and a full class', async () => {
    const customer = await signUp();
    const other = await signUp();
    const classId = await swimClass(2, 4500);
    const held = ok(await system.gql(AddClassToCartDocument, { classId, swimmerId: customer.swimmerId }, customer.token)).addClassToCart;
    expect(held).toMatchObject({ state: 'PENDING', items: [{ quantity: 1, sku: null, swimClass: { id: classId }, swimmer: { id: customer.swimmerId }, unitPrice: usd(4500) }] });
    const expires = Date.parse(held.expiresAt!);
    expect(expires).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    expect(await seatsRemain(classId)).toBe(1);

    await refused(customer.token, system.gql(AddClassToCartDocument, { classId, swimmerId: customer.swimmerId }, customer.token), 'BAD_USER_INPUT', 'swimmerId');
    await refused(customer.token, system.gql(AddClassToCartDocument, { classId, swimmerId: other.swimmerId }, customer.token), 'NOT_FOUND', 'swimmerId');
    await refused(customer.token, system.gql(AddClassToCartDocument, { classId: randomUUID(), swimmerId: customer.swimmerId }, customer.token), 'NOT_FOUND');
    await refused(customer.token, system.gql(UpdateCartItemDocument, { itemId: held.items[0].id, quantity: 2 }, customer.token), 'BAD_USER_INPUT', 'quantity');
    expect(await seatsRemain(classId)).toBe(1);

    ok(await system.gql(AddClassToCartDocument, { classId, swimmerId: other.swimmerId }, other.token));
    const third = await signUp();
    await refused(third.token, system.gql(AddClassToCartDocument, { classId, swimmerId: third.swimmerId }, third.token), 'CLASS_FULL');
    expect(await seatsRemain(classId)).toBe(0);
  });

  it('answers a hold with every line of the cart, as the cart reads afterwards', async () => {
    const customer = await signUp();
    const fins = await shelved();
    ok(await system.gql(AddToCartDocument, { skuId: fins.skuId, quantity: 2 }, customer.token));
    const first = await swimClass(3, 4500);
    const second = await swimClass(3, 3900);
    ok(await system.gql(AddClassToCartDocument, { classId: first, swimmerId: customer.swimmerId }, customer.token));
    const held = ok(await system.gql(AddClassToCartDocument, { classId: second, swimmerId: customer.swimmerId }, customer.token)).addClassToCart;
    expect(held.items.map((i) => [i.sku?.id ?? null, i.swimClass?.id ?? null, i.quantity, i.unitPrice])).toEqual([
      [fins.skuId, null, 2, usd(2500)],
      [null, first, 1, usd(4500)],
      [null, second, 1, usd(3900)],
    ]);
    expect(held).toEqual(await cart(customer.token));
  });

  it("checks a class line again under the cart's lock: of holds racing for the last line one goes in, the other seat goes back", async () => {
    const customer = await signUp();
    const second = ok(await system.gql(AddSwimmerDocument, { input: { name: 'Sue' } }, customer.token)).addSwimmer;
    const classId = await swimClass(5);
    for (let i = 0; i < MAX_LINES - 1; i++) ok(await system.gql(AddToCartDocument, { skuId: (await shelved()).skuId, quantity: 1 }, customer.token));
    const answers = await Promise.all(
      [customer.swimmerId, second.id].map((swimmerId) => system.gql(AddClassToCartDocument, { classId, swimmerId }, customer.token)),
    );
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    expect(failure(answers.find((a) => a.errors)!)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'classId' });
    expect((await cart(customer.token)).items).toHaveLength(MAX_LINES);
    expect(await seatsRemain(classId)).toBe(4);

    // The same swimmer twice at once: one line, one seat.
    const other = await signUp();
    const twice = await Promise.all([1, 2].map(() => system.gql(AddClassToCartDocument, { classId, swimmerId: other.swimmerId }, other.token)));
    expect(twice.filter((a) => !a.errors)).toHaveLength(1);
    expect(failure(twice.find((a) => a.errors)!)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
    expect((await cart(other.token)).items.filter((i) => i.swimClass)).toHaveLength(1);
    expect(await seatsRemain(classId)).toBe(3);
  });

  it('gives the seat back when its line is removed, and every seat when the cart is cancelled', async () => {
    const customer = await signUp();
    const second = ok(await system.gql(AddSwimmerDocument, { input: { name: 'Sue' } }, customer.token)).addSwimmer;
    const classId = await swimClass(3);
    const { skuId } = await shelved();
    ok(await system.gql(AddToCartDocument, { skuId, quantity: 1 }, customer.token));
    const first = ok(await system.gql(AddClassToCartDocument, { classId, swimmerId: customer.swimmerId }, customer.token)).addClassToCart;
    ok(await system.gql(AddClassToCartDocument, { classId, swimmerId: second.id }, customer.token));
    expect(await seatsRemain(classId)).toBe(1);
    const line = first.items.find((i) => i.swimClass)!;
    const removed = ok(await system.gql(RemoveCartItemDocument, { itemId: line.id }, customer.token)).removeCartItem;
    expect(removed.items.map((i) => i.swimmer?.id ?? 'sku')).toEqual(['sku', second.id]);
    expect(await seatsRemain(classId)).toBe(2);

    const canceled = ok(await system.gql(CancelCartDocument, {}, customer.token)).cancelCart;
    expect(canceled).toMatchObject({ id: first.id, state: 'CANCELED' });
    expect(await seatsRemain(classId)).toBe(3);
    const next = await cart(customer.token);
    expect(next).toMatchObject({ state: 'ACTIVE', items: [] });
    expect(next.id).not.toBe(first.id);
  });
});

describe('price summary (S2)', () => {
  it('prices level price + promotion + coupon + freight, converts currency, and follows a level change', async () => {
    const customer = await signUp();
    const fins = await shelved({ prices: [2500, 2200, 2000], freight: 490 });
    const cap = await shelved({ prices: [1000, 900, 800], freight: 300 });
    const promotion = ok(
      await system.gql(CreatePromotionDocument, { input: { name: `Summer fins ${seq++}`, kind: 'PERCENT', value: 10, productIds: [fins.productId] } }, operator),
    ).createPromotion;
    const code = `SAVE5${Date.now().toString(36).toUpperCase()}`;
    ok(await system.gql(CreateCouponDocument, { input: { code, kind: 'AMOUNT', value: 500 } }, operator));
    ok(await system.gql(RedeemCouponDocument, { code }, customer.token));
    ok(await system.gql(CreditWalletDocument, { accountId: customer.id, amount: usd(1000), reason: 'welcome' }, operator));
    ok(await system.gql(AddToCartDocument, { skuId: fins.skuId, quantity: 2 }, customer.token));
    ok(await system.gql(AddToCartDocument, { skuId: cap.skuId, quantity: 1 }, customer.token));

    const regular = await summary(customer.token, { couponCodes: [code] });
    expect(regular.lines.map((l) => [l.quantity, l.unitPrice.amount, l.amount.amount])).toEqual([
      [2, 2500, 5000],
      [1, 1000, 1000],
    ]);
    expect(regular.subtotal).toEqual(usd(6000));
    expect(regular.discounts).toEqual([
      { source: 'PROMOTION', code: promotion.name, amount: usd(500) },
      { source: 'COUPON', code, amount: usd(500) },
    ]);
    expect(regular.freight).toEqual(usd(790));
    expect(regular.total).toEqual(usd(6000 - 500 - 500 + 790));
    expect(regular.walletUsable).toEqual(usd(1000));

    // EUR at 0.92, each figure rounded half away from zero: freight 7.90 USD = 7.268 EUR -> 7.27.
    const eur = await summary(customer.token, { couponCodes: [code], currency: 'eur' });
    const e = (amount: number) => ({ amount, currency: 'EUR' });
    expect(eur.lines.map((l) => [l.unitPrice, l.amount])).toEqual([
      [e(2300), e(4600)],
      [e(920), e(920)],
    ]);
    expect(eur.subtotal).toEqual(e(5520));
    expect(eur.discounts.map((d) => d.amount)).toEqual([e(460), e(460)]);
    expect(eur.freight).toEqual(e(727));
    expect(eur.total).toEqual(e(5520 - 460 - 460 + 727));
    expect(eur.walletUsable).toEqual(e(920));

    // Without coupons, and then as a VIP: the same cart at the VIP price, no price problem.
    expect((await summary(customer.token)).total).toEqual(usd(6000 - 500 + 790));
    ok(await system.gql(SetCustomerLevelDocument, { accountId: customer.id, level: 'VIP' }, admin));
    const vip = await summary(customer.token, { couponCodes: [code] });
    expect(vip.lines.map((l) => l.unitPrice.amount)).toEqual([2200, 900]);
    expect(vip.subtotal).toEqual(usd(4400 + 900));
    expect(vip.discounts.map((d) => d.amount.amount)).toEqual([440, 500]);
    expect(vip.total).toEqual(usd(5300 - 440 - 500 + 790));
    expect((await cart(customer.token)).problems).toEqual([]);
  });

  it('never goes below zero: a coupon larger than the goods leaves the freight', async () => {
    const customer = await signUp();
    const cheap = await shelved({ prices: [300, 300, 300], freight: 150 });
    const code = `BIG${Date.now().toString(36).toUpperCase()}`;
    ok(await system.gql(CreateCouponDocument, { input: { code, kind: 'AMOUNT', value: 5000 } }, operator));
    ok(await system.gql(RedeemCouponDocument, { code }, customer.token));
    ok(await system.gql(AddToCartDocument, { skuId: cheap.skuId, quantity: 1 }, customer.token));
    const priced = await summary(customer.token, { couponCodes: [code] });
    expect(priced.discounts).toEqual([{ source: 'COUPON', code, amount: usd(300) }]);
    expect(priced.total).toEqual(usd(150));
    expect(priced.walletUsable).toEqual(usd(0));
  });

  it('refuses an unknown currency, a coupon that cannot apply and someone else\'s address', async () => {
    const customer = await signUp();
    const other = await signUp();
    const { skuId } = await shelved();
    ok(await system.gql(AddToCartDocument, { skuId, quantity: 1 }, customer.token));
    const address = { name: 'Ann', line1: '1 Pool Road', city: 'Springfield', region: 'North', country: 'US', postalCode: '12345' };
    const othersAddress = ok(await system.gql(AddAddressDocument, { input: address }, other.token)).addAddress;
    const bad = (vars: Parameters<typeof summary>[1]) => system.gql(CartSummaryDocument, vars, customer.token).then(failure);
    expect(await bad({ currency: 'XYZ' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    expect(await bad({ currency: 'dollars' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    expect((await bad({ couponCodes: ['NO-SUCH-CODE'] })).code).toBe('COUPON_INVALID');
    expect(await bad({ couponCodes: [''] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'couponCodes' });
    expect(await bad({ addressId: othersAddress.id })).toMatchObject({ code: 'NOT_FOUND', field: 'addressId' });
  });

  it('lists the wallet\'s coupons that apply, best first, and why the others do not (region rule)', async () => {
    const customer = await signUp();
    const { skuId } = await shelved({ prices: [4000, 4000, 4000], freight: 0 });
    ok(await system.gql(AddToCartDocument, { skuId, quantity: 1 }, customer.token));
    const tag = Date.now().toString(36).toUpperCase();
    const coupons: CouponInput[] = [
      { code: `TEN${tag}`, kind: 'PERCENT', value: 10 },
      { code: `FIVE${tag}`, kind: 'AMOUNT', value: 500 },
      { code: `MIN${tag}`, kind: 'AMOUNT', value: 1000, minSubtotal: usd(10000) },
      { code: `NORTH${tag}`, kind: 'AMOUNT', value: 700, region: 'North' },
    ];
    for (const input of coupons) {
      ok(await system.gql(CreateCouponDocument, { input }, operator));
      ok(await system.gql(RedeemCouponDocument, { code: input.code }, customer.token));
    }
    const north = ok(await system.gql(AddAddressDocument, { input: { name: 'Ann', line1: '1 Pool Road', city: 'Springfield', region: 'North', country: 'US', postalCode: '12345' } }, customer.token)).addAddress;
    const south = ok(await system.gql(AddAddressDocument, { input: { name: 'Ann', line1: '2 Sea Road', city: 'Shelbyville', region: 'South', country: 'US', postalCode: '54321' } }, customer.token)).addAddress;

    const inSouth = ok(await system.gql(CartCouponsDocument, { addressId: south.id }, customer.token)).cart;
    expect(inSouth.applicableCoupons.map((c) => c.code)).toEqual([`FIVE${tag}`, `TEN${tag}`]);
    const why = Object.fromEntries(inSouth.couponEligibility.map((c) => [c.coupon.code, c]));
    expect(why[`TEN${tag}`]).toMatchObject({ usable: true, amount: usd(400), reason: null });
    expect(why[`MIN${tag}`]).toMatchObject({ usable: false, amount: usd(0) });
    expect(why[`MIN${tag}`].reason).toContain('minimum subtotal');
    expect(why[`NORTH${tag}`].usable).toBe(false);
    expect(why[`NORTH${tag}`].reason).toContain('North');

    const inNorth = ok(await system.gql(CartCouponsDocument, { addressId: north.id }, customer.token)).cart;
    expect(inNorth.applicableCoupons.map((c) => c.code)).toEqual([`NORTH${tag}`, `FIVE${tag}`, `TEN${tag}`]);
    const priced = await summary(customer.token, { couponCodes: [`NORTH${tag}`], addressId: north.id });
    expect(priced.total).toEqual(usd(4000 - 700));
    expect((await system.gql(CartSummaryDocument, { couponCodes: [`NORTH${tag}`], addressId: south.id }, customer.token).then(failure)).code).toBe('COUPON_INVALID');
  });
});

describe('promotions (M12)', () => {
  const input = (overrides: Partial<PromotionInput> = {}): PromotionInput => ({ name: `Promo ${seq++}`, kind: 'PERCENT', value: 15, ...overrides });

  it('are for operators only', async () => {
    const customer = await signUp();
    expect(failure(await system.gql(CreatePromotionDocument, { input: input() })).code).toBe('UNAUTHENTICATED');
    expect(failure(await system.gql(CreatePromotionDocument, { input: input() }, customer.token)).code).toBe('FORBIDDEN');
    expect(failure(await system.gql(PromotionsDocument, {}, customer.token)).code).toBe('FORBIDDEN');
  });

  it('refuses bad input naming the field, and creates nothing', async () => {
    const { productId } = await shelved();
    const count = async () => ok(await system.gql(PromotionsDocument, { first: 100 }, operator)).promotions.edges.length;
    const before = await count();
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const cases: [Partial<PromotionInput>, string][] = [
      [{ name: '  ' }, 'name'],
      [{ value: 0 }, 'value'],
      [{ value: 101 }, 'value'],
      [{ kind: 'AMOUNT', value: -5 }, 'value'],
      [{ productIds: [productId, 'nope'] }, 'productIds'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
      [{ startsAt: '2026-11-23T10:00:00' }, 'startsAt'],
      [{ startsAt: soon, endsAt: soon }, 'endsAt'],
    ];
    for (const [overrides, field] of cases) {
      expect(failure(await system.gql(CreatePromotionDocument, { input: input({ productIds: [productId], ...overrides }) }, operator)), field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await count()).toBe(before);
  });

  it('shows a product\'s best active promotion in the catalogue, and pages the list newest first', async () => {
    const fins = await shelved({ prices: [2000, 1800, 1600] });
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const small = ok(await system.gql(CreatePromotionDocument, { input: input({ kind: 'AMOUNT', value: 100, productIds: [fins.productId] }) }, operator)).createPromotion;
    expect(small).toMatchObject({ kind: 'AMOUNT', value: 100, active: true, endsAt: null, products: [{ id: fins.productId }] });
    expect(ok(await system.gql(ProductPromotionDocument, { id: fins.productId }, operator)).product?.promotion?.id).toBe(small.id);
    // 15% of 20.00 = 3.00 beats 1.00 off; a bigger one that has not started yet is not shown.
    const percent = ok(await system.gql(CreatePromotionDocument, { input: input({ productIds: [fins.productId] }) }, operator)).createPromotion;
    const future = ok(await system.gql(CreatePromotionDocument, { input: input({ value: 90, productIds: [fins.productId], startsAt: later }) }, operator)).createPromotion;
    expect(future.active).toBe(false);
    const customer = await signUp();
    expect(ok(await system.gql(ProductPromotionDocument, { id: fins.productId }, customer.token)).product?.promotion).toMatchObject({ id: percent.id, kind: 'PERCENT', value: 15 });
    const listed = ok(await system.gql(CataloguePromotionsDocument, { search: fins.name }, customer.token)).products.edges;
    expect(listed.find((e) => e.node.id === fins.productId)?.node.promotion?.id).toBe(percent.id);
    const plain = await shelved();
    expect(ok(await system.gql(ProductPromotionDocument, { id: plain.productId })).product?.promotion).toBeNull();

    const page = ok(await system.gql(PromotionsDocument, { first: 2 }, operator)).promotions;
    expect(page.edges.map((e) => e.node.id)).toEqual([future.id, percent.id]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = ok(await system.gql(PromotionsDocument, { first: 1, after: page.pageInfo.endCursor }, operator)).promotions;
    expect(next.edges[0].node.id).toBe(small.id);
    expect(failure(await system.gql(PromotionsDocument, { first: 0 }, operator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
