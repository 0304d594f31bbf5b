import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import {
  AppError,
  ClassEvents,
  ErrorCode,
  LiveChannels,
  notFound,
  SqlStatement,
  Statement,
  uuidv7,
  type Db,
  type Logger,
  type Outbox,
  type PubSub,
  type Queryable,
  type SeatsChangedPayload,
  type SeatsPointer,
  type Tx,
  type WaitlistOfferedPayload,
} from '@shop/platform';
import { registrations, swimClasses, waitlistEntries, type SwimClassRow } from '../db/schema.js';
import { seatOf } from './registration-status.js';

/**
 * One seat of the class (placeholder `classId`) taken if one is left and `also` holds (C7: no
 * overbooking): the conditional decrement, returning the class; no row when none was taken.
 */
const takeOneSeat = (db: Db, also?: SQL) =>
  db
    .update(swimClasses)
    .set({ seatsRemain: sql`${swimClasses.seatsRemain} - 1`, version: sql`${swimClasses.version} + 1` })
    .where(and(eq(swimClasses.id, sql.placeholder('classId')), gt(swimClasses.seatsRemain, 0), also))
    .returning();

const takeSeat = new Statement((db) => takeOneSeat(db));

/** The swimmer (placeholder `swimmerId`) leaves the class's waitlist when `also` holds: a seat came another way, at `at`. */
const leaveWaitlistOf = (db: Db, also?: SQL) =>
  db
    .update(waitlistEntries)
    .set({ status: 'LEFT', updatedAt: sql`${sql.placeholder('at')}` })
    .where(
      and(
        eq(waitlistEntries.classId, sql.placeholder('classId')),
        eq(waitlistEntries.swimmerId, sql.placeholder('swimmerId')),
        eq(waitlistEntries.status, 'WAITING'),
        also,
      ),
    );

const leaveWaitlist = new Statement((db) => leaveWaitlistOf(db));

/** A registration as {@link SeatLedger.hold} reads it: what a {@link SeatHold} is made of. */
export interface HoldRegistration {
  id: string;
  classId: string;
  swimmerId: string;
  cartId: string | null;
  status: string;
  priceAmount: number;
  currency: string;
}

/** What {@link SeatLedger.hold} found and did; `held` only when it took the seat. */
export interface HoldOutcome {
  /** The registration that already owns the swimmer's seat of the class, with the class's title. */
  existing: (HoldRegistration & { title: string }) | null;
  swimClass: { id: string; title: string; startsAt: string; seatsRemain: number } | null;
  held: (HoldRegistration & { seatsRemain: number }) | null;
}

const registrationJson = (r: string) =>
  sql.raw(
    `jsonb_build_object('id', ${r}.id, 'classId', ${r}.class_id, 'swimmerId', ${r}.swimmer_id, 'cartId', ${r}.cart_id, 'status', ${r}.status, 'priceAmount', ${r}.price_amount, 'currency', ${r}.currency)`,
  );

/** The classes whose seat count a transaction changed, announced on pub/sub once it commits. */
export class SeatChanges {
  private readonly latest = new Map<string, SeatsPointer>();

  note(row: Pick<SwimClassRow, 'id' | 'seatsRemain' | 'version'>): void {
    this.latest.set(row.id, { classId: row.id, seatsRemain: row.seatsRemain, version: row.version });
  }

  get pointers(): SeatsPointer[] {
    return [...this.latest.values()];
  }
}

export interface SeatLedgerDeps {
  outbox: Outbox;
  pubsub: PubSub;
  log: Logger;
  /** How long a seat offered from the waitlist stays held for the swimmer (WAITLIST_HOLD_MS). */
  waitlistHoldMs: number;
}

/**
 * The seats of classes (C1, C7): the one place that takes and gives them back, so the invariant
 * `seatsRemain + held + registered = seatsTotal` (with `seatsRemain >= 0`, a CHECK) holds after
 * every transaction. A seat is taken with a conditional update, never by reading then writing; a
 * seat that comes back goes first to the next swimmer on the class's waitlist, as a held offer,
 * and only when nobody waits back to `seatsRemain`. Every change of `seatsRemain` writes a
 * SeatsChanged event in the same transaction and is announced live after commit.
 */
export class SeatLedger {
  constructor(private readonly deps: SeatLedgerDeps) {}

  /** Runs `fn` in one transaction; after it commits, announces the seat counts it changed. */
  async transaction<T>(fn: (tx: Tx, changes: SeatChanges) => Promise<T>): Promise<T> {
    const changes = new SeatChanges();
    const result = await this.deps.outbox.transaction((tx) => fn(tx, changes));
    await this.announce(changes.pointers);
    return result;
  }

  /** Live pointers for `classSeatsChanged`; pub/sub is best effort, the SeatsChanged events are the record. */
  async announce(pointers: SeatsPointer[]): Promise<void> {
    for (const pointer of pointers) {
      await this.deps.pubsub
        .publish(LiveChannels.classSeats(pointer.classId), JSON.stringify(pointer))
        .catch((err: unknown) => this.deps.log.warn({ err, classId: pointer.classId }, 'seat change not announced'));
    }
  }

  /** The current seat counts of classes, for announcing changes made where no ledger transaction ran. */
  async current(db: Queryable, classIds: readonly string[]): Promise<SeatsPointer[]> {
    if (classIds.length === 0) return [];
    const rows = await db
      .select({ id: swimClasses.id, seatsRemain: swimClasses.seatsRemain, version: swimClasses.version })
      .from(swimClasses)
      .where(inArray(swimClasses.id, [...classIds]));
    return rows.map((r) => ({ classId: r.id, seatsRemain: r.seatsRemain, version: r.version }));
  }

  /** Locks the classes' rows in id order (concurrent multi-class changes cannot deadlock); missing ones are absent. */
  async lock(tx: Tx, classIds: readonly string[]): Promise<Map<string, SwimClassRow>> {
    const rows = await tx
      .select()
      .from(swimClasses)
      .where(inArray(swimClasses.id, [...new Set(classIds)]))
      .orderBy(asc(swimClasses.id))
      .for('update');
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Phase 1 of a class registration in one statement (no transaction of its own, one round trip):
   * unless the swimmer already owns a seat of the class, and while the class has not started,
   * takes one seat with the conditional decrement, writes the HELD registration for the cart,
   * takes the swimmer off the class's waitlist and writes the SeatsChanged event. What it finds
   * tells the caller which answer to give; the seat count is announced live, and the outbox's
   * relay poked, after it.
   */
  async hold(db: Queryable, input: { registrationId: string; classId: string; swimmerId: string; accountId: string; swimmerName: string; cartId: string; at: Date }): Promise<HoldOutcome> {
    // The event's envelope; its aggregate version and payload come from the decrement itself.
    const [event] = this.deps.outbox.records({ type: ClassEvents.SeatsChanged, aggregateId: input.classId, aggregateVersion: 0, payload: {} }).envelopes;
    const [outcome] = await this.holdStatement.run(db, {
      registrationId: input.registrationId,
      classId: input.classId,
      swimmerId: input.swimmerId,
      accountId: input.accountId,
      swimmerName: input.swimmerName,
      cartId: input.cartId,
      at: input.at.toISOString(),
      event: JSON.stringify(event),
    });
    if (outcome.held) {
      this.deps.outbox.poke();
      await this.announce([{ classId: input.classId, seatsRemain: outcome.held.seatsRemain, version: outcome.version! }]);
    }
    return { existing: outcome.existing, swimClass: outcome.swimClass, held: outcome.held };
  }

  private readonly holdStatement = new SqlStatement<Omit<HoldOutcome, 'held'> & { held: HoldOutcome['held']; version: number | null }>(
    (db) => sql`with existing as (
        select ${registrations}.*, ${swimClasses.title} as title
        from ${registrations} join ${swimClasses} on ${swimClasses.id} = ${registrations.classId}
        where ${seatOf(sql.placeholder('classId'), sql.placeholder('swimmerId'))}
      ),
      class as (
        select id, title, starts_at, seats_remain from ${swimClasses} where id = ${sql.placeholder('classId')}::uuid
      ),
      -- drizzle renders a query inside sql in parentheses: those of the CTE.
      taken as ${takeOneSeat(db, sql`${swimClasses.startsAt} > ${sql.placeholder('at')}::timestamptz and not exists (select 1 from existing)`)},
      held as (
        insert into ${registrations} (id, class_id, swimmer_id, account_id, swimmer_name, cart_id, status, price_amount, currency, held_at)
        select ${sql.placeholder('registrationId')}::uuid, id, ${sql.placeholder('swimmerId')}::uuid, ${sql.placeholder('accountId')}::uuid,
          ${sql.placeholder('swimmerName')}::text, ${sql.placeholder('cartId')}::text, 'HELD', price_amount, currency, ${sql.placeholder('at')}::timestamptz
        from taken
        returning *
      ),
      left_line as ${leaveWaitlistOf(db, sql`exists (select 1 from held)`)},
      event as (
        ${this.deps.outbox.insertSql(
          sql`(select jsonb_agg(${sql.placeholder('event')}::jsonb || jsonb_build_object('aggregateVersion', version, 'payload',
              jsonb_build_object('classId', id, 'seatsTotal', seats_total, 'seatsRemain', seats_remain))) from taken)`,
        )}
      )
      select (select ${registrationJson('existing')} || jsonb_build_object('title', existing.title) from existing) as existing,
        (select jsonb_build_object('id', id, 'title', title, 'startsAt', starts_at, 'seatsRemain', seats_remain) from class) as "swimClass",
        (select ${registrationJson('held')} || jsonb_build_object('seatsRemain', taken.seats_remain) from held, taken) as held,
        (select version from taken) as version`,
  );

  /** Takes one seat of the class at once: `CLASS_FULL` when none is left, `NOT_FOUND` when there is no such class. */
  async take(tx: Tx, changes: SeatChanges, classId: string): Promise<SwimClassRow> {
    const [row] = await takeSeat.run(tx, { classId });
    if (!row) {
      const [exists] = await tx.select({ id: swimClasses.id }).from(swimClasses).where(eq(swimClasses.id, classId));
      if (!exists) throw notFound('Swim class');
      throw new AppError(ErrorCode.CLASS_FULL, 'No seat is left in this class', { classId });
    }
    await this.seatsChanged(tx, changes, row);
    return row;
  }

  /**
   * Gives `count` seats of the class back (their registrations are already cancelled or moved
   * in `tx`). While the class has not started, each goes to the first WAITING swimmer as a HELD
   * registration with no cart and a `holdUntil` (WaitlistOffered); the rest return to
   * `seatsRemain`.
   */
  async giveBack(tx: Tx, changes: SeatChanges, classId: string, count: number, now = new Date()): Promise<void> {
    if (count <= 0) return;
    const swimClass = (await this.lock(tx, [classId])).get(classId);
    if (!swimClass) throw notFound('Swim class');
    let free = count;
    if (Date.parse(swimClass.startsAt) > now.getTime()) {
      while (free > 0 && (await this.offerToNext(tx, swimClass, now))) free--;
    }
    if (free === 0) return;
    const [row] = await tx
      .update(swimClasses)
      .set({ seatsRemain: sql`${swimClasses.seatsRemain} + ${free}`, version: sql`${swimClasses.version} + 1` })
      .where(eq(swimClasses.id, classId))
      .returning();
    await this.seatsChanged(tx, changes, row);
  }

  /**
   * Offers one seat to the first swimmer waiting for the class (the class row is locked by the
   * caller). A waiting swimmer who meanwhile got a seat another way leaves the line and the next
   * one is asked. False when nobody waits.
   */
  private async offerToNext(tx: Tx, swimClass: SwimClassRow, now: Date): Promise<boolean> {
    for (;;) {
      const [entry] = await tx
        .select()
        .from(waitlistEntries)
        .where(and(eq(waitlistEntries.classId, swimClass.id), eq(waitlistEntries.status, 'WAITING')))
        .orderBy(asc(waitlistEntries.joinedAt), asc(waitlistEntries.id))
        .limit(1)
        .for('update');
      if (!entry) return false;
      const [seated] = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(seatOf(swimClass.id, entry.swimmerId));
      const at = now.toISOString();
      if (seated) {
        await tx.update(waitlistEntries).set({ status: 'LEFT', updatedAt: at }).where(eq(waitlistEntries.id, entry.id));
        continue;
      }
      const holdUntil = new Date(now.getTime() + this.deps.waitlistHoldMs).toISOString();
      const [offer] = await tx
        .insert(registrations)
        .values({
          id: uuidv7(),
          classId: swimClass.id,
          swimmerId: entry.swimmerId,
          accountId: entry.accountId,
          swimmerName: entry.swimmerName,
          cartId: null,
          status: 'HELD',
          priceAmount: swimClass.priceAmount,
          currency: swimClass.currency,
          heldAt: at,
          holdUntil,
          reason: 'offered from the waitlist',
        })
        .returning();
      await tx.update(waitlistEntries).set({ status: 'OFFERED', registrationId: offer.id, updatedAt: at }).where(eq(waitlistEntries.id, entry.id));
      await this.deps.outbox.add(tx, {
        type: ClassEvents.WaitlistOffered,
        aggregateId: offer.id,
        aggregateVersion: offer.version,
        payload: {
          accountId: offer.accountId,
          registrationId: offer.id,
          classId: swimClass.id,
          swimmerId: offer.swimmerId,
          swimmerName: offer.swimmerName,
          classTitle: swimClass.title,
          holdUntil,
        } satisfies WaitlistOfferedPayload,
      });
      return true;
    }
  }

  /** A swimmer who got a seat of the class no longer waits for one. */
  async leaveLine(tx: Tx, classId: string, swimmerId: string, now = new Date()): Promise<void> {
    await leaveWaitlist.run(tx, { classId, swimmerId, at: now.toISOString() });
  }

  private async seatsChanged(tx: Tx, changes: SeatChanges, row: SwimClassRow): Promise<void> {
    changes.note(row);
    await this.deps.outbox.add(tx, {
      type: ClassEvents.SeatsChanged,
      aggregateId: row.id,
      aggregateVersion: row.version,
      payload: { classId: row.id, seatsTotal: row.seatsTotal, seatsRemain: row.seatsRemain } satisfies SeatsChangedPayload,
    });
  }
}
