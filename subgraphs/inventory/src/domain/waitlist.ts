import { and, eq, sql } from 'drizzle-orm';
import { anyUuid, badInput, isUuid, notFound, uuidv7, type Db, type SwimmerRef } from '@shop/platform';
import { registrations, waitlistEntries, type WaitlistRow } from '../db/schema.js';
import { seatOf } from './registration-status.js';
import type { SeatLedger } from './seats.js';

/** A WAITING entry with its place in the class's line (1 = next to be offered a seat). */
export type PlacedEntry = WaitlistRow & { position: number };

/**
 * The waitlist of full classes: a swimmer joins only when no seat is left and waits in line,
 * oldest first. Seats that come back are offered by the {@link SeatLedger}; this joins, leaves and
 * tells positions.
 */
export class WaitlistService {
  constructor(private readonly deps: { db: Db; seats: SeatLedger }) {}

  /**
   * Puts the swimmer (already checked to be the account's) in the class's line. Only when the
   * class is full and has not started (else `BAD_USER_INPUT` on `classId`); not when the swimmer
   * has a seat in it or already waits (`BAD_USER_INPUT` on `swimmerId`). The class row is locked,
   * so a seat coming back at the same moment is offered to this swimmer or seen as free.
   */
  async join(accountId: string, classId: string, swimmer: SwimmerRef): Promise<PlacedEntry> {
    if (typeof classId !== 'string' || !isUuid(classId)) throw notFound('Swim class');
    const entry = await this.deps.db.transaction(async (tx) => {
      const swimClass = (await this.deps.seats.lock(tx, [classId])).get(classId);
      if (!swimClass) throw notFound('Swim class');
      const now = new Date();
      if (Date.parse(swimClass.startsAt) <= now.getTime()) throw badInput('classId', 'This class has already started');
      if (swimClass.seatsRemain > 0) throw badInput('classId', 'This class has free seats: add it to the cart instead');
      const [seated] = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(seatOf(classId, swimmer.id));
      if (seated) throw badInput('swimmerId', 'This swimmer already has a seat in this class');
      const [waiting] = await tx
        .select({ id: waitlistEntries.id })
        .from(waitlistEntries)
        .where(and(eq(waitlistEntries.classId, classId), eq(waitlistEntries.swimmerId, swimmer.id), eq(waitlistEntries.status, 'WAITING')));
      if (waiting) throw badInput('swimmerId', 'This swimmer is already on the waitlist of this class');
      const at = now.toISOString();
      const [row] = await tx
        .insert(waitlistEntries)
        .values({ id: uuidv7(), classId, swimmerId: swimmer.id, accountId, swimmerName: swimmer.name, status: 'WAITING', joinedAt: at, updatedAt: at })
        .returning();
      return row;
    });
    const [placed] = await this.placed([entry.id]);
    return placed;
  }

  /** Takes the account's swimmer out of the class's line; `NOT_FOUND` when it is not waiting there. */
  async leave(accountId: string, classId: string, swimmerId: string): Promise<WaitlistRow> {
    if (![classId, swimmerId].every((id) => typeof id === 'string' && isUuid(id))) throw notFound('Waitlist entry');
    const [row] = await this.deps.db
      .update(waitlistEntries)
      .set({ status: 'LEFT', updatedAt: new Date().toISOString() })
      .where(
        and(
          eq(waitlistEntries.classId, classId),
          eq(waitlistEntries.swimmerId, swimmerId),
          eq(waitlistEntries.accountId, accountId),
          eq(waitlistEntries.status, 'WAITING'),
        ),
      )
      .returning();
    if (!row) throw notFound('Waitlist entry');
    return row;
  }

  /** The WAITING entries of the swimmers with their positions, oldest first; only the viewer's own unless `viewer` is null (operator). */
  async ofSwimmers(swimmerIds: readonly string[], viewer: string | null): Promise<PlacedEntry[]> {
    const valid = swimmerIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.deps.db
      .select({ id: waitlistEntries.id })
      .from(waitlistEntries)
      .where(and(anyUuid(waitlistEntries.swimmerId, valid), eq(waitlistEntries.status, 'WAITING'), viewer ? eq(waitlistEntries.accountId, viewer) : undefined));
    return this.placed(rows.map((r) => r.id));
  }

  /** Entries by id with their position: how many WAITING entries of the class joined before, plus one. */
  private async placed(ids: string[]): Promise<PlacedEntry[]> {
    if (ids.length === 0) return [];
    const ahead = this.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(sql`${waitlistEntries} as ahead`)
      .where(
        sql`ahead.class_id = ${waitlistEntries.classId} and ahead.status = 'WAITING' and (ahead.joined_at, ahead.id) < (${waitlistEntries.joinedAt}, ${waitlistEntries.id})`,
      );
    const rows = await this.deps.db
      .select({ entry: waitlistEntries, ahead: sql<number>`(${ahead})` })
      .from(waitlistEntries)
      .where(anyUuid(waitlistEntries.id, ids))
      .orderBy(waitlistEntries.joinedAt, waitlistEntries.id);
    return rows.map((r) => ({ ...r.entry, position: Number(r.ahead) + 1 }));
  }
}
