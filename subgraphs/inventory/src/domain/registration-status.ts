import { and, eq, inArray, type Placeholder, type SQL } from 'drizzle-orm';
import { AppError, ErrorCode } from '@shop/platform';
import { registrations } from '../db/schema.js';

/** Where a swimmer's seat in a class stands (ARCHITECTURE.md "Registration"). */
export type RegistrationStatus = 'HELD' | 'REGISTERED' | 'CANCELED';

/** Statuses that own a seat of their class: `seatsRemain + held + registered = seatsTotal`. */
export const SEAT_OWNING: readonly RegistrationStatus[] = ['HELD', 'REGISTERED'];

/** The registration that owns the swimmer's seat of the class (at most one: a swimmer has one seat per class). */
export function seatOf(classId: string | Placeholder, swimmerId: string | Placeholder): SQL {
  return and(eq(registrations.classId, classId), eq(registrations.swimmerId, swimmerId), inArray(registrations.status, [...SEAT_OWNING]))!;
}

/**
 * The registration state machine as a transition table: a held seat is paid for (REGISTERED) or
 * given back (CANCELED: released, lapsed, orphaned); a registration is cancelled once. Moving to
 * another class keeps the status, so it is no transition.
 */
export const REGISTRATION_TRANSITIONS: Readonly<Record<RegistrationStatus, readonly RegistrationStatus[]>> = {
  HELD: ['REGISTERED', 'CANCELED'],
  REGISTERED: ['CANCELED'],
  CANCELED: [],
};

export function canMove(from: RegistrationStatus, to: RegistrationStatus): boolean {
  return REGISTRATION_TRANSITIONS[from].includes(to);
}

/** INVALID_STATE unless the table allows `from -> to`. */
export function assertMove(from: RegistrationStatus, to: RegistrationStatus): void {
  if (!canMove(from, to)) throw new AppError(ErrorCode.INVALID_STATE, `A ${from.toLowerCase()} registration cannot become ${to.toLowerCase()}`);
}
