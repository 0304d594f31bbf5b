import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import {
  AppError,
  ClassEvents,
  ErrorCode,
  LiveChannels,
  notFound,
  Statement,
  uuidv7,
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

/** One seat of the class taken if one is left (no row: none was, or no such class). */
const takeSeat = new Statement((db) =>
  db
    .update(swimClasses)
    .set({ seatsRemain: sql`${swimClasses.seatsRemain} - 1`, version: sql`${swimClasses.version} + 1` })
    .where(and(eq(swimClasses.id, sql.placeholder('classId')), gt(swimClasses.seatsRemain, 0)))
    .returning(),
);

/** The swimmer leaves the class's waitlist (a seat came another way). */
const leaveWaitlist = new Statement((db) =>
  db
    .update(waitlistEntries)
    .set({ status: 'LEFT', updatedAt: sql`${sql.placeholder('at')}` })
    .where(
      and(
        eq(waitlistEntries.classId, sql.placeholder('classId')),
        eq(waitlistEntries.swimmerId, sql.placeholder('swimmerId')),
        eq(waitlistEntries.status, 'WAITING'),
      ),
    ),
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
