import { and, asc, desc, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import {
  anyUuid,
  AppError,
  badInput,
  ClassEvents,
  ErrorCode,
  iso,
  isUniqueViolation,
  isUuid,
  notFound,
  requiredText,
  uuidv7,
  type Db,
  type HoldSeatInput,
  type Money,
  type Outbox,
  type RegistrationCanceledPayload,
  type SeatHold,
  type Tx,
} from '@shop/platform';
import { registrations, swimClasses, type RegistrationRow, type SwimClassRow } from '../db/schema.js';
import { SEAT_OWNING, assertMove, seatOf, type RegistrationStatus } from './registration-status.js';
import type { SeatChanges, SeatLedger } from './seats.js';

/** Who acts on a registration from the API: its owner, or an OPERATOR (ADMIN) acting for anyone. */
export interface Actor {
  accountId: string;
  operator: boolean;
}

/** The cart service's view of carts (contracts/cart.ts `states`): state by cart id, null when the cart does not exist. */
export type CartStates = (cartIds: string[]) => Promise<Record<string, string | null>>;

/** Carts that are over without paying: their held seats are orphans (C6). */
const FINISHED_CART_STATES = new Set(['EXPIRED', 'CANCELED']);
const JOB_BATCH = 200;

export interface RegistrationServiceDeps {
  db: Db;
  outbox: Outbox;
  seats: SeatLedger;
  cartStates: CartStates;
  /** Only holds older than this are candidates for the orphan job (RECONCILE_AFTER_MS): a cart may still be writing its line. */
  reconcileAfterMs: number;
}

/**
 * Class registration, inventory's side (seed 000, C1–C7): phase 1 holds a seat for a cart,
 * phase 2 registers the paid holds, and the reverse paths give seats back (release, cancel,
 * order cancelled, lapsed waitlist offers, orphaned holds). Every step is idempotent, so the
 * cart's recovery and the jobs can run it again. Seats move only through the {@link SeatLedger}.
 */
export class RegistrationService {
  constructor(private readonly deps: RegistrationServiceDeps) {}

  /**
   * Phase 1 (C1–C3): one seat of the class taken at once for the cart and recorded as a HELD
   * registration. `CLASS_FULL` when none is left; `BAD_USER_INPUT` on `swimmerId` when the
   * swimmer already has a seat in the class. The same cart holding the same swimmer again gets
   * its hold back unchanged.
   */
  async holdSeat(input: HoldSeatInput): Promise<SeatHold> {
    const cartId = cartIdOf(input.cartId);
    const accountId = uuidOf('accountId', input.accountId);
    const swimmerId = uuidOf('swimmerId', input.swimmerId);
    const swimmerName = requiredText('swimmerName', input.swimmerName ?? '', 200);
    const classId = classIdOf(input.classId);
    try {
      return await this.tryHold({ cartId, accountId, swimmerId, swimmerName, classId });
    } catch (err) {
      // Two holds of one swimmer raced past the check: the index refused the second; asked again, it answers as a repeat.
      if (!isUniqueViolation(err)) throw err;
      return this.tryHold({ cartId, accountId, swimmerId, swimmerName, classId });
    }
  }

  private async tryHold(input: HoldSeatInput): Promise<SeatHold> {
    const at = new Date();
    const { existing, swimClass, held } = await this.deps.seats.hold(this.deps.db, { ...input, registrationId: uuidv7(), at });
    if (existing) {
      if (existing.status === 'HELD' && existing.cartId === input.cartId) return seatHold(existing, existing.title);
      throw badInput('swimmerId', 'This swimmer already has a seat in this class');
    }
    if (!swimClass) throw notFound('Swim class');
    if (Date.parse(swimClass.startsAt) <= at.getTime()) throw badInput('classId', 'This class has already started');
    // The conditional decrement decided (C7: no overbooking).
    if (!held) throw new AppError(ErrorCode.CLASS_FULL, 'No seat is left in this class', { classId: swimClass.id });
    return { ...seatHold(held, swimClass.title), seatsRemain: held.seatsRemain };
  }

  /**
   * Gives the seats of the cart's HELD registrations (or only of those listed) back (C5: cancel,
   * expiry, failed payment; C6 orphans). Idempotent: what is no longer held is left alone.
   */
  async releaseHolds(input: { cartId: string; registrationIds?: string[] | null; reason?: string | null }): Promise<{ released: number }> {
    const cartId = cartIdOf(input.cartId);
    const ids = input.registrationIds == null ? null : idList('registrationIds', input.registrationIds);
    const reason = input.reason?.slice(0, 500) || 'released';
    if (ids?.length === 0) return { released: 0 };
    return this.deps.seats.transaction(async (tx, changes) => {
      const held = await tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.cartId, cartId), eq(registrations.status, 'HELD'), ids ? anyUuid(registrations.id, ids) : undefined))
        .orderBy(asc(registrations.id))
        .for('update');
      await this.cancelAll(tx, changes, held, reason);
      return { released: held.length };
    });
  }

  /**
   * Phase 2 follow-up (C3, C4): the cart's paid HELD registrations become REGISTERED for the
   * order: the class's reservation becomes a student, the swimmer's classes include it
   * (ClassRegistered each). Running it again registers nothing twice and answers the same count.
   */
  async registerHolds(input: { cartId: string; orderId: string }): Promise<{ registered: number }> {
    const cartId = cartIdOf(input.cartId);
    const orderId = orderIdOf(input.orderId);
    return this.deps.outbox.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(registrations)
        .where(and(eq(registrations.cartId, cartId), inArray(registrations.status, [...SEAT_OWNING])))
        .orderBy(asc(registrations.id))
        .for('update');
      const classes = rows.length > 0 ? await tx.select().from(swimClasses).where(inArray(swimClasses.id, [...new Set(rows.map((r) => r.classId))])) : [];
      const classOf = new Map(classes.map((c) => [c.id, c]));
      const at = new Date().toISOString();
      let registered = 0;
      for (const registration of rows) {
        const swimClass = classOf.get(registration.classId)!;
        if (registration.status === 'REGISTERED') {
          if (registration.orderId !== orderId) throw new AppError(ErrorCode.IDEMPOTENCY_CONFLICT, `Cart ${cartId} was registered for another order`);
          registered++;
          continue;
        }
        assertMove(registration.status as RegistrationStatus, 'REGISTERED');
        const [row] = await tx
          .update(registrations)
          .set({ status: 'REGISTERED', orderId, registeredAt: at, holdUntil: null, version: registration.version + 1 })
          .where(eq(registrations.id, registration.id))
          .returning();
        await this.deps.outbox.add(tx, {
          type: ClassEvents.ClassRegistered,
          aggregateId: row.id,
          aggregateVersion: row.version,
          payload: {
            registrationId: row.id,
            accountId: row.accountId,
            classId: swimClass.id,
            orderId,
            swimmerName: row.swimmerName,
            classTitle: swimClass.title,
            startsAt: iso(swimClass.startsAt),
          },
        });
        registered++;
      }
      return { registered };
    });
  }

  /**
   * A seat offered from the waitlist (held with no cart) joins the customer's cart, before its
   * offer lapses. Adopting it again into the same cart answers the same hold.
   */
  async adoptHold(input: { registrationId: string; cartId: string }): Promise<SeatHold> {
    const cartId = cartIdOf(input.cartId);
    if (typeof input.registrationId !== 'string' || !isUuid(input.registrationId)) throw notFound('Registration');
    return this.deps.outbox.transaction(async (tx) => {
      const registration = await this.lockOne(tx, input.registrationId);
      const [swimClass] = await tx.select().from(swimClasses).where(eq(swimClasses.id, registration.classId));
      if (registration.status === 'HELD' && registration.cartId === cartId) return seatHold(registration, swimClass.title);
      if (registration.status !== 'HELD' || registration.cartId !== null) {
        throw new AppError(ErrorCode.INVALID_STATE, 'This seat is no longer on offer');
      }
      if (registration.holdUntil && Date.parse(registration.holdUntil) <= Date.now()) {
        throw new AppError(ErrorCode.INVALID_STATE, 'The offer of this seat has lapsed');
      }
      const [row] = await tx
        .update(registrations)
        .set({ cartId, version: registration.version + 1 })
        .where(eq(registrations.id, registration.id))
        .returning();
      return seatHold(row, swimClass.title);
    });
  }

  /**
   * Cancels a registration (C7, quantity −1): the seat goes back (to the waitlist first). A
   * REGISTERED one is refunded its price through the order when the class has not started
   * (RegistrationCanceled carries the amount). A HELD seat can be cancelled here only while it is
   * a waitlist offer outside any cart (declining it); one in a cart leaves with the cart line.
   */
  async cancel(registrationId: string, actor: Actor): Promise<RegistrationRow> {
    return this.deps.seats.transaction(async (tx, changes) => {
      const registration = await this.visible(tx, registrationId, actor);
      assertMove(registration.status as RegistrationStatus, 'CANCELED');
      if (registration.status === 'HELD' && registration.cartId !== null) {
        throw new AppError(ErrorCode.INVALID_STATE, 'This seat is held in a cart: remove it from the cart, or cancel the cart');
      }
      const reason = actor.operator && actor.accountId !== registration.accountId ? 'canceled by an operator' : 'canceled by the customer';
      const [row] = await this.cancelAll(tx, changes, [registration], reason);
      return row;
    });
  }

  /**
   * Moves a REGISTERED registration to another class of the same price in one transaction, like
   * a bank transfer (C7): −1 seat there (conditional: `CLASS_FULL`), +1 here (to the waitlist
   * first). Same class, another price, a started class or a swimmer already seated there is
   * `BAD_USER_INPUT` on `toClassId`. On any failure nothing changes.
   */
  async changeClass(registrationId: string, toClassId: string, actor: Actor): Promise<RegistrationRow> {
    if (typeof toClassId !== 'string' || !isUuid(toClassId)) throw notFound('Swim class');
    return this.deps.seats.transaction(async (tx, changes) => {
      const registration = await this.visible(tx, registrationId, actor);
      if (registration.status !== 'REGISTERED') throw new AppError(ErrorCode.INVALID_STATE, 'Only a registered class can be changed');
      if (registration.classId === toClassId) throw badInput('toClassId', 'The registration is already in this class');
      const locked = await this.deps.seats.lock(tx, [registration.classId, toClassId]);
      const from = locked.get(registration.classId)!;
      const to = locked.get(toClassId);
      if (!to) throw notFound('Swim class');
      if (to.priceAmount !== from.priceAmount || to.currency !== from.currency) {
        throw badInput('toClassId', 'A registration moves only to a class of the same price');
      }
      const now = new Date();
      if (Date.parse(to.startsAt) <= now.getTime()) throw badInput('toClassId', 'That class has already started');
      const [seated] = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(seatOf(toClassId, registration.swimmerId));
      if (seated) throw badInput('toClassId', 'This swimmer already has a seat in that class');
      await this.deps.seats.take(tx, changes, toClassId);
      const [moved] = await tx
        .update(registrations)
        .set({ classId: toClassId, reason: `moved from class ${from.id}`, version: registration.version + 1 })
        .where(eq(registrations.id, registration.id))
        .returning();
      await this.deps.seats.leaveLine(tx, toClassId, registration.swimmerId, now);
      await this.deps.seats.giveBack(tx, changes, from.id, 1, now);
      return moved;
    });
  }

  /**
   * An order cancelled after its classes were registered (OrderStatusChanged to CANCELED): their
   * seats go back. RegistrationCanceled carries no refund: the order's own cancellation refunds
   * what was paid. Runs in the consumer's inbox transaction; answers how many were cancelled.
   */
  async cancelForOrder(tx: Tx, changes: SeatChanges, orderId: string, reason: string): Promise<number> {
    const registered = await tx
      .select()
      .from(registrations)
      .where(and(eq(registrations.orderId, orderId), eq(registrations.status, 'REGISTERED')))
      .orderBy(asc(registrations.id))
      .for('update');
    await this.cancelAll(tx, changes, registered, reason, { refund: false });
    return registered.length;
  }

  /**
   * Job `inventory.waitlist`: waitlist offers past their `holdUntil` that no cart adopted are
   * released, and each seat is offered to the next swimmer in line. An adopted offer belongs to
   * its cart, which expires when the offer does (or is being paid): releasing it here could race
   * with the checkout of that cart, so the cart's end (or the orphan job) gives it back.
   * Idempotent; each offer in its own transaction.
   */
  async lapseOffers(now = new Date()): Promise<{ checked: number; lapsed: number }> {
    const due = await this.deps.db
      .select({ id: registrations.id })
      .from(registrations)
      .where(
        and(
          eq(registrations.status, 'HELD'),
          isNull(registrations.cartId),
          isNotNull(registrations.holdUntil),
          lt(registrations.holdUntil, now.toISOString()),
        ),
      )
      .orderBy(asc(registrations.holdUntil))
      .limit(JOB_BATCH);
    let lapsed = 0;
    for (const offer of due) {
      lapsed += await this.deps.seats.transaction(async (tx, changes) => {
        const [current] = await tx.select().from(registrations).where(eq(registrations.id, offer.id)).for('update');
        // Re-read under the lock: adopted into a cart, or released, since the list was read.
        const still = current.status === 'HELD' && current.cartId === null && current.holdUntil && Date.parse(current.holdUntil) < now.getTime();
        if (!still) return 0;
        await this.cancelAll(tx, changes, [current], 'waitlist offer lapsed', { now });
        return 1;
      });
    }
    return { checked: due.length, lapsed };
  }

  /**
   * Job `inventory.orphans` (C6): HELD registrations whose cart no longer exists or is over
   * (EXPIRED, CANCELED) are released. Only holds older than the reconcile delay are looked at.
   */
  async releaseOrphans(now = new Date()): Promise<{ carts: number; released: number }> {
    const before = new Date(now.getTime() - this.deps.reconcileAfterMs).toISOString();
    const rows = await this.deps.db
      .selectDistinct({ cartId: registrations.cartId })
      .from(registrations)
      .where(and(eq(registrations.status, 'HELD'), isNotNull(registrations.cartId), lt(registrations.heldAt, before)))
      .limit(JOB_BATCH);
    const cartIds = rows.map((r) => r.cartId!);
    if (cartIds.length === 0) return { carts: 0, released: 0 };
    const states = await this.deps.cartStates(cartIds);
    let carts = 0;
    let released = 0;
    for (const cartId of cartIds) {
      const state = states[cartId] ?? null;
      if (state !== null && !FINISHED_CART_STATES.has(state)) continue;
      const result = await this.releaseHolds({ cartId, reason: state ? `orphaned: cart ${state.toLowerCase()}` : 'orphaned: cart gone' });
      if (result.released > 0) carts++;
      released += result.released;
    }
    return { carts, released };
  }

  /** The classes an order registered seats in. */
  async classIdsOfOrder(orderId: string): Promise<string[]> {
    const rows = await this.deps.db.selectDistinct({ classId: registrations.classId }).from(registrations).where(eq(registrations.orderId, orderId));
    return rows.map((r) => r.classId);
  }

  async byIds(ids: readonly string[]): Promise<RegistrationRow[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.deps.db.select().from(registrations).where(anyUuid(registrations.id, valid)) : [];
  }

  /** Every registration of the accounts, newest first. */
  ofAccounts(accountIds: readonly string[]): Promise<RegistrationRow[]> {
    const valid = accountIds.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return this.deps.db
      .select()
      .from(registrations)
      .where(anyUuid(registrations.accountId, valid))
      .orderBy(desc(registrations.heldAt), desc(registrations.id));
  }

  /** The registered students of each class (C1), in registration order. */
  studentsOf(classIds: readonly string[]): Promise<RegistrationRow[]> {
    const valid = classIds.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return this.deps.db
      .select()
      .from(registrations)
      .where(and(anyUuid(registrations.classId, valid), eq(registrations.status, 'REGISTERED')))
      .orderBy(asc(registrations.registeredAt), asc(registrations.id));
  }

  /** The classes each swimmer is registered in (C1), by start time; only the viewer's own swimmers unless `viewer` is null (operator). */
  async classesOf(swimmerIds: readonly string[], viewer: string | null): Promise<{ swimmerId: string; swimClass: SwimClassRow }[]> {
    const valid = swimmerIds.filter(isUuid);
    if (valid.length === 0) return [];
    return this.deps.db
      .select({ swimmerId: registrations.swimmerId, swimClass: swimClasses })
      .from(registrations)
      .innerJoin(swimClasses, eq(swimClasses.id, registrations.classId))
      .where(and(anyUuid(registrations.swimmerId, valid), eq(registrations.status, 'REGISTERED'), viewer ? eq(registrations.accountId, viewer) : undefined))
      .orderBy(asc(swimClasses.startsAt), asc(swimClasses.id));
  }

  /**
   * Cancels seat-owning registrations (already locked by the caller) and gives their seats back,
   * class by class in id order. REGISTERED ones emit RegistrationCanceled, with the class price
   * as refund when `refund` and the class has not started.
   */
  private async cancelAll(
    tx: Tx,
    changes: SeatChanges,
    rows: RegistrationRow[],
    reason: string,
    options: { refund?: boolean; now?: Date } = {},
  ): Promise<RegistrationRow[]> {
    const now = options.now ?? new Date();
    const canceled: RegistrationRow[] = [];
    const perClass = new Map<string, number>();
    for (const registration of rows) {
      assertMove(registration.status as RegistrationStatus, 'CANCELED');
      const [row] = await tx
        .update(registrations)
        .set({ status: 'CANCELED', canceledAt: now.toISOString(), holdUntil: null, reason, version: registration.version + 1 })
        .where(eq(registrations.id, registration.id))
        .returning();
      canceled.push(row);
      perClass.set(row.classId, (perClass.get(row.classId) ?? 0) + 1);
      if (registration.status === 'REGISTERED') await this.registrationCanceled(tx, row, reason, options.refund ?? true, now);
    }
    for (const classId of [...perClass.keys()].sort()) await this.deps.seats.giveBack(tx, changes, classId, perClass.get(classId)!, now);
    return canceled;
  }

  private async registrationCanceled(tx: Tx, row: RegistrationRow, reason: string, refundable: boolean, now: Date): Promise<void> {
    const [swimClass] = await tx.select({ startsAt: swimClasses.startsAt }).from(swimClasses).where(eq(swimClasses.id, row.classId));
    const refund: Money | null = refundable && Date.parse(swimClass.startsAt) > now.getTime() ? { amount: row.priceAmount, currency: row.currency } : null;
    await this.deps.outbox.add(tx, {
      type: ClassEvents.RegistrationCanceled,
      aggregateId: row.id,
      aggregateVersion: row.version,
      payload: { registrationId: row.id, accountId: row.accountId, classId: row.classId, orderId: row.orderId, refund, reason } satisfies RegistrationCanceledPayload,
    });
  }

  private async lockOne(tx: Tx, id: string): Promise<RegistrationRow> {
    const [row] = await tx.select().from(registrations).where(eq(registrations.id, id)).for('update');
    if (!row) throw notFound('Registration');
    return row;
  }

  /** The registration locked, if the actor may act on it; someone else's is as good as absent. */
  private async visible(tx: Tx, id: string, actor: Actor): Promise<RegistrationRow> {
    if (typeof id !== 'string' || !isUuid(id)) throw notFound('Registration');
    const row = await this.lockOne(tx, id);
    if (!actor.operator && row.accountId !== actor.accountId) throw notFound('Registration');
    return row;
  }
}

export function seatHold(row: Pick<RegistrationRow, 'id' | 'classId' | 'swimmerId' | 'cartId' | 'status' | 'priceAmount' | 'currency'>, title: string): SeatHold {
  return {
    registrationId: row.id,
    classId: row.classId,
    swimmerId: row.swimmerId,
    cartId: row.cartId,
    status: row.status as RegistrationStatus,
    price: { amount: row.priceAmount, currency: row.currency },
    title,
  };
}

function uuidOf(field: string, value: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw badInput(field, `${field} must be an id`);
  return value;
}

function classIdOf(value: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw notFound('Swim class');
  return value;
}

function cartIdOf(value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) throw badInput('cartId', 'cartId must be 1 to 100 characters');
  return value;
}

function orderIdOf(value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) throw badInput('orderId', 'orderId must be 1 to 100 characters');
  return value;
}

function idList(field: string, values: unknown): string[] {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw badInput(field, `${field} must be a list of ids`);
  return (values as string[]).filter(isUuid);
}
