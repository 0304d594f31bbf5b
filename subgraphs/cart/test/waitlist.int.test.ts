/**
 * Seats offered from a class waitlist (issue 7): the offer lands in the customer's current cart
 * (created if needed) with the offer's hold time; a cart that cannot be edited leaves the offer
 * alone; an offer that could not be adopted because inventory was down is adopted by the
 * recovery job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type WaitlistOfferedPayload } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import { CART_FIELDS, customer, exec, startCartHarness, swimClass, type CartHarness } from './support.js';

let h: CartHarness;

beforeAll(async () => {
  h = await startCartHarness();
});
afterAll(() => h?.close());

type Identity = Parameters<typeof exec>[3];
const cartOf = async (identity: Identity) => (await exec(h.cart, `{ cart { ${CART_FIELDS} } }`, {}, identity)).cart;
const addClass = (identity: Identity, classId: string, swimmerId: string) =>
  exec(h.cart, `mutation($c: ID!, $s: ID!) { addClassToCart(classId: $c, swimmerId: $s) { ${CART_FIELDS} } }`, { c: classId, s: swimmerId }, identity).then((d) => d.addClassToCart);
const joinWaitlist = (identity: Identity, classId: string, swimmerId: string) =>
  exec(h.inventory, 'mutation($c: ID!, $s: ID!) { joinWaitlist(classId: $c, swimmerId: $s) { position } }', { c: classId, s: swimmerId }, identity);
const offerFor = (accountId: string) => h.events.find((e) => e.type === 'WaitlistOffered' && e.payload.accountId === accountId)?.payload as WaitlistOfferedPayload | undefined;
const seatsRemain = async (classId: string) => (await exec(h.inventory, `{ swimClass(id: "${classId}") { seatsRemain } }`)).swimClass.seatsRemain as number;

/** A full one-seat class whose seat `holder` has, with `waiting` first in line. */
async function fullClassWithLine(holder: Awaited<ReturnType<typeof customer>>, waiting: Awaited<ReturnType<typeof customer>>) {
  const classId = await swimClass(h, 1);
  await addClass(holder.identity, classId, holder.swimmerId);
  expect((await joinWaitlist(waiting.identity, classId, waiting.swimmerId)).joinWaitlist.position).toBe(1);
  return classId;
}

describe('waitlist offers', () => {
  it('puts the offered seat into the customer\'s cart, PENDING until the offer ends', async () => {
    const holder = await customer(h);
    const waiting = await customer(h);
    const classId = await fullClassWithLine(holder, waiting);
    await exec(h.cart, 'mutation { cancelCart { id } }', {}, holder.identity);
    const offer = await eventually(() => offerFor(waiting.accountId), 10_000);
    const cart = await eventually(async () => {
      const current = await cartOf(waiting.identity);
      return current.items.length === 1 ? current : null;
    }, 10_000);
    expect(cart).toMatchObject({ state: 'PENDING', items: [{ swimClass: { id: classId }, swimmer: { id: waiting.swimmerId }, quantity: 1 }] });
    expect(cart.expiresAt).toBe(new Date(offer.holdUntil).toISOString());
    expect(await seatsRemain(classId)).toBe(0);
  });

  it('leaves the offer alone when the current cart cannot be edited', async () => {
    const holder = await customer(h);
    const waiting = await customer(h);
    const classId = await fullClassWithLine(holder, waiting);
    const other = await swimClass(h, 5);
    const busy = await addClass(waiting.identity, other, waiting.swimmerId);
    await h.cart.internal.markChecking({ cartId: busy.id, orderId: uuidv7(), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await exec(h.cart, 'mutation { cancelCart { id } }', {}, holder.identity);
    await eventually(() => offerFor(waiting.accountId), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const cart = await cartOf(waiting.identity);
    expect(cart).toMatchObject({ id: busy.id, state: 'CHECKING' });
    expect(cart.items.map((i: { swimClass: { id: string } }) => i.swimClass.id)).toEqual([other]);
    // The offered seat stays held for the swimmer outside any cart, until inventory lapses it.
    expect(await seatsRemain(classId)).toBe(0);
    expect((await h.cart.jobs.recovery.runOnce())?.offersAdopted).toBe(0);
  });

  it('adopts an offer later when inventory could not be reached at first', async () => {
    const holder = await customer(h);
    const waiting = await customer(h);
    const classId = await fullClassWithLine(holder, waiting);
    const outage = h.breakOperation('inventory', 'adoptHold');
    await exec(h.cart, 'mutation { cancelCart { id } }', {}, holder.identity);
    await eventually(() => offerFor(waiting.accountId), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect((await cartOf(waiting.identity)).items).toEqual([]);
    outage.restore();
    expect((await h.cart.jobs.recovery.runOnce())?.offersAdopted).toBe(1);
    const cart = await cartOf(waiting.identity);
    expect(cart).toMatchObject({ state: 'PENDING', items: [{ swimClass: { id: classId } }] });
    expect((await h.cart.jobs.recovery.runOnce())?.offersAdopted).toBe(0);
  });
});
