/**
 * Class registrations through the gateway (issue 7; MISSION C1, C7 and the waitlist): a
 * customer's registrations, cancelling one (seat back, refund asked while the class has not
 * started), changing class (same price only, CLASS_FULL when the target is full, nothing changes
 * on failure), the waitlist with positions and the seat offered to the first in line, and
 * `classSeatsChanged` over WebSocket for anyone. The seat holds and their registration are what
 * the cart and the checkout ask of inventory; here the test asks for them the same way, through
 * inventory's internal operations (class-registration.e2e.test.ts goes through cart and checkout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7, type SeatHold } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import {
  AddSwimmerDocument,
  CancelClassCartDocument,
  CancelClassRegistrationDocument,
  ChangeClassDocument,
  ClassCartDocument,
  CreateSwimClassDocument,
  GrantRoleDocument,
  JoinWaitlistDocument,
  LeaveWaitlistDocument,
  LogInDocument,
  MyRegistrationsDocument,
  MySwimmerClassesDocument,
  MyWaitlistDocument,
  NotificationsDocument,
  SignUpDocument,
  SwimClassDocument,
  SwimClassStudentsDocument,
} from './__generated__/operations.js';
import { connectLive, subscribe, type LiveConnection } from './support/live.js';
import { ADMIN, failure, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

let system: TestSystem;
let operator: string;
const connections: LiveConnection[] = [];

beforeAll(async () => {
  system = await startTestSystem();
  const admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
  const staff = await customer();
  ok(await system.gql(GrantRoleDocument, { accountId: staff.id, role: 'OPERATOR' }, admin));
  operator = staff.token;
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.dispose()));
  await system?.close();
});

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function customer() {
  const { token, account } = ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('parent'), password: 'correct horse', name: 'Parent' } })).signUp;
  return { id: account.id, token };
}

async function swimmerOf(token: string, name: string) {
  return ok(await system.gql(AddSwimmerDocument, { input: { name } }, token)).addSwimmer;
}

async function swimClass(seatsTotal: number, price = 12_000) {
  return ok(await system.gql(CreateSwimClassDocument, { input: { title: `Seals ${uuidv7().slice(-5)}`, startsAt: inDays(14), seatsTotal, price: eur(price) } }, operator))
    .createSwimClass;
}

/** Phase 1 as the cart asks for it: a seat held for a cart of the account. */
function hold(accountId: string, swimmer: { id: string; name: string }, classId: string, cartId = `cart-${uuidv7()}`) {
  return system.gateway.runtime.internal.call<SeatHold>('inventory', 'holdSeat', { cartId, accountId, classId, swimmerId: swimmer.id, swimmerName: swimmer.name });
}

/** Phase 1 and 2: a seat held, paid and registered for an order. */
async function register(accountId: string, swimmer: { id: string; name: string }, classId: string) {
  const held = await hold(accountId, swimmer, classId);
  const orderId = `order-${uuidv7()}`;
  await system.gateway.runtime.internal.call('inventory', 'registerHolds', { cartId: held.cartId, orderId });
  return { ...held, orderId };
}

async function seatsRemain(classId: string) {
  return ok(await system.gql(SwimClassDocument, { id: classId })).swimClass!.seatsRemain;
}

describe('registrations', () => {
  it("lists the account's registrations, the swimmer's classes and the class's students", async () => {
    const parent = await customer();
    const mia = await swimmerOf(parent.token, 'Mia');
    const seals = await swimClass(3);
    const paid = await register(parent.id, mia, seals.id);

    const [registration] = ok(await system.gql(MyRegistrationsDocument, {}, parent.token)).me!.registrations;
    expect(registration).toMatchObject({
      id: paid.registrationId,
      status: 'REGISTERED',
      price: eur(12_000),
      orderId: paid.orderId,
      registeredAt: expect.any(String),
      swimmer: { id: mia.id, name: 'Mia' },
      swimClass: { id: seals.id, seatsRemain: 2 },
    });
    expect(ok(await system.gql(MySwimmerClassesDocument, {}, parent.token)).me!.swimmers[0].classes.map((c) => c.id)).toEqual([seals.id]);
    expect(ok(await system.gql(SwimClassStudentsDocument, { id: seals.id }, operator)).swimClass!.students.map((s) => s.id)).toEqual([mia.id]);
    // The registration is a notification for the parent (ClassRegistered -> notifications).
    await eventually(async () => ok(await system.gql(NotificationsDocument, { first: 20 }, parent.token)).notifications.edges.some((e) => e.node.kind === 'CLASS_REGISTERED'), 10_000);
  });

  it('cancels a registration for its owner or an operator only; the seat comes back', async () => {
    const parent = await customer();
    const stranger = await customer();
    const mia = await swimmerOf(parent.token, 'Mia');
    const seals = await swimClass(2);
    const paid = await register(parent.id, mia, seals.id);

    expect(failure(await system.gql(CancelClassRegistrationDocument, { registrationId: paid.registrationId }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(failure(await system.gql(CancelClassRegistrationDocument, { registrationId: paid.registrationId }, stranger.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failure(await system.gql(CancelClassRegistrationDocument, { registrationId: 'nope' }, parent.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await seatsRemain(seals.id)).toBe(1);

    const canceled = ok(await system.gql(CancelClassRegistrationDocument, { registrationId: paid.registrationId }, parent.token)).cancelClassRegistration;
    expect(canceled).toMatchObject({ id: paid.registrationId, status: 'CANCELED', canceledAt: expect.any(String), swimClass: { id: seals.id, seatsRemain: 2 } });
    expect(failure(await system.gql(CancelClassRegistrationDocument, { registrationId: paid.registrationId }, operator))).toMatchObject({ code: 'INVALID_STATE' });
    expect(ok(await system.gql(MySwimmerClassesDocument, {}, parent.token)).me!.swimmers[0].classes).toEqual([]);

    // A seat still held in a cart leaves with the cart line, not through this mutation.
    const held = await hold(parent.id, mia, seals.id);
    expect(failure(await system.gql(CancelClassRegistrationDocument, { registrationId: held.registrationId }, parent.token))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('changes class to one of the same price; refuses the rest with the contract codes and changes nothing', async () => {
    const parent = await customer();
    const mia = await swimmerOf(parent.token, 'Mia');
    const [from, to, full, dearer] = [await swimClass(2), await swimClass(2), await swimClass(1), await swimClass(2, 15_000)];
    const other = await customer();
    await register(other.id, await swimmerOf(other.token, 'Noa'), full.id);
    const paid = await register(parent.id, mia, from.id);
    const change = (toClassId: string, token = parent.token) => system.gql(ChangeClassDocument, { registrationId: paid.registrationId, toClassId }, token);

    expect(failure(await change(full.id))).toMatchObject({ code: 'CLASS_FULL' });
    expect(failure(await change(dearer.id))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toClassId' });
    expect(failure(await change(from.id))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toClassId' });
    expect(failure(await change(uuidv7()))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failure(await change(to.id, other.token))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await Promise.all([from, to, full, dearer].map((c) => seatsRemain(c.id)))).toEqual([1, 2, 0, 2]);

    const moved = ok(await change(to.id)).changeClass;
    expect(moved).toMatchObject({ id: paid.registrationId, status: 'REGISTERED', swimClass: { id: to.id, seatsRemain: 1 } });
    expect(await seatsRemain(from.id)).toBe(2);
    expect(ok(await system.gql(MySwimmerClassesDocument, {}, parent.token)).me!.swimmers[0].classes.map((c) => c.id)).toEqual([to.id]);
  });
});

describe('waitlist', () => {
  it('lines swimmers up for a full class with positions, and offers a returned seat to the first', async () => {
    const seals = await swimClass(1);
    const [ann, ben] = [await customer(), await customer()];
    const [annsMia, bensLeo] = [await swimmerOf(ann.token, 'Mia'), await swimmerOf(ben.token, 'Leo')];
    const join = (who: { token: string }, swimmerId: string, classId = seals.id) => system.gql(JoinWaitlistDocument, { classId, swimmerId }, who.token);

    expect(failure(await join(ann, annsMia.id))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'classId' });
    const seated = await customer();
    const paid = await register(seated.id, await swimmerOf(seated.token, 'Ida'), seals.id);

    expect(ok(await join(ann, annsMia.id)).joinWaitlist).toMatchObject({ position: 1, swimClass: { id: seals.id }, swimmer: { id: annsMia.id, name: 'Mia' } });
    expect(ok(await join(ben, bensLeo.id)).joinWaitlist.position).toBe(2);
    expect(failure(await join(ann, annsMia.id))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
    expect(failure(await join(ann, bensLeo.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(failure(await system.gql(JoinWaitlistDocument, { classId: seals.id, swimmerId: annsMia.id }))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(ok(await system.gql(MyWaitlistDocument, {}, ben.token)).me!.swimmers[0].waitlist).toEqual([{ id: expect.any(String), position: 2, swimClass: { id: seals.id } }]);

    // The seated swimmer cancels: the seat goes to Mia, held for a while, not back to the class.
    ok(await system.gql(CancelClassRegistrationDocument, { registrationId: paid.registrationId }, seated.token));
    expect(await seatsRemain(seals.id)).toBe(0);
    const [offer] = ok(await system.gql(MyRegistrationsDocument, {}, ann.token)).me!.registrations;
    expect(offer).toMatchObject({ status: 'HELD', holdUntil: expect.any(String), swimmer: { id: annsMia.id }, swimClass: { id: seals.id } });
    expect(ok(await system.gql(MyWaitlistDocument, {}, ann.token)).me!.swimmers[0].waitlist).toEqual([]);
    expect(ok(await system.gql(MyWaitlistDocument, {}, ben.token)).me!.swimmers[0].waitlist[0].position).toBe(1);
    await eventually(async () => ok(await system.gql(NotificationsDocument, { first: 20 }, ann.token)).notifications.edges.some((e) => e.node.kind === 'WAITLIST_OFFERED'), 10_000);

    // The cart service puts the offered seat into Ann's cart, which expires with the offer.
    const cart = await eventually(async () => {
      const current = ok(await system.gql(ClassCartDocument, {}, ann.token)).cart;
      return current.items.some((i) => i.swimClass?.id === seals.id) ? current : null;
    }, 10_000);
    expect(cart).toMatchObject({ state: 'PENDING', expiresAt: expect.any(String), items: [{ swimmer: { id: annsMia.id }, unitPrice: eur(12_000) }] });

    // Ben leaves the line; Ann cancels her cart: nobody waits, so the seat is free again.
    expect(ok(await system.gql(LeaveWaitlistDocument, { classId: seals.id, swimmerId: bensLeo.id }, ben.token)).leaveWaitlist).toBe(true);
    expect(failure(await system.gql(LeaveWaitlistDocument, { classId: seals.id, swimmerId: bensLeo.id }, ben.token))).toMatchObject({ code: 'NOT_FOUND' });
    ok(await system.gql(CancelClassCartDocument, {}, ann.token));
    await eventually(async () => (await seatsRemain(seals.id)) === 1, 10_000);
    expect(ok(await system.gql(MyRegistrationsDocument, {}, ann.token)).me!.registrations[0].status).toBe('CANCELED');
  });
});

describe('classSeatsChanged', () => {
  it('streams the class after each seat change to an anonymous subscriber, and refuses a malformed id', async () => {
    const seals = await swimClass(3);
    const parent = await customer();
    const mia = await swimmerOf(parent.token, 'Mia');
    const connection = connectLive(system.url);
    connections.push(connection);
    const seats = subscribe<{ classSeatsChanged: { id: string; title: string; seatsRemain: number } }>(
      connection,
      'subscription Seats($id: ID!) { classSeatsChanged(classId: $id) { id title seatsRemain } }',
      { id: seals.id },
    );
    const other = await swimClass(3);
    // Subscribed before the first change: give the subscription a moment to reach pub/sub.
    await new Promise((r) => setTimeout(r, 300));

    const paid = await register(parent.id, mia, seals.id);
    await hold(parent.id, await swimmerOf(parent.token, 'Leo'), other.id);
    // Each value is the class as it is when the gateway reads it: the next change waits for it.
    await seats.waitFor(1, 10_000);
    ok(await system.gql(CancelClassRegistrationDocument, { registrationId: paid.registrationId }, parent.token));

    const values = await seats.waitFor(2, 10_000);
    expect(values.map((v) => v.classSeatsChanged)).toEqual([
      { id: seals.id, title: seals.title, seatsRemain: 2 },
      { id: seals.id, title: seals.title, seatsRemain: 3 },
    ]);

    const bad = subscribe(connection, 'subscription { classSeatsChanged(classId: "nope") { id } }');
    await eventually(() => bad.errors.length > 0, 5000);
    expect(JSON.stringify(bad.errors)).toContain('BAD_USER_INPUT');
    seats.stop();
  });
});
