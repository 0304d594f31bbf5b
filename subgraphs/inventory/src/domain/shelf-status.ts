import type { ShelfRow } from '../db/schema.js';

export type ShelfStatus = 'SCHEDULED' | 'ON_SHELF' | 'ENDED' | 'OFF_SHELF';

/**
 * Where a shelf stands at `now`. Computed at read time from the window, so no job has to move
 * shelves between states when their start or end passes.
 */
export function shelfStatus(shelf: Pick<ShelfRow, 'startsAt' | 'endsAt' | 'takenOffAt'>, now = Date.now()): ShelfStatus {
  if (shelf.takenOffAt) return 'OFF_SHELF';
  if (now < Date.parse(shelf.startsAt)) return 'SCHEDULED';
  if (shelf.endsAt && now >= Date.parse(shelf.endsAt)) return 'ENDED';
  return 'ON_SHELF';
}

export const isOnShelf = (shelf: Pick<ShelfRow, 'startsAt' | 'endsAt' | 'takenOffAt'> | null | undefined, now = Date.now()) =>
  shelf != null && shelfStatus(shelf, now) === 'ON_SHELF';
