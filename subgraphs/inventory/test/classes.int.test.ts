/**
 * Two-phase class registration, inventory's side (issue 7; MISSION C1–C7): seat holds for carts
 * (phase 1), registration of paid holds (phase 2), release, cancel and change of class, the
 * waitlist, the jobs (lapsed offers, orphaned holds: C6) and orders cancelled after payment,
 * on the mode's database and bus. Includes the races of C7: 200 holds for 10 seats, and two
 * changes of class into the last seat.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClassEvents,
  LiveChannels,
  createEnvelope,
  queryRows,
  uuidv7,
  type RegistrationCanceledPayload,
  type SeatHold,
  type SeatsPointer,
  type WaitlistOfferedPayload,
} from '@shop/platform';
import { eventually, failureOf } from '@shop/platform/testing';
import { eur, hold, inDays, outboxEvents, registration, seatStates, startClasses, type ClassesHarness } from './support.js';

let h: ClassesHarness;
const operator = { accountId: uuidv7(), operator: true };

beforeAll(async () => {
  h = await startClasses();
});
afterAll(() => h?.dispose());

const newClass = (seatsTotal: number, price = 12_000, startsAt = inDays(30)) =>
  h.classes.create({ title: `Dolphins ${uuidv7().slice(-6)}`, startsAt, seatsTotal, price: eur(price) });

async function seats(classId: string) {
  return (await seatStates(h, [classId])).get(classId)!;
}

/** Holds a seat for a cart and pays for it: a REGISTERED registration of an order. */
async function registered(classId: string, accountId = uuidv7()) {
  const held = await hold(h, { classId, accountId });
  const orderId = `order-${uuidv7()}`;
  await h.inventory.internal.registerHolds({ cartId: held.cartId, orderId });
  return { ...held, accountId, orderId };
}

/** Fills every free seat of a class with holds of other carts. */
async function fill(classId: string) {
  const { seatsRemain } = await seats(classId);
  for (let i = 0; i < seatsRemain; i++) await hold(h, { classId });
}

describe('phase 1: seat holds', () => {
  it('takes one seat at once for the cart, records the HELD reservation and a SeatsChanged event', async () => {
    const swimClass = await newClass(3);
    const cartId = `cart-${uuidv7()}`;
    const swimmerId = uuidv7();

    const held = await hold(h, { classId: swimClass.id, cartId, swimmerId, swimmerName: 'Ann' });

    expect(held).toEqual({
      registrationId: expect.any(String),
      classId: swimClass.id,
      swimmerId,
      cartId,
      status: 'HELD',
      price: eur(12_000),
      title: swimClass.title,
      seatsRemain: 2,
    });
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 3, seatsRemain: 2, held: 1, registered: 0 });
    expect(await outboxEvents(h, ClassEvents.SeatsChanged, [swimClass.id])).toEqual([{ classId: swimClass.id, seatsTotal: 3, seatsRemain: 2 }]);
    // The same cart asking again for the same swimmer (a retry) gets the same hold and no second seat.
    const { seatsRemain: _taken, ...first } = held;
    expect(await hold(h, { classId: swimClass.id, cartId, swimmerId })).toEqual(first);
    expect((await seats(swimClass.id)).seatsRemain).toBe(2);
  });

  it('refuses the same swimmer twice in a class, a full class, a started class and an unknown one', async () => {
    const swimClass = await newClass(2);
    const swimmerId = uuidv7();
    await hold(h, { classId: swimClass.id, swimmerId });
    expect(await failureOf(hold(h, { classId: swimClass.id, swimmerId }))).toEqual({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
    await hold(h, { classId: swimClass.id });
    expect(await failureOf(hold(h, { classId: swimClass.id }))).toEqual({ code: 'CLASS_FULL' });
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 2, seatsRemain: 0, held: 2, registered: 0 });

    const started = await newClass(2, 12_000, inDays(-1));
    expect(await failureOf(hold(h, { classId: started.id }))).toEqual({ code: 'BAD_USER_INPUT', field: 'classId' });
    expect((await seats(started.id)).seatsRemain).toBe(2);
    expect(await failureOf(hold(h, { classId: uuidv7() }))).toEqual({ code: 'NOT_FOUND' });
    expect(await failureOf(hold(h, { classId: swimClass.id, swimmerId: 'x' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
  });

  it('gives exactly 10 of 200 concurrent customers a seat of a 10-seat class; 190 get CLASS_FULL', async () => {
    const swimClass = await newClass(10);
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => hold(h, { classId: swimClass.id })));

    const held = results.filter((r) => r.status === 'fulfilled');
    const refused = await Promise.all(results.flatMap((r) => (r.status === 'rejected' ? [failureOf(Promise.reject(r.reason))] : [])));
    expect(held).toHaveLength(10);
    expect(refused).toHaveLength(190);
    expect(refused.every((f) => f.code === 'CLASS_FULL')).toBe(true);
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 10, seatsRemain: 0, held: 10, registered: 0 });
  });

  it('announces each seat change on the class channel after commit', async () => {
    const swimClass = await newClass(4);
    const received: SeatsPointer[] = [];
    const stop = await h.runtime.pubsub.subscribe(LiveChannels.classSeats(swimClass.id), (m) => received.push(JSON.parse(m) as SeatsPointer));
    try {
      const held = await hold(h, { classId: swimClass.id });
      await h.inventory.internal.releaseHolds({ cartId: held.cartId, reason: 'test' });
      await eventually(() => received.length >= 2, 5000);
      expect(received.map((p) => p.seatsRemain)).toEqual([3, 4]);
      expect(received[1].version).toBeGreaterThan(received[0].version!);
    } finally {
      await stop();
    }
  });
});

describe('release and phase 2', () => {
  it('releases the HELD seats of a cart (all, or only those listed), idempotently', async () => {
    const swimClass = await newClass(5);
    const cartId = `cart-${uuidv7()}`;
    const [a, b, c] = [await hold(h, { classId: swimClass.id, cartId }), await hold(h, { classId: swimClass.id, cartId }), await hold(h, { classId: swimClass.id, cartId })];
    expect((await seats(swimClass.id)).seatsRemain).toBe(2);

    expect(await h.inventory.internal.releaseHolds({ cartId, registrationIds: [a.registrationId], reason: 'line removed' })).toEqual({ released: 1 });
    expect(await h.inventory.internal.releaseHolds({ cartId, registrationIds: [a.registrationId], reason: 'line removed' })).toEqual({ released: 0 });
    expect(await registration(h, a.registrationId)).toMatchObject({ status: 'CANCELED', reason: 'line removed' });
    expect(await h.inventory.internal.releaseHolds({ cartId, reason: 'cart canceled' })).toEqual({ released: 2 });
    expect(await h.inventory.internal.releaseHolds({ cartId, reason: 'cart canceled' })).toEqual({ released: 0 });
    for (const id of [b.registrationId, c.registrationId]) expect((await registration(h, id)).status).toBe('CANCELED');
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 5, seatsRemain: 5, held: 0, registered: 0 });
  });

  it('registers the paid holds of a cart once, however often it runs, with one ClassRegistered each', async () => {
    const swimClass = await newClass(4);
    const cartId = `cart-${uuidv7()}`;
    const accountId = uuidv7();
    const holds = [await hold(h, { classId: swimClass.id, cartId, accountId, swimmerName: 'Ann' }), await hold(h, { classId: swimClass.id, cartId, accountId, swimmerName: 'Ben' })];
    const orderId = `order-${uuidv7()}`;

    expect(await h.inventory.internal.registerHolds({ cartId, orderId })).toEqual({ registered: 2 });
    expect(await h.inventory.internal.registerHolds({ cartId, orderId })).toEqual({ registered: 2 });
    expect(await failureOf(h.inventory.internal.registerHolds({ cartId, orderId: 'another-order' }))).toEqual({ code: 'IDEMPOTENCY_CONFLICT' });

    const ids = holds.map((x) => x.registrationId);
    for (const id of ids) expect(await registration(h, id)).toMatchObject({ status: 'REGISTERED', orderId, registeredAt: expect.any(String) });
    const events = await outboxEvents(h, ClassEvents.ClassRegistered, ids);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ accountId, classId: swimClass.id, orderId, classTitle: swimClass.title, startsAt: new Date(swimClass.startsAt).toISOString() });
    expect(events.map((e) => e.swimmerName).sort()).toEqual(['Ann', 'Ben']);
    // Registering is no seat change: the held seats simply became students.
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 4, seatsRemain: 2, held: 0, registered: 2 });
    expect((await h.registrations.studentsOf([swimClass.id])).map((s) => s.swimmerId).sort()).toEqual(holds.map((x) => x.swimmerId).sort());
    const [first] = holds;
    expect(await h.registrations.classesOf([first.swimmerId], accountId)).toEqual([{ swimmerId: first.swimmerId, swimClass: expect.objectContaining({ id: swimClass.id }) }]);
    expect(await h.registrations.classesOf([first.swimmerId], uuidv7())).toEqual([]);
    // A release after payment finds nothing held.
    expect(await h.inventory.internal.releaseHolds({ cartId, reason: 'late' })).toEqual({ released: 0 });
  });
});

describe('cancel a registration (C7)', () => {
  it('gives the seat back and asks for a refund of the price while the class has not started', async () => {
    const swimClass = await newClass(3);
    const paid = await registered(swimClass.id);

    const canceled = await h.registrations.cancel(paid.registrationId, { accountId: paid.accountId, operator: false });

    expect(canceled).toMatchObject({ status: 'CANCELED', canceledAt: expect.any(String), reason: 'canceled by the customer' });
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 3, seatsRemain: 3, held: 0, registered: 0 });
    expect(await outboxEvents<RegistrationCanceledPayload>(h, ClassEvents.RegistrationCanceled, [paid.registrationId])).toEqual([
      { registrationId: paid.registrationId, accountId: paid.accountId, classId: swimClass.id, orderId: paid.orderId, refund: eur(12_000), reason: 'canceled by the customer' },
    ]);
    expect(await failureOf(h.registrations.cancel(paid.registrationId, operator))).toEqual({ code: 'INVALID_STATE' });
  });

  it('refunds nothing once the class has started', async () => {
    const swimClass = await newClass(3);
    const paid = await registered(swimClass.id);
    await h.runtime.database!.db.execute(sql`update inventory.swim_classes set starts_at = now() - interval '1 hour' where id = ${swimClass.id}`);
    await h.registrations.cancel(paid.registrationId, operator);
    const [event] = await outboxEvents<RegistrationCanceledPayload>(h, ClassEvents.RegistrationCanceled, [paid.registrationId]);
    expect(event).toMatchObject({ refund: null, reason: 'canceled by an operator' });
    expect((await seats(swimClass.id)).seatsRemain).toBe(3);
  });

  it("hides other customers' registrations and keeps a seat held in a cart for the cart to release", async () => {
    const swimClass = await newClass(3);
    const paid = await registered(swimClass.id);
    expect(await failureOf(h.registrations.cancel(paid.registrationId, { accountId: uuidv7(), operator: false }))).toEqual({ code: 'NOT_FOUND' });
    const held = await hold(h, { classId: swimClass.id });
    expect(await failureOf(h.registrations.cancel(held.registrationId, operator))).toEqual({ code: 'INVALID_STATE' });
    expect(await failureOf(h.registrations.cancel(uuidv7(), operator))).toEqual({ code: 'NOT_FOUND' });
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 3, seatsRemain: 1, held: 1, registered: 1 });
  });
});

describe('change class (C7)', () => {
  it('moves a registration to a class of the same price: −1 there, +1 here, in one transaction', async () => {
    const [from, to] = [await newClass(2), await newClass(2)];
    const paid = await registered(from.id);

    const moved = await h.registrations.changeClass(paid.registrationId, to.id, { accountId: paid.accountId, operator: false });

    expect(moved).toMatchObject({ id: paid.registrationId, classId: to.id, status: 'REGISTERED', orderId: paid.orderId });
    expect(await seats(from.id)).toEqual({ seatsTotal: 2, seatsRemain: 2, held: 0, registered: 0 });
    expect(await seats(to.id)).toEqual({ seatsTotal: 2, seatsRemain: 1, held: 0, registered: 1 });
  });

  it('refuses a full target (CLASS_FULL), another price, the same class, a started class; nothing changes', async () => {
    const [from, full, dearer, started] = [await newClass(2), await newClass(1), await newClass(2, 15_000), await newClass(2, 12_000, inDays(-1))];
    const paid = await registered(from.id);
    await fill(full.id);
    const me = { accountId: paid.accountId, operator: false };

    expect(await failureOf(h.registrations.changeClass(paid.registrationId, full.id, me))).toEqual({ code: 'CLASS_FULL' });
    expect(await failureOf(h.registrations.changeClass(paid.registrationId, dearer.id, me))).toEqual({ code: 'BAD_USER_INPUT', field: 'toClassId' });
    expect(await failureOf(h.registrations.changeClass(paid.registrationId, from.id, me))).toEqual({ code: 'BAD_USER_INPUT', field: 'toClassId' });
    expect(await failureOf(h.registrations.changeClass(paid.registrationId, started.id, me))).toEqual({ code: 'BAD_USER_INPUT', field: 'toClassId' });
    expect(await failureOf(h.registrations.changeClass(paid.registrationId, uuidv7(), me))).toEqual({ code: 'NOT_FOUND' });

    expect(await registration(h, paid.registrationId)).toMatchObject({ classId: from.id, status: 'REGISTERED' });
    const after = await seatStates(h, [from.id, full.id, dearer.id, started.id]);
    expect(after.get(from.id)).toEqual({ seatsTotal: 2, seatsRemain: 1, held: 0, registered: 1 });
    expect(after.get(full.id)).toEqual({ seatsTotal: 1, seatsRemain: 0, held: 1, registered: 0 });
    expect(after.get(dearer.id)!.seatsRemain).toBe(2);
    expect(after.get(started.id)!.seatsRemain).toBe(2);
  });

  it('lets exactly one of two concurrent changes into the last seat win', async () => {
    const target = await newClass(1);
    const [a, b] = [await registered((await newClass(1)).id), await registered((await newClass(1)).id)];

    const results = await Promise.allSettled([
      h.registrations.changeClass(a.registrationId, target.id, operator),
      h.registrations.changeClass(b.registrationId, target.id, operator),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [lost] = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(await failureOf(Promise.reject(lost))).toEqual({ code: 'CLASS_FULL' });
    expect(await seats(target.id)).toEqual({ seatsTotal: 1, seatsRemain: 0, held: 0, registered: 1 });
    const sources = await seatStates(h, [a.classId, b.classId]);
    // The winner's old class got its seat back; the loser's kept its student.
    expect([...sources.values()].map((s) => s.seatsRemain + s.registered)).toEqual([1, 1]);
    expect([...sources.values()].map((s) => s.seatsRemain).sort()).toEqual([0, 1]);
  });
});

describe('waitlist', () => {
  it('lines swimmers up for a full class only, once each, with their positions', async () => {
    const swimClass = await newClass(1);
    const mia = { id: uuidv7(), name: 'Mia', accountId: uuidv7() };
    expect(await failureOf(h.waitlist.join(mia.accountId, swimClass.id, mia))).toEqual({ code: 'BAD_USER_INPUT', field: 'classId' });
    const seated = await hold(h, { classId: swimClass.id });
    expect(await failureOf(h.waitlist.join(uuidv7(), swimClass.id, { id: seated.swimmerId, name: 'Seated', accountId: uuidv7() }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'swimmerId',
    });

    const first = await h.waitlist.join(mia.accountId, swimClass.id, mia);
    const ben = { id: uuidv7(), name: 'Ben', accountId: uuidv7() };
    const second = await h.waitlist.join(ben.accountId, swimClass.id, ben);

    expect(first).toMatchObject({ classId: swimClass.id, swimmerId: mia.id, status: 'WAITING', position: 1 });
    expect(second.position).toBe(2);
    expect(await failureOf(h.waitlist.join(mia.accountId, swimClass.id, mia))).toEqual({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
    expect((await h.waitlist.ofSwimmers([ben.id], ben.accountId)).map((e) => e.position)).toEqual([2]);
    expect(await h.waitlist.ofSwimmers([ben.id], mia.accountId)).toEqual([]);

    await h.waitlist.leave(mia.accountId, swimClass.id, mia.id);
    expect((await h.waitlist.ofSwimmers([ben.id], null)).map((e) => e.position)).toEqual([1]);
    expect(await failureOf(h.waitlist.leave(mia.accountId, swimClass.id, mia.id))).toEqual({ code: 'NOT_FOUND' });
  });

  it('offers a seat that comes back to the first in line, then lets a lapsed offer pass to the next', async () => {
    const swimClass = await newClass(1);
    const seated = await hold(h, { classId: swimClass.id });
    const [mia, ben] = [
      { id: uuidv7(), name: 'Mia', accountId: uuidv7() },
      { id: uuidv7(), name: 'Ben', accountId: uuidv7() },
    ];
    await h.waitlist.join(mia.accountId, swimClass.id, mia);
    await h.waitlist.join(ben.accountId, swimClass.id, ben);

    await h.inventory.internal.releaseHolds({ cartId: seated.cartId, reason: 'cart expired' });

    // The seat went to Mia, held outside any cart: seatsRemain stayed 0.
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 1, seatsRemain: 0, held: 1, registered: 0 });
    const [offerToMia] = (await h.registrations.ofAccounts([mia.accountId])).filter((r) => r.classId === swimClass.id);
    expect(offerToMia).toMatchObject({ status: 'HELD', cartId: null, swimmerId: mia.id, holdUntil: expect.any(String) });
    const [offered] = await outboxEvents<WaitlistOfferedPayload>(h, ClassEvents.WaitlistOffered, [offerToMia.id]);
    expect(offered).toMatchObject({ accountId: mia.accountId, registrationId: offerToMia.id, classId: swimClass.id, swimmerId: mia.id, swimmerName: 'Mia', classTitle: swimClass.title });
    expect((await h.waitlist.ofSwimmers([ben.id], null)).map((e) => e.position)).toEqual([1]);

    // Not yet lapsed: the job leaves it; past holdUntil it passes to Ben.
    expect((await h.registrations.lapseOffers()).lapsed).toBe(0);
    const later = new Date(Date.parse(offered.holdUntil) + 1000);
    expect(await h.registrations.lapseOffers(later)).toMatchObject({ lapsed: 1 });
    expect(await registration(h, offerToMia.id)).toMatchObject({ status: 'CANCELED', reason: 'waitlist offer lapsed' });
    const [offerToBen] = (await h.registrations.ofAccounts([ben.accountId])).filter((r) => r.classId === swimClass.id);
    expect(offerToBen).toMatchObject({ status: 'HELD', cartId: null });
    expect(await h.waitlist.ofSwimmers([ben.id], null)).toEqual([]);
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 1, seatsRemain: 0, held: 1, registered: 0 });

    // Nobody else waits: declining the offer gives the seat back to the class.
    await h.registrations.cancel(offerToBen.id, { accountId: ben.accountId, operator: false });
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 1, seatsRemain: 1, held: 0, registered: 0 });
  });

  it("adopts an offered seat into the customer's cart, which then owns it past holdUntil", async () => {
    const swimClass = await newClass(1);
    const seated = await hold(h, { classId: swimClass.id });
    const mia = { id: uuidv7(), name: 'Mia', accountId: uuidv7() };
    await h.waitlist.join(mia.accountId, swimClass.id, mia);
    await h.inventory.internal.releaseHolds({ cartId: seated.cartId, reason: 'cart expired' });
    const [offer] = (await h.registrations.ofAccounts([mia.accountId])).filter((r) => r.classId === swimClass.id);
    const cartId = `cart-${uuidv7()}`;

    const adopted = (await h.inventory.internal.adoptHold({ registrationId: offer.id, cartId })) as SeatHold;

    expect(adopted).toMatchObject({ registrationId: offer.id, cartId, status: 'HELD', price: eur(12_000), title: swimClass.title });
    expect(await h.inventory.internal.adoptHold({ registrationId: offer.id, cartId })).toEqual(adopted);
    expect(await failureOf(h.inventory.internal.adoptHold({ registrationId: offer.id, cartId: 'another-cart' }))).toEqual({ code: 'INVALID_STATE' });

    // Past holdUntil the lapse job leaves it to the cart (whose checkout it could otherwise race with).
    const later = new Date(Date.parse(offer.holdUntil!) + 1000);
    expect((await h.registrations.lapseOffers(later)).lapsed).toBe(0);
    expect((await registration(h, offer.id)).status).toBe('HELD');
    // The cart's end gives it back.
    expect(await h.inventory.internal.releaseHolds({ cartId, reason: 'cart expired' })).toEqual({ released: 1 });
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 1, seatsRemain: 1, held: 0, registered: 0 });
  });

  it('refuses to adopt an offer that lapsed', async () => {
    const swimClass = await newClass(1);
    const seated = await hold(h, { classId: swimClass.id });
    const mia = { id: uuidv7(), name: 'Mia', accountId: uuidv7() };
    await h.waitlist.join(mia.accountId, swimClass.id, mia);
    await h.inventory.internal.releaseHolds({ cartId: seated.cartId, reason: 'cart expired' });
    const [offer] = (await h.registrations.ofAccounts([mia.accountId])).filter((r) => r.classId === swimClass.id);
    await h.runtime.database!.db.execute(sql`update inventory.registrations set hold_until = now() - interval '1 second' where id = ${offer.id}`);
    expect(await failureOf(h.inventory.internal.adoptHold({ registrationId: offer.id, cartId: `cart-${uuidv7()}` }))).toEqual({ code: 'INVALID_STATE' });
    expect(await failureOf(h.inventory.internal.adoptHold({ registrationId: uuidv7(), cartId: `cart-${uuidv7()}` }))).toEqual({ code: 'NOT_FOUND' });
  });
});

describe('jobs and events', () => {
  it('releases holds whose cart is gone or over (C6), and only those', async () => {
    const swimClass = await newClass(4);
    const [gone, expired, pending, checking] = await Promise.all([0, 1, 2, 3].map(() => hold(h, { classId: swimClass.id })));
    h.cartStates.set(expired.cartId!, 'EXPIRED');
    h.cartStates.set(pending.cartId!, 'PENDING');
    h.cartStates.set(checking.cartId!, 'CHECKING');

    // Fresh holds are not looked at: their cart may still be writing its line.
    expect((await h.registrations.releaseOrphans()).released).toBe(0);
    const later = new Date(Date.now() + h.runtime.config.RECONCILE_AFTER_MS + 1000);
    const report = await h.registrations.releaseOrphans(later);

    expect(report.released).toBeGreaterThanOrEqual(2);
    expect((await registration(h, gone.registrationId)).reason).toBe('orphaned: cart gone');
    expect((await registration(h, expired.registrationId)).reason).toBe('orphaned: cart expired');
    expect((await registration(h, pending.registrationId)).status).toBe('HELD');
    expect((await registration(h, checking.registrationId)).status).toBe('HELD');
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 4, seatsRemain: 2, held: 2, registered: 0 });
  });

  it('gives the seats of an order cancelled after payment back when OrderStatusChanged arrives, once', async () => {
    const swimClass = await newClass(3);
    const paid = await registered(swimClass.id);
    const event = createEnvelope(
      {
        type: 'OrderStatusChanged',
        aggregateId: paid.orderId,
        aggregateVersion: 7,
        payload: { orderId: paid.orderId, accountId: paid.accountId, cartId: paid.cartId, from: 'PAID', to: 'CANCELED', actor: 'system:test', reason: 'customer asked', at: new Date().toISOString(), paid: eur(0), total: eur(12_000) },
      },
      'test-node',
    );
    const received: SeatsPointer[] = [];
    const stop = await h.runtime.pubsub.subscribe(LiveChannels.classSeats(swimClass.id), (m) => received.push(JSON.parse(m) as SeatsPointer));
    try {
      await h.runtime.bus.publish(event);
      await h.runtime.bus.publish(event);
      await eventually(async () => (await registration(h, paid.registrationId)).status === 'CANCELED', 10_000);
      await eventually(() => received.length > 0, 5000);
    } finally {
      await stop();
    }
    expect(received.at(-1)).toMatchObject({ classId: swimClass.id, seatsRemain: 3 });
    expect(await seats(swimClass.id)).toEqual({ seatsTotal: 3, seatsRemain: 3, held: 0, registered: 0 });
    const canceled = await outboxEvents<RegistrationCanceledPayload>(h, ClassEvents.RegistrationCanceled, [paid.registrationId]);
    expect(canceled).toEqual([expect.objectContaining({ orderId: paid.orderId, refund: null, reason: 'order canceled: customer asked' })]);
    const inbox = await queryRows<{ n: number }>(h.runtime.database!.db, sql`select count(*)::int as n from inventory.inbox where event_id = ${event.id}`);
    expect(Number(inbox[0].n)).toBe(1);
  });
});
