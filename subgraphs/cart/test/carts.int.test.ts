/**
 * Cart rules on the mode's database and bus (issue 5/7; MISSION C2, C3, C5, S6): one current cart
 * per account under concurrency, the state machine as checkout and the order saga drive it,
 * expiry, and the internal operations orders and inventory call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type CartEventPayload } from '@shop/platform';
import { eventually, failureOf } from '@shop/platform/testing';
import { CART_FIELDS, customer, exec, orderStatus, shelvedSku, startCartHarness, swimClass, type CartHarness } from './support.js';

let h: CartHarness;

beforeAll(async () => {
  h = await startCartHarness({ CART_HOLD_MS: '1000' });
});
afterAll(() => h?.close());

const cartOf = async (identity: Parameters<typeof exec>[3]) => (await exec(h.cart, `{ cart { ${CART_FIELDS} } }`, {}, identity)).cart;
const addToCart = (identity: Parameters<typeof exec>[3], skuId: string, quantity: number) =>
  exec(h.cart, `mutation($s: ID!, $q: Int!) { addToCart(skuId: $s, quantity: $q) { ${CART_FIELDS} } }`, { s: skuId, q: quantity }, identity).then((d) => d.addToCart);
const addClass = (identity: Parameters<typeof exec>[3], classId: string, swimmerId: string) =>
  exec(h.cart, `mutation($c: ID!, $s: ID!) { addClassToCart(classId: $c, swimmerId: $s) { ${CART_FIELDS} } }`, { c: classId, s: swimmerId }, identity).then((d) => d.addClassToCart);
const seatsRemain = async (classId: string) => (await exec(h.inventory, '{ swimClass(id: "' + classId + '") { seatsRemain } }')).swimClass.seatsRemain as number;
const state = async (cartId: string) => ((await h.cart.internal.states({ cartIds: [cartId] })) as Record<string, string | null>)[cartId];
const eventsOf = (type: string, cartId: string) => h.events.filter((e) => e.type === type && (e.payload as CartEventPayload).cartId === cartId);
const markChecking = (cartId: string, orderId: string, extra: Record<string, unknown> = {}) =>
  h.cart.internal.markChecking({ cartId, orderId, expiresAt: new Date(Date.now() + 60_000).toISOString(), ...extra });

describe('one current cart per account (C2)', () => {
  it('gives 20 concurrent first requests the same one cart', async () => {
    const { identity, accountId } = await customer(h);
    const carts = await Promise.all(Array.from({ length: 20 }, () => cartOf(identity)));
    expect(new Set(carts.map((c) => c.id)).size).toBe(1);
    expect(carts[0]).toMatchObject({ state: 'ACTIVE', items: [], expiresAt: null, version: 1 });
    const current = await h.cart.carts.findCurrent(accountId);
    expect(current?.id).toBe(carts[0].id);
  });

  it('refuses a second current cart in the database itself', async () => {
    const { accountId } = await customer(h);
    const first = await h.cart.carts.current(accountId);
    const { carts } = await import('../src/db/schema.js');
    await expect(h.runtime.database!.db.insert(carts).values({ id: uuidv7(), accountId, state: 'PENDING' })).rejects.toThrow();
    expect((await h.cart.carts.current(accountId)).id).toBe(first.id);
  });

  it('lets concurrent adds of one SKU merge into one line under the cart lock', async () => {
    const { identity } = await customer(h);
    const { skuId } = await shelvedSku(h, { stock: 50 });
    await Promise.all(Array.from({ length: 6 }, () => addToCart(identity, skuId, 1)));
    const cart = await cartOf(identity);
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0].quantity).toBe(6);
    expect(cart.version).toBe(7);
  });
});

describe('state rules (C3)', () => {
  it('moves ACTIVE -> PENDING on the first item and bumps the version on every change', async () => {
    const { identity } = await customer(h);
    const { skuId } = await shelvedSku(h);
    const empty = await cartOf(identity);
    const added = await addToCart(identity, skuId, 2);
    expect(added).toMatchObject({ id: empty.id, state: 'PENDING', version: 2, expiresAt: null });
    const updated = (await exec(h.cart, `mutation($i: ID!) { updateCartItem(itemId: $i, quantity: 3) { ${CART_FIELDS} } }`, { i: added.items[0].id }, identity)).updateCartItem;
    expect(updated).toMatchObject({ state: 'PENDING', version: 3 });
    expect(updated.items[0].quantity).toBe(3);
  });

  it('is not editable in CHECKING; markChecking is idempotent for its order and refuses others', async () => {
    const { identity } = await customer(h);
    const { skuId } = await shelvedSku(h);
    const cart = await addToCart(identity, skuId, 1);
    const orderId = uuidv7();
    expect(await failureOf(markChecking(cart.id, orderId, { version: cart.version - 1 }))).toMatchObject({ code: 'PRICE_CHANGED' });
    expect(await state(cart.id)).toBe('PENDING');
    expect(await markChecking(cart.id, orderId, { version: cart.version })).toMatchObject({ cartId: cart.id, state: 'CHECKING' });
    expect(await markChecking(cart.id, orderId)).toMatchObject({ cartId: cart.id, state: 'CHECKING' });
    expect((await failureOf(markChecking(cart.id, uuidv7()))).code).toBe('CART_NOT_EDITABLE');
    expect((await failureOf(addToCart(identity, skuId, 1))).code).toBe('CART_NOT_EDITABLE');
    // Whatever else is wrong with the request, the cart being paid is what the customer hears.
    expect((await failureOf(addToCart(identity, uuidv7(), 1))).code).toBe('CART_NOT_EDITABLE');
    expect((await failureOf(addClass(identity, await swimClass(h, 1), (await customer(h)).swimmerId))).code).toBe('CART_NOT_EDITABLE');
    const item = cart.items[0].id;
    expect((await failureOf(exec(h.cart, 'mutation($i: ID!) { updateCartItem(itemId: $i, quantity: 2) { id } }', { i: item }, identity))).code).toBe('CART_NOT_EDITABLE');
    expect((await failureOf(exec(h.cart, 'mutation($i: ID!) { removeCartItem(itemId: $i) { id } }', { i: item }, identity))).code).toBe('CART_NOT_EDITABLE');
    const after = await cartOf(identity);
    expect(after).toMatchObject({ id: cart.id, state: 'CHECKING', version: cart.version + 1 });
    expect(after.items).toEqual(cart.items);
  });

  it('refuses an empty cart at checkout', async () => {
    const { identity } = await customer(h);
    const cart = await cartOf(identity);
    expect((await failureOf(markChecking(cart.id, uuidv7()))).code).toBe('CART_NOT_EDITABLE');
  });

  it('cancels a CHECKING cart with its order id, gives the seat back, and ignores a late payment (C5, M2)', async () => {
    const { identity, accountId, swimmerId } = await customer(h);
    const classId = await swimClass(h, 3);
    const cart = await addClass(identity, classId, swimmerId);
    expect(cart).toMatchObject({ state: 'PENDING' });
    expect(cart.expiresAt).not.toBeNull();
    expect(await seatsRemain(classId)).toBe(2);
    const orderId = uuidv7();
    await markChecking(cart.id, orderId);
    const canceled = (await exec(h.cart, `mutation { cancelCart { ${CART_FIELDS} } }`, {}, identity)).cancelCart;
    expect(canceled).toMatchObject({ id: cart.id, state: 'CANCELED' });
    expect(await seatsRemain(classId)).toBe(3);
    await eventually(() => eventsOf('CartCanceled', cart.id).length === 1, 10_000);
    expect(eventsOf('CartCanceled', cart.id)[0].payload).toMatchObject({ cartId: cart.id, accountId, orderId });

    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'PAID', version: 5 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await state(cart.id)).toBe('CANCELED');
    expect(eventsOf('CartApplied', cart.id)).toHaveLength(0);
    // A new current cart for the customer.
    expect((await cartOf(identity)).id).not.toBe(cart.id);
  });

  it('cancels when the order is cancelled while CHECKING, once, however often the event comes', async () => {
    const { identity, accountId, swimmerId } = await customer(h);
    const classId = await swimClass(h, 2);
    const cart = await addClass(identity, classId, swimmerId);
    const orderId = uuidv7();
    await markChecking(cart.id, orderId);
    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'CANCELED', version: 4 });
    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'CANCELED', version: 4 });
    await eventually(async () => (await state(cart.id)) === 'CANCELED', 10_000);
    expect(await seatsRemain(classId)).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(eventsOf('CartCanceled', cart.id)).toHaveLength(1);
  });

  it('ignores the cancellation of an order that is not the cart\'s', async () => {
    const { identity, accountId, swimmerId } = await customer(h);
    const classId = await swimClass(h, 2);
    const cart = await addClass(identity, classId, swimmerId);
    await markChecking(cart.id, uuidv7());
    await orderStatus(h, { orderId: uuidv7(), cartId: cart.id, accountId, to: 'CANCELED', version: 4 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await state(cart.id)).toBe('CHECKING');
    expect(await seatsRemain(classId)).toBe(1);
  });

  it('applies a paid order: CHECKING -> APPLIED -> DONE, the seat registered', async () => {
    const { identity, accountId, swimmerId } = await customer(h);
    const classId = await swimClass(h, 2);
    const cart = await addClass(identity, classId, swimmerId);
    const orderId = uuidv7();
    await markChecking(cart.id, orderId);
    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'PAID', from: 'PAY_PENDING', version: 5 });
    await eventually(async () => (await state(cart.id)) === 'DONE', 10_000);
    await eventually(() => eventsOf('CartDone', cart.id).length === 1, 10_000);
    expect(eventsOf('CartApplied', cart.id)).toHaveLength(1);
    expect(await seatsRemain(classId)).toBe(1);
    // The customer's view moves on to a new cart; a later status of the order changes nothing.
    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'SHIPPING_PENDING', version: 6 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await state(cart.id)).toBe('DONE');
    expect((await cartOf(identity)).state).toBe('ACTIVE');
  });

  it('detaches the order\'s cart (S6): a new cart is current, the saga still finishes the old one', async () => {
    const { identity, accountId } = await customer(h);
    const { skuId } = await shelvedSku(h);
    const cart = await addToCart(identity, skuId, 1);
    const orderId = uuidv7();
    await markChecking(cart.id, orderId);
    expect(await h.cart.internal.detach({ orderId })).toEqual({ cartId: cart.id });
    expect(await h.cart.internal.detach({ orderId })).toEqual({ cartId: cart.id });
    expect(await h.cart.internal.detach({ orderId: uuidv7() })).toEqual({ cartId: null });
    const fresh = await cartOf(identity);
    expect(fresh).toMatchObject({ state: 'ACTIVE', items: [] });
    expect(fresh.id).not.toBe(cart.id);
    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'PAID', version: 5 });
    await eventually(async () => (await state(cart.id)) === 'DONE', 10_000);
    expect((await cartOf(identity)).id).toBe(fresh.id);
  });

  it('reports states for inventory\'s orphan job (C6)', async () => {
    const { accountId } = await customer(h);
    const cart = await h.cart.carts.current(accountId);
    const missing = uuidv7();
    expect(await h.cart.internal.states({ cartIds: [cart.id, missing, 'not-an-id'] })).toEqual({ [cart.id]: 'ACTIVE', [missing]: null, 'not-an-id': null });
    expect((await failureOf(h.cart.internal.states({ cartIds: 'x' }))).code).toBe('BAD_USER_INPUT');
  });
});

describe('expiry (C3, C5)', () => {
  it('expires a PENDING cart past its hold: seats back, CartExpired, a new cart current', async () => {
    const { identity, accountId, swimmerId } = await customer(h);
    const classId = await swimClass(h, 1);
    const cart = await addClass(identity, classId, swimmerId);
    expect(await seatsRemain(classId)).toBe(0);
    const early = await h.cart.jobs.expiry.runOnce();
    expect(early?.expired ?? 0).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    const report = await h.cart.jobs.expiry.runOnce();
    expect(report?.expired).toBeGreaterThanOrEqual(1);
    expect(await state(cart.id)).toBe('EXPIRED');
    expect(await seatsRemain(classId)).toBe(1);
    await eventually(() => eventsOf('CartExpired', cart.id).length === 1, 10_000);
    expect(eventsOf('CartExpired', cart.id)[0].payload).toMatchObject({ accountId, reason: 'expired' });
    expect((await cartOf(identity)).id).not.toBe(cart.id);
    // Idempotent: running again changes nothing.
    await h.cart.jobs.expiry.runOnce();
    expect(eventsOf('CartExpired', cart.id)).toHaveLength(1);
  });

  it('keeps a product-only cart: it holds nothing, so it does not expire', async () => {
    const { identity } = await customer(h);
    const { skuId } = await shelvedSku(h);
    const cart = await addToCart(identity, skuId, 1);
    await new Promise((r) => setTimeout(r, 1100));
    await h.cart.jobs.expiry.runOnce();
    expect(await state(cart.id)).toBe('PENDING');
  });
});
