/**
 * The crash test of issue 7 (MISSION C4): the cart service stops between APPLIED and DONE (here
 * inventory cannot be reached when the paid order arrives, and the service is restarted); on
 * restart the recovery job finishes the cart, and the seat is registered exactly once. Also the
 * other in-between states (CANCELING, EXPIRING) and removed class lines whose seat release
 * failed are finished by the same job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type CartEventPayload } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import { CART_FIELDS, OPERATOR, customer, exec, orderStatus, startCartHarness, swimClass, type CartHarness } from './support.js';

let h: CartHarness;

beforeAll(async () => {
  h = await startCartHarness({ CART_HOLD_MS: '1000' });
});
afterAll(() => h?.close());

const state = async (cartId: string) => ((await h.cart.internal.states({ cartIds: [cartId] })) as Record<string, string | null>)[cartId];
const eventsOf = (type: string, cartId: string) => h.events.filter((e) => e.type === type && (e.payload as CartEventPayload).cartId === cartId);
const classView = async (classId: string) =>
  (await exec(h.inventory, `{ swimClass(id: "${classId}") { seatsRemain students { id } } }`, {}, OPERATOR)).swimClass as { seatsRemain: number; students: { id: string }[] };
const addClass = (identity: Parameters<typeof exec>[3], classId: string, swimmerId: string) =>
  exec(h.cart, `mutation($c: ID!, $s: ID!) { addClassToCart(classId: $c, swimmerId: $s) { ${CART_FIELDS} } }`, { c: classId, s: swimmerId }, identity).then((d) => d.addClassToCart);

describe('recovery (C4)', () => {
  it('finishes a cart stopped between APPLIED and DONE after a restart, registering the seat exactly once', async () => {
    const { identity, accountId, swimmerId } = await customer(h);
    const classId = await swimClass(h, 3);
    const cart = await addClass(identity, classId, swimmerId);
    const orderId = uuidv7();
    await h.cart.internal.markChecking({ cartId: cart.id, orderId, expiresAt: new Date(Date.now() + 60_000).toISOString() });

    const outage = h.breakOperation('inventory', 'registerHolds');
    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'PAID', version: 5 });
    await eventually(async () => (await state(cart.id)) === 'APPLIED', 10_000);
    await eventually(() => eventsOf('CartApplied', cart.id).length === 1, 10_000);
    // Paid, but the follow-up step could not run: the seat is still only held.
    await new Promise((r) => setTimeout(r, 300));
    expect(await state(cart.id)).toBe('APPLIED');
    expect(await classView(classId)).toEqual({ seatsRemain: 2, students: [] });
    // While inventory is down the job tries and leaves it.
    const failed = await h.cart.jobs.recovery.runOnce();
    expect(failed?.failed).toBeGreaterThanOrEqual(1);
    expect(await state(cart.id)).toBe('APPLIED');

    const restarted = await h.restartCart();
    outage.restore();
    const report = await restarted.jobs.recovery.runOnce();
    expect(report?.done).toBe(1);
    expect(await state(cart.id)).toBe('DONE');
    expect(await classView(classId)).toEqual({ seatsRemain: 2, students: [{ id: swimmerId }] });

    // Running again (or a late duplicate of the payment) registers nothing more.
    const again = await restarted.jobs.recovery.runOnce();
    expect(again?.done).toBe(0);
    await orderStatus(h, { orderId, cartId: cart.id, accountId, to: 'PAID', version: 5 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await classView(classId)).toEqual({ seatsRemain: 2, students: [{ id: swimmerId }] });
    await eventually(() => eventsOf('CartDone', cart.id).length === 1, 10_000);
    await eventually(() => h.events.filter((e) => e.type === 'ClassRegistered' && e.payload.classId === classId).length === 1, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(eventsOf('CartDone', cart.id)).toHaveLength(1);
    expect(h.events.filter((e) => e.type === 'ClassRegistered' && e.payload.classId === classId)).toHaveLength(1);
  });

  it('finishes CANCELING and EXPIRING carts left by an unreachable inventory, giving the seats back once', async () => {
    const first = await customer(h);
    const second = await customer(h);
    const classId = await swimClass(h, 2);
    const canceling = await addClass(first.identity, classId, first.swimmerId);
    const expiring = await addClass(second.identity, classId, second.swimmerId);
    expect((await classView(classId)).seatsRemain).toBe(0);

    const outage = h.breakOperation('inventory', 'releaseHolds');
    const answer = (await exec(h.cart, 'mutation { cancelCart { id state } }', {}, first.identity)).cancelCart;
    expect(answer).toEqual({ id: canceling.id, state: 'CANCELING' });
    await new Promise((r) => setTimeout(r, 1100));
    const expiry = await h.cart.jobs.expiry.runOnce();
    expect(expiry?.failed).toBeGreaterThanOrEqual(1);
    expect(await state(expiring.id)).toBe('EXPIRING');
    expect((await classView(classId)).seatsRemain).toBe(0);

    outage.restore();
    const report = await h.cart.jobs.recovery.runOnce();
    expect(report).toMatchObject({ canceled: 1, expired: 1 });
    expect(await state(canceling.id)).toBe('CANCELED');
    expect(await state(expiring.id)).toBe('EXPIRED');
    expect((await classView(classId)).seatsRemain).toBe(2);
    expect((await h.cart.jobs.recovery.runOnce())?.canceled).toBe(0);
    await eventually(() => eventsOf('CartCanceled', canceling.id).length === 1 && eventsOf('CartExpired', expiring.id).length === 1, 10_000);
  });

  it('retries the seat of a removed class line until inventory takes it back', async () => {
    const { identity, swimmerId } = await customer(h);
    const classId = await swimClass(h, 1);
    const cart = await addClass(identity, classId, swimmerId);
    const outage = h.breakOperation('inventory', 'releaseHolds');
    const after = (await exec(h.cart, `mutation($i: ID!) { removeCartItem(itemId: $i) { ${CART_FIELDS} } }`, { i: cart.items[0].id }, identity)).removeCartItem;
    expect(after).toMatchObject({ items: [], expiresAt: null });
    expect((await classView(classId)).seatsRemain).toBe(0);
    outage.restore();
    expect((await h.cart.jobs.recovery.runOnce())?.seatsReleased).toBe(1);
    expect((await classView(classId)).seatsRemain).toBe(1);
    expect((await h.cart.jobs.recovery.runOnce())?.seatsReleased).toBe(0);
  });
});
