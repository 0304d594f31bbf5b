/**
 * The seat invariant under any interleaving of class-registration steps (issue 7; MISSION C1–C7):
 * fast-check mixes holds, payments, failed payments, cancelled and expired carts, removed lines,
 * cancellations, changes of class, waitlist joins, adopted and lapsed offers, orphaned holds and
 * orders cancelled after payment, and after every step checks, for every class of the run,
 * `seatsRemain + held + registered = seatsTotal`, `seatsRemain >= 0`, and that no seat is free
 * while someone waits for it.
 */
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, queryRows, uuidv7 } from '@shop/platform';
import { eur, inDays, seatStates, startClasses, type ClassesHarness } from './support.js';

let h: ClassesHarness;
const operator = { accountId: uuidv7(), operator: true };

beforeAll(async () => {
  h = await startClasses();
});
afterAll(() => h?.dispose());

const CARTS = 3;
const SWIMMERS = 5;
/** Seats and price of the classes of a run: the last one costs more, so a change into it is refused. */
const CLASSES = [
  { seats: 2, price: 9000 },
  { seats: 1, price: 9000 },
  { seats: 3, price: 9000 },
  { seats: 2, price: 9900 },
];

type Step =
  | { kind: 'hold'; cart: number; cls: number; swimmer: number }
  | { kind: 'pay' | 'failPayment' | 'cancelCart' | 'expireCart' | 'vanishCart'; cart: number }
  | { kind: 'removeLine'; cart: number; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'change'; pick: number; cls: number }
  | { kind: 'join'; cls: number; swimmer: number }
  | { kind: 'adopt'; pick: number; cart: number }
  | { kind: 'lapse' }
  | { kind: 'orphans' }
  | { kind: 'cancelOrder'; pick: number };

const cart = fc.nat(CARTS - 1);
const cls = fc.nat(CLASSES.length - 1);
const swimmer = fc.nat(SWIMMERS - 1);
const pick = fc.nat(50);
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('hold' as const), cart, cls, swimmer }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('pay' as const), cart }), weight: 3 },
  fc.record({ kind: fc.constantFrom('failPayment' as const, 'cancelCart' as const, 'expireCart' as const, 'vanishCart' as const), cart }),
  fc.record({ kind: fc.constant('removeLine' as const), cart, pick }),
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('change' as const), pick, cls }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('join' as const), cls, swimmer }), weight: 3 },
  fc.record({ kind: fc.constant('adopt' as const), pick, cart }),
  fc.constant({ kind: 'lapse' as const }),
  fc.constant({ kind: 'orphans' as const }),
  fc.record({ kind: fc.constant('cancelOrder' as const), pick }),
);

/** One run's world: its classes, swimmers (each of its own account), the current cart of each slot, the orders paid. */
interface World {
  classIds: string[];
  swimmers: { id: string; name: string; accountId: string }[];
  carts: string[];
  orders: string[];
}

async function newWorld(): Promise<World> {
  const classIds: string[] = [];
  for (const c of CLASSES) classIds.push((await h.classes.create({ title: 'Otters', startsAt: inDays(20), seatsTotal: c.seats, price: eur(c.price) })).id);
  return {
    classIds,
    swimmers: Array.from({ length: SWIMMERS }, (_, i) => ({ id: uuidv7(), name: `Swimmer ${i}`, accountId: uuidv7() })),
    carts: Array.from({ length: CARTS }, () => `cart-${uuidv7()}`),
    orders: [],
  };
}

/** The run's registrations in a stable order, for steps that pick one. */
async function registrationsOf(world: World, where: 'cancelable' | 'held-in-cart' | 'offer' | 'registered', cartId?: string) {
  const rows = await queryRows<{ id: string; cart_id: string | null }>(
    h.runtime.database!.db,
    sql`select id, cart_id from inventory.registrations
        where class_id = any(${`{${world.classIds.join(',')}}`}::uuid[])
          and case ${where}
                when 'cancelable' then status = 'REGISTERED' or (status = 'HELD' and cart_id is null)
                when 'held-in-cart' then status = 'HELD' and cart_id = ${cartId ?? ''}
                when 'offer' then status = 'HELD' and cart_id is null
                else status = 'REGISTERED' end
        order by id`,
  );
  return rows;
}

const chosen = <T>(rows: T[], index: number): T | undefined => (rows.length === 0 ? undefined : rows[index % rows.length]);

/** The cart of a slot is over: the slot gets a new cart, as the customer's next one. */
function finishCart(world: World, slot: number, state: string | null) {
  if (state) h.cartStates.set(world.carts[slot], state);
  else h.cartStates.delete(world.carts[slot]);
  world.carts[slot] = `cart-${uuidv7()}`;
}

async function apply(world: World, s: Step): Promise<void> {
  const later = (ms: number) => new Date(Date.now() + ms + 1000);
  switch (s.kind) {
    case 'hold': {
      const who = world.swimmers[s.swimmer];
      h.cartStates.set(world.carts[s.cart], 'PENDING');
      await h.inventory.internal.holdSeat({ cartId: world.carts[s.cart], accountId: who.accountId, swimmerId: who.id, swimmerName: who.name, classId: world.classIds[s.cls] });
      return;
    }
    case 'pay': {
      const orderId = `order-${uuidv7()}`;
      await h.inventory.internal.registerHolds({ cartId: world.carts[s.cart], orderId });
      world.orders.push(orderId);
      finishCart(world, s.cart, 'DONE');
      return;
    }
    case 'failPayment':
    case 'cancelCart':
    case 'expireCart':
      await h.inventory.internal.releaseHolds({ cartId: world.carts[s.cart], reason: s.kind });
      finishCart(world, s.cart, s.kind === 'expireCart' ? 'EXPIRED' : 'CANCELED');
      return;
    case 'vanishCart':
      // The cart disappears without releasing anything: its holds are orphans for the job (C6).
      finishCart(world, s.cart, null);
      return;
    case 'removeLine': {
      const line = chosen(await registrationsOf(world, 'held-in-cart', world.carts[s.cart]), s.pick);
      if (line) await h.inventory.internal.releaseHolds({ cartId: world.carts[s.cart], registrationIds: [line.id], reason: 'line removed' });
      return;
    }
    case 'cancel': {
      const registration = chosen(await registrationsOf(world, 'cancelable'), s.pick);
      if (registration) await h.registrations.cancel(registration.id, operator);
      return;
    }
    case 'change': {
      const registration = chosen(await registrationsOf(world, 'registered'), s.pick);
      if (registration) await h.registrations.changeClass(registration.id, world.classIds[s.cls], operator);
      return;
    }
    case 'join': {
      const who = world.swimmers[s.swimmer];
      await h.waitlist.join(who.accountId, world.classIds[s.cls], { ...who });
      return;
    }
    case 'adopt': {
      const offer = chosen(await registrationsOf(world, 'offer'), s.pick);
      if (offer) {
        h.cartStates.set(world.carts[s.cart], 'PENDING');
        await h.inventory.internal.adoptHold({ registrationId: offer.id, cartId: world.carts[s.cart] });
      }
      return;
    }
    case 'lapse':
      await h.registrations.lapseOffers(later(h.runtime.config.WAITLIST_HOLD_MS));
      return;
    case 'orphans':
      await h.registrations.releaseOrphans(later(h.runtime.config.RECONCILE_AFTER_MS));
      return;
    case 'cancelOrder': {
      const orderId = chosen(world.orders, s.pick);
      if (orderId) await h.seats.transaction((tx, changes) => h.registrations.cancelForOrder(tx, changes, orderId, 'order canceled'));
      return;
    }
  }
}

async function checkInvariant(world: World, after: Step): Promise<void> {
  const states = await seatStates(h, world.classIds);
  const waiting = await queryRows<{ class_id: string; n: number }>(
    h.runtime.database!.db,
    sql`select class_id, count(*)::int as n from inventory.waitlist_entries
        where status = 'WAITING' and class_id = any(${`{${world.classIds.join(',')}}`}::uuid[]) group by class_id`,
  );
  for (const classId of world.classIds) {
    const s = states.get(classId)!;
    const where = `class ${world.classIds.indexOf(classId)} after ${JSON.stringify(after)}`;
    expect(s.seatsRemain, where).toBeGreaterThanOrEqual(0);
    expect(s.seatsRemain + s.held + s.registered, where).toBe(s.seatsTotal);
    const line = Number(waiting.find((w) => w.class_id === classId)?.n ?? 0);
    if (line > 0) expect(s.seatsRemain, `a seat is free while ${line} wait: ${where}`).toBe(0);
  }
}

describe('seat invariant (property)', () => {
  it('holds after every step of random mixes of registration, payment, cancel, change, expiry and waitlist steps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 20, maxLength: 20 }), async (steps) => {
        const world = await newWorld();
        for (const s of steps) {
          try {
            await apply(world, s);
          } catch (err) {
            // Refusals (full class, same swimmer twice, nothing to adopt…) are part of the game; anything else is a bug.
            if (!(err instanceof AppError)) throw err;
          }
          await checkInvariant(world, s);
        }
      }),
      { numRuns: 15 },
    );
  }, 240_000);
});
