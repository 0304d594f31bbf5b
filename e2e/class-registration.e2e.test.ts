/**
 * Seed 000 end to end through the gateway (issue 7; MISSION C1–C5, C7): a parent adds a class
 * for a swimmer to the cart (phase 1: the seat is held at once), checks out and pays (the
 * simulated provider captures), and the saga drives cart and registration to the end (phase 2:
 * REGISTERED, a student of the class, a notification). A declined payment and a cancelled cart
 * give the seat back (C5); cancelling the paid registration refunds its price through the order
 * (C7), and the seat it frees goes to the first on the waitlist, who pays for it the same way. `seatsRemain + held + registered = seatsTotal` is what every step keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@shop/platform';
import { eventually } from '@shop/platform/testing';
import {
  AddClassDocument,
  AddSwimmerDocument,
  CancelClassCartDocument,
  CancelClassRegistrationDocument,
  CheckoutClassesDocument,
  ClassCartDocument,
  ClassOrderDocument,
  CreateSwimClassDocument,
  GrantRoleDocument,
  JoinWaitlistDocument,
  MyRegistrationsDocument,
  MySwimmerClassesDocument,
  NotificationsDocument,
  PayForClassesDocument,
  SignUpDocument,
  SwimClassDocument,
  SwimClassStudentsDocument,
  LogInDocument,
} from './__generated__/operations.js';
import { ADMIN, failure, ok, startTestSystem, uniqueEmail, type TestSystem } from './support/system.js';

/** The simulated provider declines a payment of exactly this amount (payments' SIMULATED_DECLINE_AMOUNT). */
const DECLINED_AMOUNT = 1313;

let system: TestSystem;
let operator: string;

beforeAll(async () => {
  // The built-in provider answers payments by itself, as in a demo: captured, or declined for the amount above.
  system = await startTestSystem({ PAYMENT_PROVIDER_MODE: 'auto', PAYMENT_AUTO_DELAY_MS: '20' });
  const admin = ok(await system.gql(LogInDocument, ADMIN)).logIn.token;
  const staff = await parent();
  ok(await system.gql(GrantRoleDocument, { accountId: staff.id, role: 'OPERATOR' }, admin));
  operator = staff.token;
});
afterAll(() => system?.close());

const usd = (amount: number) => ({ amount, currency: 'USD' });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function parent() {
  const { token, account } = ok(await system.gql(SignUpDocument, { input: { email: uniqueEmail('family'), password: 'correct horse', name: 'Parent' } })).signUp;
  return { id: account.id, token };
}

async function withSwimmer(name = 'Mia') {
  const account = await parent();
  const swimmer = ok(await system.gql(AddSwimmerDocument, { input: { name } }, account.token)).addSwimmer;
  return { ...account, swimmer };
}

async function swimClass(seatsTotal: number, price = 12_000) {
  return ok(await system.gql(CreateSwimClassDocument, { input: { title: `Turtles ${uuidv7().slice(-5)}`, startsAt: inDays(10), seatsTotal, price: usd(price) } }, operator))
    .createSwimClass;
}

const seatsRemain = async (classId: string) => ok(await system.gql(SwimClassDocument, { id: classId })).swimClass!.seatsRemain;
const registrations = async (token: string) => ok(await system.gql(MyRegistrationsDocument, {}, token)).me!.registrations;
const orderOf = async (id: string, token: string) => ok(await system.gql(ClassOrderDocument, { id }, token)).order!;

/** Checkout and pay by card, as the app does. */
async function checkoutAndPay(token: string) {
  const order = ok(await system.gql(CheckoutClassesDocument, { input: { idempotencyKey: uuidv7(), paymentMethod: 'card' } }, token)).checkout;
  ok(await system.gql(PayForClassesDocument, { orderId: order.id, method: 'card' }, token));
  return order;
}

describe('register for a class through cart and checkout', () => {
  it('holds the seat at once, then pays: REGISTERED, a student of the class, one notification', async () => {
    const family = await withSwimmer('Mia');
    const turtles = await swimClass(2);

    const cart = ok(await system.gql(AddClassDocument, { classId: turtles.id, swimmerId: family.swimmer.id }, family.token)).addClassToCart;
    expect(cart).toMatchObject({ state: 'PENDING', expiresAt: expect.any(String), items: [{ quantity: 1, unitPrice: usd(12_000), swimClass: { id: turtles.id }, swimmer: { id: family.swimmer.id } }] });
    expect(await seatsRemain(turtles.id)).toBe(1);
    expect((await registrations(family.token)).map((r) => r.status)).toEqual(['HELD']);

    const order = await checkoutAndPay(family.token);
    expect(order).toMatchObject({ status: 'PAY_PENDING', total: usd(12_000) });

    const [registration] = await eventually(async () => {
      const list = await registrations(family.token);
      return list[0]?.status === 'REGISTERED' ? list : null;
    }, 15_000);
    expect(registration).toMatchObject({ orderId: order.id, swimClass: { id: turtles.id, seatsRemain: 1 }, swimmer: { id: family.swimmer.id } });
    expect(ok(await system.gql(MySwimmerClassesDocument, {}, family.token)).me!.swimmers[0].classes.map((c) => c.id)).toEqual([turtles.id]);
    expect(ok(await system.gql(SwimClassStudentsDocument, { id: turtles.id }, operator)).swimClass!.students.map((s) => s.id)).toEqual([family.swimmer.id]);
    expect(['CANCELED', 'REFUNDED']).not.toContain((await orderOf(order.id, family.token)).status);
    const kinds = await eventually(async () => {
      const list = ok(await system.gql(NotificationsDocument, { first: 20 }, family.token)).notifications.edges.map((e) => e.node.kind);
      return list.includes('CLASS_REGISTERED') ? list : null;
    }, 10_000);
    expect(kinds.filter((k) => k === 'CLASS_REGISTERED')).toHaveLength(1);

    // C7: cancelled before the class starts, the seat comes back and the order refunds the price.
    ok(await system.gql(CancelClassRegistrationDocument, { registrationId: registration.id }, family.token));
    expect(await seatsRemain(turtles.id)).toBe(2);
    await eventually(async () => (await orderOf(order.id, family.token)).refunded.amount === 12_000, 15_000);
  });

  it('refuses a full class with CLASS_FULL and the same swimmer twice with BAD_USER_INPUT', async () => {
    const turtles = await swimClass(1);
    const first = await withSwimmer('Ida');
    ok(await system.gql(AddClassDocument, { classId: turtles.id, swimmerId: first.swimmer.id }, first.token));
    expect(failure(await system.gql(AddClassDocument, { classId: turtles.id, swimmerId: first.swimmer.id }, first.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'swimmerId' });
    const second = await withSwimmer('Leo');
    expect(failure(await system.gql(AddClassDocument, { classId: turtles.id, swimmerId: second.swimmer.id }, second.token))).toMatchObject({ code: 'CLASS_FULL' });
    expect(await seatsRemain(turtles.id)).toBe(0);
  });
});

describe('waitlist through checkout', () => {
  it("puts a returned seat into the first waiting customer's cart, who pays for it", async () => {
    const turtles = await swimClass(1);
    const seated = await withSwimmer('Ida');
    ok(await system.gql(AddClassDocument, { classId: turtles.id, swimmerId: seated.swimmer.id }, seated.token));
    await checkoutAndPay(seated.token);
    const [paid] = await eventually(async () => {
      const list = await registrations(seated.token);
      return list[0]?.status === 'REGISTERED' ? list : null;
    }, 15_000);
    const waiting = await withSwimmer('Leo');
    expect(ok(await system.gql(JoinWaitlistDocument, { classId: turtles.id, swimmerId: waiting.swimmer.id }, waiting.token)).joinWaitlist.position).toBe(1);

    ok(await system.gql(CancelClassRegistrationDocument, { registrationId: paid.id }, seated.token));

    await eventually(async () => ok(await system.gql(ClassCartDocument, {}, waiting.token)).cart.items.some((i) => i.swimClass?.id === turtles.id), 15_000);
    expect(await seatsRemain(turtles.id)).toBe(0);
    await checkoutAndPay(waiting.token);
    await eventually(async () => (await registrations(waiting.token))[0]?.status === 'REGISTERED', 15_000);
    expect(ok(await system.gql(SwimClassStudentsDocument, { id: turtles.id }, operator)).swimClass!.students.map((s) => s.id)).toEqual([waiting.swimmer.id]);
  });
});

describe('rollback (C5)', () => {
  it('gives the seat back when the payment is declined', async () => {
    const family = await withSwimmer('Noa');
    const turtles = await swimClass(2, DECLINED_AMOUNT);
    ok(await system.gql(AddClassDocument, { classId: turtles.id, swimmerId: family.swimmer.id }, family.token));
    expect(await seatsRemain(turtles.id)).toBe(1);

    const order = await checkoutAndPay(family.token);

    await eventually(async () => (await orderOf(order.id, family.token)).status === 'CANCELED', 15_000);
    await eventually(async () => (await seatsRemain(turtles.id)) === 2, 15_000);
    expect((await registrations(family.token)).map((r) => r.status)).toEqual(['CANCELED']);
  });

  it('gives the seat back when the customer cancels the cart', async () => {
    const family = await withSwimmer('Eli');
    const turtles = await swimClass(2);
    ok(await system.gql(AddClassDocument, { classId: turtles.id, swimmerId: family.swimmer.id }, family.token));

    const canceled = ok(await system.gql(CancelClassCartDocument, {}, family.token)).cancelCart;

    expect(['CANCELING', 'CANCELED']).toContain(canceled.state);
    await eventually(async () => (await seatsRemain(turtles.id)) === 2, 15_000);
    expect((await registrations(family.token)).map((r) => r.status)).toEqual(['CANCELED']);
    expect(ok(await system.gql(ClassCartDocument, {}, family.token)).cart.items).toEqual([]);
  });
});
